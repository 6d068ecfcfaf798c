/** RFC 9457 problem details, as every error of the API answers. */
export interface FieldError {
  field: string;
  message: string;
}
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  correlationId?: string;
}

export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVITATION_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  INVITATION_NOT_FOUND: 404,
  DOMAIN_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  APPLICATION_NOT_PENDING: 409,
  CANNOT_CHANGE_OWN_ACCOUNT: 409,
  USER_NOT_APPROVED: 409,
  INVITATION_ACCEPTED: 409,
  DOMAIN_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;
