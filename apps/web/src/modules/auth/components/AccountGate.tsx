import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '@web/lib/auth-store';

/** Where a generated password is replaced, and where a second factor is set up. */
export const PASSWORD_GATE_PATH = '/account/password';
export const ACCOUNT_PATH = '/account';
export const SECURITY_SECTION_ID = 'security';

/** Pages that a link in an email opens: they work whatever the account still has to do. */
const FROM_EMAIL = ['/verify-email', '/reset-password'];

export interface AccountGateProps {
  children: ReactNode;
}

/**
 * Until the account has done what it must first, every page takes the user there: a
 * generated password is replaced on /account/password; a role that needs a second factor
 * sets one up on the account page. The server refuses everything else meanwhile (403
 * PASSWORD_CHANGE_REQUIRED / MFA_ENROLMENT_REQUIRED, which the API client notes here too).
 */
export function AccountGate({ children }: AccountGateProps) {
  const { status, user } = useAuth();
  const { pathname } = useLocation();
  if (status !== 'signed-in' || !user || FROM_EMAIL.includes(pathname)) return children;
  if (user.passwordChangeRequired && pathname !== PASSWORD_GATE_PATH) {
    return <Navigate to={PASSWORD_GATE_PATH} replace />;
  }
  if (
    user.mfaEnrolmentRequired &&
    !user.passwordChangeRequired &&
    pathname !== ACCOUNT_PATH &&
    !pathname.startsWith(`${ACCOUNT_PATH}/`)
  ) {
    return <Navigate to={{ pathname: ACCOUNT_PATH, hash: `#${SECURITY_SECTION_ID}` }} replace />;
  }
  return children;
}
