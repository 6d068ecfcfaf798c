import type { Role, UserStatus } from './roles';

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
  organisation: string;
  sector: string;
  country: string;
  /** Why the applicant wants to join: required, except with an `invitation`. */
  statement?: string;
  /**
   * The token of an invitation (from its email link): the account is approved at once when
   * the token is valid and `email` is the address it was sent to.
   */
  invitation?: string;
}
export interface RegisterResponse {
  id: string;
  /**
   * `approved` when an invitation let the applicant in. An auto-approved email domain approves
   * only once the address is verified (`POST /auth/verify-email`).
   */
  status: 'pending' | 'approved';
  /** True only when an invitation proved the address; otherwise a link was mailed. */
  emailVerified: boolean;
}
export interface LoginRequest {
  email: string;
  password: string;
}
export interface UserResponse {
  id: string;
  email: string;
  name: string;
  organisation: string;
  sector: string;
  country: string;
  /** The statement sent with the application. */
  statement: string;
  status: UserStatus;
  /** Effective roles: `['applicant']` while pending; `member` plus any granted staff roles once approved. */
  roles: Role[];
  rejectionReason: string | null;
  createdAt: string;
  /** The address was proved (a link followed, an invitation, a provider's verified email). */
  emailVerified: boolean;
  /** The second factors on the account. */
  mfa: { totp: boolean; passkeys: number };
  /** A role that needs a second factor is held without one: enrol before anything else. */
  mfaEnrolmentRequired: boolean;
  /** The password was generated for this account: it must be changed before anything else. */
  passwordChangeRequired: boolean;
}
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserResponse;
}

/** The first step of a sign-in whose account has a second factor: no access token yet. */
export interface MfaChallengeResponse {
  mfaRequired: true;
  /** Names the pending sign-in for `POST /auth/login/mfa` (single use, 5 minutes). */
  mfaToken: string;
  methods: MfaMethod[];
}
export type MfaMethod = 'totp' | 'recovery' | 'passkey';
export type LoginResult = LoginResponse | MfaChallengeResponse;

export interface LoginMfaRequest {
  mfaToken: string;
  /** A 6-digit code from the authenticator app, or a recovery code. */
  code: string;
}

export interface VerifyEmailRequest {
  token: string;
}
export interface VerifyEmailResponse {
  emailVerified: true;
  status: UserStatus;
  /** The address now proved (the new one after an email change). */
  email: string;
}
export interface ForgotPasswordRequest {
  email: string;
}
export interface ResetPasswordRequest {
  token: string;
  password: string;
}
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
export interface ChangeEmailRequest {
  email: string;
  /** The account's password (or, without one, a fresh second factor through step-up). */
  password?: string;
}
/** 202: a link went to the new address; the old one was told. */
export interface ChangeEmailResponse {
  pendingEmail: string;
}

/** The rules a new password must meet, for the SPA's meter (the server decides). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn's score a new password must reach (0–4): 3 is about 10^8 guesses. */
export const PASSWORD_MIN_SCORE = 3;

export interface TotpSetupResponse {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/… for a QR code. */
  otpauthUrl: string;
}
export interface CodeRequest {
  code: string;
}
export interface RecoveryCodesResponse {
  /** Ten single-use codes, shown once. */
  recoveryCodes: string[];
}

export interface StepUpRequest {
  /** A TOTP or recovery code. */
  code?: string;
  /** A passkey assertion (from `POST /auth/passkeys/login/options` with `stepUp: true`). */
  passkey?: unknown;
  /** Only for an account with no second factor at all. */
  password?: string;
}
export interface StepUpResponse {
  accessToken: string;
  expiresIn: number;
  /** When the fresh factor stops counting (5 minutes). */
  stepUpUntil: string;
}

export interface PasskeyResponse {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}
/** `POST /auth/passkeys`: the passkey; with the account's first factor, ten recovery codes too. */
export interface PasskeyRegisterResponse extends PasskeyResponse {
  recoveryCodes?: string[];
}
/**
 * `POST /auth/passkeys/options` and `POST /auth/passkeys/login/options`: what the browser's
 * WebAuthn call takes (the JSON of `PublicKeyCredentialCreationOptions` or
 * `PublicKeyCredentialRequestOptions`), and the token naming the server's copy of its
 * challenge (single use, 5 minutes), to send back with the browser's answer.
 */
export interface PasskeyOptionsResponse<Options = unknown> {
  options: Options;
  challengeToken: string;
}
/** `POST /auth/passkeys`: the browser's registration answer, and a name for the passkey. */
export interface PasskeyRegisterRequest {
  /** `RegistrationResponseJSON` (what `startRegistration` returns). */
  response: unknown;
  /** 1–60 characters of plain text ("Laptop", "YubiKey"). */
  name: string;
  challengeToken: string;
}
/**
 * `POST /auth/passkeys/login/options`: nothing for a sign-in without a password (any passkey
 * of the site); `mfaToken` for the second step of a password sign-in; `stepUp` (signed in)
 * to confirm it is you (`POST /auth/step-up { passkey }`).
 */
export interface PasskeyLoginOptionsRequest {
  mfaToken?: string;
  stepUp?: boolean;
}
/** `POST /auth/passkeys/login`: answers like `POST /auth/login` with a session. */
export interface PasskeyLoginRequest {
  /** `AuthenticationResponseJSON` (what `startAuthentication` returns). */
  response: unknown;
  challengeToken: string;
  /** The pending sign-in, when the passkey is its second step. */
  mfaToken?: string;
}
/** The `passkey` of `POST /auth/step-up`: an assertion for a `stepUp: true` challenge. */
export interface PasskeyAssertion {
  response: unknown;
  challengeToken: string;
}

export interface SsoProviderResponse {
  id: string;
  label: string;
  domains: string[];
}
/** `GET /auth/sso` (with `?email=`: only the providers whose domains match that address). */
export interface SsoProvidersResponse {
  items: SsoProviderResponse[];
}
/**
 * Why a single sign-on did not finish, as `GET /auth/sso/:id/callback` names it in its
 * redirect to the SPA's `/sso/complete?error=<code>`.
 */
export const SSO_ERROR_CODES = [
  'SSO_FAILED',
  'SSO_EMAIL_UNVERIFIED',
  'SSO_DOMAIN_NOT_ALLOWED',
  'ACCOUNT_DISABLED',
  'RATE_LIMITED',
] as const;
export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];
/** The SPA route a single sign-on ends on: `?returnTo=` when signed in, `?error=` when not. */
export const SSO_COMPLETE_PATH = '/sso/complete';
/**
 * A place in the SPA to return to after signing in: a path on the same origin (not `//host`,
 * no backslashes, spaces or control characters), not the API, at most 512 characters.
 */
export function isSafeReturnPath(path: string): boolean {
  return (
    path.length <= 512 &&
    // eslint-disable-next-line no-control-regex
    /^\/(?![/\\])[^\\\u0000-\u0020\u007f]*$/.test(path) &&
    !/^\/api(?:[/?#]|$)/.test(path)
  );
}

export interface SessionResponse {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  /** How it began: `password`, `password+totp`, `passkey`, `sso:<provider>`… */
  method: string;
}
