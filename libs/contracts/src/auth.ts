import type { Role, UserStatus } from './roles';

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
  organisation: string;
  sector: string;
  country: string;
  statement: string;
}
export interface RegisterResponse {
  id: string;
  status: 'pending';
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
