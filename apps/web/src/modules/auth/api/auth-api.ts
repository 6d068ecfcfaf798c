import type {
  LoginRequest,
  LoginResult,
  RegisterRequest,
  RegisterResponse,
  UserResponse,
} from '@contracts';
import { api } from '@web/lib/api';

/**
 * `GET /api/auth/me`. The applicant's statement is shown back to them on the pending page
 * when the server includes it (it is not part of `UserResponse`).
 */
export type MeResponse = UserResponse & { statement?: string };

export function register(request: RegisterRequest): Promise<RegisterResponse> {
  return api.post<RegisterResponse>('/auth/register', request, { retryOnUnauthorized: false });
}

/** A session, or `{ mfaRequired, mfaToken, methods }` when the account has a second factor. */
export function login(request: LoginRequest): Promise<LoginResult> {
  return api.post<LoginResult>('/auth/login', request, { retryOnUnauthorized: false });
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined, { retryOnUnauthorized: false });
}

export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return api.get<MeResponse>('/auth/me', undefined, signal);
}
