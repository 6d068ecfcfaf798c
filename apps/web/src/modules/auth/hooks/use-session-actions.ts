import { useMutation } from '@tanstack/react-query';
import type { LoginRequest, RegisterRequest, RegisterResponse } from '@contracts';
import { endSession, startSession } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { stopRealtime } from '@web/lib/socket';
import { queryKeys } from '@web/lib/query-keys';
import { login, logout, register } from '../api/auth-api';

export function useSignIn() {
  return useMutation({
    mutationFn: (request: LoginRequest) => login(request),
    onSuccess: (response) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
      queryClient.setQueryData(queryKeys.me, response.user);
      startSession(response);
    },
  });
}

export interface ApplyResult {
  /** `approved` when an invitation or an auto-approved email domain let the applicant in. */
  status: RegisterResponse['status'];
  /** False when the account was made but the automatic sign-in did not work. */
  signedIn: boolean;
}

/** Applies (`POST /api/auth/register`) and then signs the applicant in. */
export function useApply() {
  return useMutation({
    mutationFn: async (request: RegisterRequest): Promise<ApplyResult> => {
      const { status } = await register(request);
      try {
        const response = await login({ email: request.email, password: request.password });
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
        queryClient.setQueryData(queryKeys.me, response.user);
        startSession(response);
        return { status, signedIn: true };
      } catch {
        return { status, signedIn: false };
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
