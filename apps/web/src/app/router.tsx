import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { ApplyPage } from '@web/pages/ApplyPage';
import { HomePage } from '@web/pages/HomePage';
import { NotFoundPage } from '@web/pages/NotFoundPage';
import { PendingPage } from '@web/pages/PendingPage';
import { SignInPage } from '@web/pages/SignInPage';
import { SsoCompletePage } from '@web/pages/SsoCompletePage';
import { RequireMember, RequireSignedIn } from './guards';
import { Layout } from './Layout';
import { RouteError } from './RouteError';

/*
 * Pages off the way in (home, apply, sign in, pending) are in the main bundle; the others load
 * on first use, each as its own chunk. Layout's <Suspense> shows the loading state while one
 * loads on a first visit; on a client-side navigation the router's transition keeps the old
 * page up until the new one is ready, so the h1 is there when the route focus looks for it.
 */
const AccountPage = lazy(() =>
  import('@web/pages/AccountPage').then((m) => ({ default: m.AccountPage })),
);
const AccountPasswordPage = lazy(() =>
  import('@web/pages/AccountPasswordPage').then((m) => ({ default: m.AccountPasswordPage })),
);
const ForgotPasswordPage = lazy(() =>
  import('@web/pages/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('@web/pages/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })),
);
const VerifyEmailPage = lazy(() =>
  import('@web/pages/VerifyEmailPage').then((m) => ({ default: m.VerifyEmailPage })),
);
const AdminApplicationsPage = lazy(() =>
  import('@web/pages/AdminApplicationsPage').then((m) => ({ default: m.AdminApplicationsPage })),
);
const AdminAuditPage = lazy(() =>
  import('@web/pages/AdminAuditPage').then((m) => ({ default: m.AdminAuditPage })),
);
const AdminDomainsPage = lazy(() =>
  import('@web/pages/AdminDomainsPage').then((m) => ({ default: m.AdminDomainsPage })),
);
const AdminRetentionPage = lazy(() =>
  import('@web/pages/AdminRetentionPage').then((m) => ({ default: m.AdminRetentionPage })),
);
const AdminInvitationsPage = lazy(() =>
  import('@web/pages/AdminInvitationsPage').then((m) => ({ default: m.AdminInvitationsPage })),
);
const AdminUsersPage = lazy(() =>
  import('@web/pages/AdminUsersPage').then((m) => ({ default: m.AdminUsersPage })),
);
const ContactMinePage = lazy(() =>
  import('@web/pages/ContactMinePage').then((m) => ({ default: m.ContactMinePage })),
);
const ContactPage = lazy(() =>
  import('@web/pages/ContactPage').then((m) => ({ default: m.ContactPage })),
);
const ContactTrackPage = lazy(() =>
  import('@web/pages/ContactTrackPage').then((m) => ({ default: m.ContactTrackPage })),
);
const DocumentPage = lazy(() =>
  import('@web/pages/DocumentPage').then((m) => ({ default: m.DocumentPage })),
);
const EditProfilePage = lazy(() =>
  import('@web/pages/EditProfilePage').then((m) => ({ default: m.EditProfilePage })),
);
const EventCalendarFeedPage = lazy(() =>
  import('@web/pages/EventCalendarFeedPage').then((m) => ({ default: m.EventCalendarFeedPage })),
);
const EventCalendarPage = lazy(() =>
  import('@web/pages/EventCalendarPage').then((m) => ({ default: m.EventCalendarPage })),
);
const EventEditPage = lazy(() =>
  import('@web/pages/EventEditPage').then((m) => ({ default: m.EventEditPage })),
);
const EventNewPage = lazy(() =>
  import('@web/pages/EventNewPage').then((m) => ({ default: m.EventNewPage })),
);
const EventPage = lazy(() =>
  import('@web/pages/EventPage').then((m) => ({ default: m.EventPage })),
);
const EventsPage = lazy(() =>
  import('@web/pages/EventsPage').then((m) => ({ default: m.EventsPage })),
);
const InboxCannedRepliesPage = lazy(() =>
  import('@web/pages/InboxCannedRepliesPage').then((m) => ({
    default: m.InboxCannedRepliesPage,
  })),
);
const InboxPage = lazy(() =>
  import('@web/pages/InboxPage').then((m) => ({ default: m.InboxPage })),
);
const InboxThreadPage = lazy(() =>
  import('@web/pages/InboxThreadPage').then((m) => ({ default: m.InboxThreadPage })),
);
const JoinPage = lazy(() => import('@web/pages/JoinPage').then((m) => ({ default: m.JoinPage })));
const LibraryMinePage = lazy(() =>
  import('@web/pages/LibraryMinePage').then((m) => ({ default: m.LibraryMinePage })),
);
const LibraryModerationPage = lazy(() =>
  import('@web/pages/LibraryModerationPage').then((m) => ({ default: m.LibraryModerationPage })),
);
const LibraryPage = lazy(() =>
  import('@web/pages/LibraryPage').then((m) => ({ default: m.LibraryPage })),
);
const LibraryUploadPage = lazy(() =>
  import('@web/pages/LibraryUploadPage').then((m) => ({ default: m.LibraryUploadPage })),
);
const MemberProfilePage = lazy(() =>
  import('@web/pages/MemberProfilePage').then((m) => ({ default: m.MemberProfilePage })),
);
const MembersPage = lazy(() =>
  import('@web/pages/MembersPage').then((m) => ({ default: m.MembersPage })),
);
const NewsletterArchivePage = lazy(() =>
  import('@web/pages/NewsletterArchivePage').then((m) => ({ default: m.NewsletterArchivePage })),
);
const NewsletterDraftsPage = lazy(() =>
  import('@web/pages/NewsletterDraftsPage').then((m) => ({ default: m.NewsletterDraftsPage })),
);
const NewsletterEditPage = lazy(() =>
  import('@web/pages/NewsletterEditPage').then((m) => ({ default: m.NewsletterEditPage })),
);
const NewsletterIssuePage = lazy(() =>
  import('@web/pages/NewsletterIssuePage').then((m) => ({ default: m.NewsletterIssuePage })),
);
const NewsletterNewPage = lazy(() =>
  import('@web/pages/NewsletterNewPage').then((m) => ({ default: m.NewsletterNewPage })),
);
const NewsletterSubscriptionPage = lazy(() =>
  import('@web/pages/NewsletterSubscriptionPage').then((m) => ({
    default: m.NewsletterSubscriptionPage,
  })),
);
const NewsletterUnsubscribePage = lazy(() =>
  import('@web/pages/NewsletterUnsubscribePage').then((m) => ({
    default: m.NewsletterUnsubscribePage,
  })),
);

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'apply', element: <ApplyPage /> },
      { path: 'join', element: <JoinPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      // Where a single sign-on at an organisation's provider ends (the API redirects here).
      { path: 'sso/complete', element: <SsoCompletePage /> },
      // The links in account emails: no sign-in needed.
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      {
        path: 'account',
        children: [
          {
            index: true,
            element: (
              <RequireSignedIn>
                <AccountPage />
              </RequireSignedIn>
            ),
          },
          {
            path: 'password',
            element: (
              <RequireSignedIn>
                <AccountPasswordPage />
              </RequireSignedIn>
            ),
          },
        ],
      },
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
        path: 'newsletters',
        children: [
          // The archive and the issues are public (members see more); the rest is guarded.
          { index: true, element: <NewsletterArchivePage /> },
          {
            path: 'drafts',
            element: (
              <RequireMember role="editor">
                <NewsletterDraftsPage />
              </RequireMember>
            ),
          },
          {
            path: 'new',
            element: (
              <RequireMember role="editor">
                <NewsletterNewPage />
              </RequireMember>
            ),
          },
          {
            path: 'subscription',
            element: (
              <RequireMember>
                <NewsletterSubscriptionPage />
              </RequireMember>
            ),
          },
          // The link in every newsletter email: no sign-in needed.
          { path: 'unsubscribe', element: <NewsletterUnsubscribePage /> },
          { path: ':id', element: <NewsletterIssuePage /> },
          {
            path: ':id/edit',
            element: (
              <RequireMember role="editor">
                <NewsletterEditPage />
              </RequireMember>
            ),
          },
        ],
      },
      {
        path: 'library',
        children: [
          {
            index: true,
            element: (
              <RequireMember>
                <LibraryPage />
              </RequireMember>
            ),
          },
          {
            path: 'upload',
            element: (
              <RequireMember>
                <LibraryUploadPage />
              </RequireMember>
            ),
          },
          {
            path: 'mine',
            element: (
              <RequireMember>
                <LibraryMinePage />
              </RequireMember>
            ),
          },
          {
            path: 'moderation',
            element: (
              <RequireMember role="moderator">
                <LibraryModerationPage />
              </RequireMember>
            ),
          },
          {
            path: ':id',
            element: (
              <RequireMember>
                <DocumentPage />
              </RequireMember>
            ),
          },
        ],
      },
      {
        path: 'events',
        children: [
          // The list, the month view and the events are public (members see more).
          { index: true, element: <EventsPage /> },
          { path: 'calendar', element: <EventCalendarPage /> },
          {
            path: 'calendar-feed',
            element: (
              <RequireMember>
                <EventCalendarFeedPage />
              </RequireMember>
            ),
          },
          {
            path: 'new',
            element: (
              <RequireMember role="editor">
                <EventNewPage />
              </RequireMember>
            ),
          },
          { path: ':id', element: <EventPage /> },
          {
            // The page itself admits the event's organisers and admins only.
            path: ':id/edit',
            element: (
              <RequireMember>
                <EventEditPage />
              </RequireMember>
            ),
          },
        ],
      },
      {
        path: 'contact',
        children: [
          // The form and the tracking link need no account; members also see their own.
          { index: true, element: <ContactPage /> },
          { path: 'track/:reference', element: <ContactTrackPage /> },
          {
            path: 'mine/:reference',
            element: (
              <RequireMember>
                <ContactMinePage />
              </RequireMember>
            ),
          },
        ],
      },
      {
        path: 'inbox',
        children: [
          {
            index: true,
            element: (
              <RequireMember role="contact_officer">
                <InboxPage />
              </RequireMember>
            ),
          },
          {
            path: 'canned-replies',
            element: (
              <RequireMember role="contact_officer">
                <InboxCannedRepliesPage />
              </RequireMember>
            ),
          },
          {
            path: ':id',
            element: (
              <RequireMember role="contact_officer">
                <InboxThreadPage />
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
            path: 'retention',
            element: (
              <RequireMember role="admin">
                <AdminRetentionPage />
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
