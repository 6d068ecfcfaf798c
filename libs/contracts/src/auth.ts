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
  /** `approved` when an invitation or an auto-approved email domain let the applicant in. */
  status: 'pending' | 'approved';
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
}
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserResponse;
}
