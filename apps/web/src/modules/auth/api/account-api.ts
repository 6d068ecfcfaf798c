import type {
  ChangeEmailRequest,
  ChangeEmailResponse,
  ChangePasswordRequest,
  CodeRequest,
  ForgotPasswordRequest,
  LoginMfaRequest,
  LoginResponse,
  RecoveryCodesResponse,
  ResetPasswordRequest,
  SessionResponse,
  StepUpRequest,
  StepUpResponse,
  TotpSetupResponse,
  VerifyEmailRequest,
  VerifyEmailResponse,
} from '@contracts';
import { api } from '@web/lib/api';

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
export function loginMfa(request: LoginMfaRequest): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login/mfa', request, { retryOnUnauthorized: false });
}

export function verifyEmail(request: VerifyEmailRequest): Promise<VerifyEmailResponse> {
  return api.post<VerifyEmailResponse>('/auth/verify-email', request, {
    retryOnUnauthorized: false,
  });
}

/** A new link to the signed-in user's own address (202). */
export function resendVerification(): Promise<void> {
  return api.post<void>('/auth/verify-email/resend');
}

export function changeEmail(request: ChangeEmailRequest): Promise<ChangeEmailResponse> {
  return api.post<ChangeEmailResponse>('/auth/email/change', request);
}

/** 202 whether or not the account exists. */
export function forgotPassword(request: ForgotPasswordRequest): Promise<void> {
  return api.post<void>('/auth/password/forgot', request, { retryOnUnauthorized: false });
}

export function resetPassword(request: ResetPasswordRequest): Promise<void> {
  return api.post<void>('/auth/password/reset', request, { retryOnUnauthorized: false });
}

export function changePassword(request: ChangePasswordRequest): Promise<void> {
  return api.post<void>('/auth/password/change', request);
}

export function startTotpSetup(): Promise<TotpSetupResponse> {
  return api.post<TotpSetupResponse>('/auth/mfa/totp');
}

export function confirmTotp(request: CodeRequest): Promise<RecoveryCodesResponse> {
  return api.post<RecoveryCodesResponse>('/auth/mfa/totp/confirm', request);
}

export function removeTotp(request: CodeRequest): Promise<void> {
  return api.delete<void>('/auth/mfa/totp', request);
}

/** With a current code, or none after a step-up (the server asks for one: 401 STEP_UP_REQUIRED). */
export function newRecoveryCodes(request: Partial<CodeRequest>): Promise<RecoveryCodesResponse> {
  return api.post<RecoveryCodesResponse>('/auth/mfa/recovery-codes', request);
}

export function stepUp(request: StepUpRequest): Promise<StepUpResponse> {
  return api.post<StepUpResponse>('/auth/step-up', request);
}

export function listSessions(signal?: AbortSignal): Promise<{ items: SessionResponse[] }> {
  return api.get<{ items: SessionResponse[] }>('/auth/sessions', undefined, signal);
}

export function endSessionById(id: string): Promise<void> {
  return api.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`);
}

export function endOtherSessions(): Promise<{ ended: number }> {
  return api.delete<{ ended: number }>('/auth/sessions');
}
