import { createBrowserRouter, Navigate } from 'react-router';
import { AdminApplicationsPage } from '@web/pages/AdminApplicationsPage';
import { AdminAuditPage } from '@web/pages/AdminAuditPage';
import { AdminDomainsPage } from '@web/pages/AdminDomainsPage';
import { AdminInvitationsPage } from '@web/pages/AdminInvitationsPage';
import { AdminUsersPage } from '@web/pages/AdminUsersPage';
import { ApplyPage } from '@web/pages/ApplyPage';
import { EditProfilePage } from '@web/pages/EditProfilePage';
import { HomePage } from '@web/pages/HomePage';
import { JoinPage } from '@web/pages/JoinPage';
import { MemberProfilePage } from '@web/pages/MemberProfilePage';
import { MembersPage } from '@web/pages/MembersPage';
import { NotFoundPage } from '@web/pages/NotFoundPage';
import { PendingPage } from '@web/pages/PendingPage';
import { SignInPage } from '@web/pages/SignInPage';
import { RequireMember, RequireSignedIn } from './guards';
import { Layout } from './Layout';
import { RouteError } from './RouteError';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'apply', element: <ApplyPage /> },
      { path: 'join', element: <JoinPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      {
        path: 'pending',
        element: (
          <RequireSignedIn>
            <PendingPage />
          </RequireSignedIn>
        ),
      },
      {
        path: 'members',
        children: [
          {
            index: true,
            element: (
              <RequireMember>
                <MembersPage />
              </RequireMember>
            ),
          },
          {
            path: 'me/edit',
            element: (
              <RequireMember>
                <EditProfilePage />
              </RequireMember>
            ),
          },
          {
            path: ':id',
            element: (
              <RequireMember>
                <MemberProfilePage />
              </RequireMember>
            ),
          },
        ],
      },
      {
        path: 'admin',
        children: [
          { index: true, element: <Navigate to="/admin/applications" replace /> },
          {
            path: 'applications',
            element: (
              <RequireMember role="admin">
                <AdminApplicationsPage />
              </RequireMember>
            ),
          },
          {
            path: 'users',
            element: (
              <RequireMember role="admin">
                <AdminUsersPage />
              </RequireMember>
            ),
          },
          {
            path: 'invitations',
            element: (
              <RequireMember role="admin">
                <AdminInvitationsPage />
              </RequireMember>
            ),
          },
          {
            path: 'domains',
            element: (
              <RequireMember role="admin">
                <AdminDomainsPage />
              </RequireMember>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireMember role="admin">
                <AdminAuditPage />
              </RequireMember>
            ),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
