import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '@contracts';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { ForbiddenPage } from '@web/pages/ForbiddenPage';
import { LoadingState } from '@web/ui/LoadingState';

export interface GuardProps {
  children: ReactNode;
}

function SignInRedirect() {
  const location = useLocation();
  return (
    <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />
  );
}

/** Any signed-in user, whatever the state of their application. */
export function RequireSignedIn({ children }: GuardProps) {
  const { status } = useAuth();
  if (status === 'loading') return <LoadingState />;
  if (status === 'signed-out') return <SignInRedirect />;
  return children;
}

export interface RequireMemberProps extends GuardProps {
  /** A role needed on top of membership (for example `admin`). */
  role?: Role;
}

/** Approved members only: applicants go to their pending page. */
export function RequireMember({ children, role }: RequireMemberProps) {
  const { status, user } = useAuth();
  if (status === 'loading') return <LoadingState />;
  if (status === 'signed-out' || !user) return <SignInRedirect />;
  if (user.status === 'pending' || user.status === 'rejected') {
    return <Navigate to="/pending" replace />;
  }
  if (role && !hasRole(user, role)) return <ForbiddenPage role={role} />;
  return children;
}
