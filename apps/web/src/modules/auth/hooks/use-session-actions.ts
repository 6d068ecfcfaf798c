import { useMutation } from '@tanstack/react-query';
import type {
  LoginMfaRequest,
  LoginRequest,
  LoginResponse,
  LoginResult,
  MfaChallengeResponse,
  RegisterRequest,
  RegisterResponse,
} from '@contracts';
import { endSession, startSession } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { stopRealtime } from '@web/lib/socket';
import { queryKeys } from '@web/lib/query-keys';
import { loginMfa } from '../api/account-api';
import { login, logout, register } from '../api/auth-api';

export function isMfaChallenge(result: LoginResult): result is MfaChallengeResponse {
  return 'mfaRequired' in result && result.mfaRequired;
}

/** A new session (after a sign-in of either step): no cached data of anyone before. */
export function beginSession(response: LoginResponse): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
  queryClient.setQueryData(queryKeys.me, response.user);
  startSession(response);
}

/** `POST /api/auth/login`: a session, or (with a second factor) the challenge for step two. */
export function useSignIn() {
  return useMutation({
    mutationFn: (request: LoginRequest) => login(request),
    onSuccess: (result) => {
      if (!isMfaChallenge(result)) beginSession(result);
    },
  });
}

/** `POST /api/auth/login/mfa`: the second step, with a TOTP or a recovery code. */
export function useSignInMfa() {
  return useMutation({
    mutationFn: (request: LoginMfaRequest) => loginMfa(request),
    onSuccess: (response) => beginSession(response),
  });
}

export interface ApplyResult {
  /** `approved` when an invitation or an auto-approved email domain let the applicant in. */
  status: RegisterResponse['status'];
  /** False when a link was mailed to prove the address (true with an invitation). */
  emailVerified: boolean;
  /** False when the account was made but the automatic sign-in did not work. */
  signedIn: boolean;
}

/** Applies (`POST /api/auth/register`) and then signs the applicant in. */
export function useApply() {
  return useMutation({
    mutationFn: async (request: RegisterRequest): Promise<ApplyResult> => {
      const { status, emailVerified } = await register(request);
      try {
        const response = await login({ email: request.email, password: request.password });
        // A new account has no second factor yet; if it somehow had, sign in on the page.
        if (isMfaChallenge(response)) return { status, emailVerified, signedIn: false };
        beginSession(response);
        return { status, emailVerified, signedIn: true };
      } catch {
        return { status, emailVerified, signedIn: false };
      }
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      // Close the socket first: the server's `session.ended` is for sessions ended elsewhere.
      stopRealtime();
      try {
        await logout();
      } catch {
        // Signed out locally whatever the server says.
      }
    },
    onSettled: () => {
      endSession(null);
    },
  });
}
