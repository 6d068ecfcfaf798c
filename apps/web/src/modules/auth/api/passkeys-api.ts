import type {
  LoginResponse,
  PasskeyLoginOptionsRequest,
  PasskeyLoginRequest,
  PasskeyOptionsResponse,
  PasskeyRegisterRequest,
  PasskeyRegisterResponse,
  PasskeyResponse,
} from '@contracts';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { api } from '@web/lib/api';

/**
 * Passkeys (WebAuthn): the API calls, and the browser ceremonies around them. The WebAuthn
 * helper (`@simplewebauthn/browser`) is loaded only when a ceremony starts.
 */

export function listPasskeys(signal?: AbortSignal): Promise<{ items: PasskeyResponse[] }> {
  return api.get<{ items: PasskeyResponse[] }>('/auth/passkeys', undefined, signal);
}

/** `POST /auth/passkeys/options` (may answer 401 STEP_UP_REQUIRED). */
export function registrationOptions(): Promise<
  PasskeyOptionsResponse<PublicKeyCredentialCreationOptionsJSON>
> {
  return api.post<PasskeyOptionsResponse<PublicKeyCredentialCreationOptionsJSON>>(
    '/auth/passkeys/options',
  );
}

/**
 * `POST /auth/passkeys` (may answer 401 STEP_UP_REQUIRED). The account's first second factor
 * comes with `recoveryCodes`, shown once.
 */
export function registerPasskey(request: PasskeyRegisterRequest): Promise<PasskeyRegisterResponse> {
  return api.post<PasskeyRegisterResponse>('/auth/passkeys', request);
}

/** `DELETE /auth/passkeys/:id` (may answer 401 STEP_UP_REQUIRED or 409 LAST_FACTOR). */
export function removePasskey(id: string): Promise<void> {
  return api.delete<void>(`/auth/passkeys/${encodeURIComponent(id)}`);
}

export function passkeyLoginOptions(
  request: PasskeyLoginOptionsRequest,
): Promise<PasskeyOptionsResponse<PublicKeyCredentialRequestOptionsJSON>> {
  return api.post<PasskeyOptionsResponse<PublicKeyCredentialRequestOptionsJSON>>(
    '/auth/passkeys/login/options',
    request,
    { retryOnUnauthorized: false },
  );
}

export function passkeyLogin(request: PasskeyLoginRequest): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/passkeys/login', request, {
    retryOnUnauthorized: false,
  });
}

/** Whether this browser can use passkeys at all. */
export function webAuthnAvailable(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/**
 * The browser's side of adding a passkey: a challenge from the server, then the browser's
 * prompt. Nothing is kept yet: `registerPasskey` with a name does that.
 */
export async function createPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  return startRegistration({ optionsJSON: options });
}

/**
 * Signs in with a passkey: alone (any passkey of this site), or, with `mfaToken`, as the
 * second step of a password sign-in. Answers like `POST /auth/login` with a session.
 */
export async function signInWithPasskey(mfaToken?: string): Promise<LoginResponse> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const { options, challengeToken } = await passkeyLoginOptions(
    mfaToken === undefined ? {} : { mfaToken },
  );
  const response = await startAuthentication({ optionsJSON: options });
  return passkeyLogin(
    mfaToken === undefined ? { response, challengeToken } : { response, challengeToken, mfaToken },
  );
}

/** The user closed the browser's passkey prompt, or it timed out. */
export function isCeremonyCancelled(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'NotAllowedError' ||
      error.name === 'AbortError' ||
      (error as { code?: string }).code === 'ERROR_CEREMONY_ABORTED')
  );
}

/** The authenticator already holds a passkey of this account (excluded at registration). */
export function isAlreadyRegistered(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
  );
}
