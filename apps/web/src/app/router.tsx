import { createBrowserRouter, Navigate } from 'react-router';
import { AdminApplicationsPage } from '@web/pages/AdminApplicationsPage';
import { AdminAuditPage } from '@web/pages/AdminAuditPage';
import { AdminUsersPage } from '@web/pages/AdminUsersPage';
import { ApplyPage } from '@web/pages/ApplyPage';
import { HomePage } from '@web/pages/HomePage';
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
