/**
 * The authorization matrix: one row per route the API maps, keyed `'METHOD /api/path/:param'`
 * exactly as the server reports it, giving the status each of the seven callers must get
 * (`anyone`, `signedIn`, `approved`, `only` build the common shapes) and how to call it.
 * `:params` become a random UUID that does not exist unless `params` says otherwise. A new
 * route without a row fails test/authz-matrix.e2e-spec.ts, so add the row with the route.
 */
import type { Role } from '@contracts';
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type { TestUser } from '@testing/factories';
import { buildApplication, PASSWORD } from '@testing/factories';

/** Who calls: nobody signed in, then one signed-in user per role (an applicant is pending). */
export const CALLERS = [
  'anonymous',
  'applicant',
  'member',
  'editor',
  'moderator',
  'contact_officer',
  'admin',
] as const;
export type Caller = (typeof CALLERS)[number];
export type Expected = Record<Caller, number>;

/** What a row's functions get: the caller, and an approved account made for the suite. */
export interface CallContext {
  caller: Caller;
  /** The caller's own user (absent for anonymous). */
  user?: TestUser;
  /** An approved member that exists only for rows needing real credentials in the body. */
  account: TestUser;
}

export interface MatrixRow {
  /** Status per caller. */
  expect: Expected;
  /** JSON body; a function for a fresh one per call (unique emails…). Default: none. */
  body?: unknown;
  /** Query string parameters. */
  query?: Record<string, string>;
  /** Values for path parameters; any not given is a random UUID that does not exist. */
  params?: Record<string, string>;
  /**
   * The call ends or rotates the session it is made with (logout, refresh): make it with a
   * fresh session of the caller, so the suite's shared sessions keep working.
   */
  ownSession?: boolean;
  /** Send the session's refresh cookie too (the credential of `/auth/refresh`). */
  cookie?: boolean;
  /**
   * The call touches every session of its user (ending all others): make it as a new user
   * of the caller's role, so the suite's shared sessions keep working.
   */
  freshUser?: boolean;
  /** Last word on the request (multipart uploads, other headers). */
  prepare?: (req: Test, ctx: CallContext) => Test;
}

const byCaller = (status: (caller: Caller) => number): Expected =>
  Object.fromEntries(CALLERS.map((c) => [c, status(c)])) as Expected;

/** The roles each test caller holds: staff are members too, as signedInAs makes them. */
export const ROLES_OF: Record<Caller, Role[]> = {
  anonymous: [],
  applicant: ['applicant'],
  member: ['member'],
  editor: ['member', 'editor'],
  moderator: ['member', 'moderator'],
  contact_officer: ['member', 'contact_officer'],
  admin: ['member', 'admin'],
};

/** `@Public()`: everyone gets `status`. */
export const anyone = (status: number): Expected => byCaller(() => status);
/** `@Authenticated()`: anonymous 401, every signed-in caller (applicants too) `status`. */
export const signedIn = (status: number): Expected =>
  byCaller((c) => (c === 'anonymous' ? 401 : status));
/** `@Roles(...roles)`: anonymous 401, a caller holding one of `roles` `status`, others 403. */
export const only = (roles: Role[], status: number): Expected =>
  byCaller((c) =>
    c === 'anonymous' ? 401 : ROLES_OF[c].some((r) => roles.includes(r)) ? status : 403,
  );
/** `@Roles('member')`: every approved user. */
export const approved = (status: number): Expected => only(['member'], status);

export const AUTHZ_MATRIX: Record<string, MatrixRow> = {
  // Operations and reference data
  'GET /api/health': { expect: anyone(200) },
  'GET /api/taxonomy': { expect: anyone(200) },

  // Auth
  'POST /api/auth/register': { body: () => buildApplication(), expect: anyone(201) },
  'POST /api/auth/login': {
    body: ({ account }: CallContext) => ({ email: account.email, password: PASSWORD }),
    expect: anyone(200),
  },
  // Public: the refresh cookie is the credential; anonymous has none.
  'POST /api/auth/refresh': { ownSession: true, cookie: true, expect: signedIn(200) },
  'POST /api/auth/logout': { ownSession: true, expect: anyone(204) },
  'GET /api/auth/me': { expect: signedIn(200) },
  // Single sign-on: public; the matrix app configures no provider, so any id is unknown.
  'GET /api/auth/sso': { expect: anyone(200) },
  'GET /api/auth/sso/:id/start': { params: { id: 'no-such-provider' }, expect: anyone(404) },
  'GET /api/auth/sso/:id/callback': { params: { id: 'no-such-provider' }, expect: anyone(404) },
  // Passkeys: a challenge token that was never issued is a 400 once past the guards.
  'GET /api/auth/passkeys': { expect: signedIn(200) },
  'POST /api/auth/passkeys/options': { expect: signedIn(200) },
  'POST /api/auth/passkeys': {
    body: { response: {}, name: 'Laptop', challengeToken: 'none' },
    expect: signedIn(400),
  },
  'DELETE /api/auth/passkeys/:id': { expect: signedIn(404) },
  'POST /api/auth/passkeys/login/options': { body: {}, expect: anyone(200) },
  'POST /api/auth/passkeys/login': {
    body: { response: {}, challengeToken: 'none' },
    expect: anyone(400),
  },
  // A second step with no pending sign-in behind it: the code is refused before anything.
  'POST /api/auth/login/mfa': { body: { mfaToken: 'none', code: '' }, expect: anyone(400) },
  // Links that do not exist are a 400 naming the token, for everyone.
  'POST /api/auth/verify-email': { body: { token: 'x'.repeat(43) }, expect: anyone(400) },
  // The suite's accounts are verified already.
  'POST /api/auth/verify-email/resend': { expect: signedIn(409) },
  'POST /api/auth/email/change': {
    body: () => ({
      email: `matrix-${randomUUID().slice(0, 8)}@example.net`,
      password: PASSWORD,
    }),
    expect: signedIn(202),
  },
  'POST /api/auth/password/forgot': {
    body: () => ({ email: `matrix-${randomUUID().slice(0, 8)}@example.net` }),
    expect: anyone(202),
  },
  'POST /api/auth/password/reset': {
    body: { token: 'x'.repeat(43), password: 'a tidy garden of seven owls' },
    expect: anyone(400),
  },
  // A wrong current password: refused, and the shared sessions keep their password.
  'POST /api/auth/password/change': {
    body: { currentPassword: 'not the password', newPassword: 'a tidy garden of seven owls' },
    expect: signedIn(400),
  },
  'POST /api/auth/mfa/totp': { expect: signedIn(200) },
  'POST /api/auth/mfa/totp/confirm': { body: { code: '000000' }, expect: signedIn(400) },
  'DELETE /api/auth/mfa/totp': { body: { code: '000000' }, expect: signedIn(409) },
  'POST /api/auth/mfa/recovery-codes': { body: { code: '000000' }, expect: signedIn(409) },
  'POST /api/auth/step-up': { body: { code: '000000' }, expect: signedIn(400) },
  'GET /api/auth/sessions': { expect: signedIn(200) },
  'DELETE /api/auth/sessions/:id': { expect: signedIn(404) },
  'DELETE /api/auth/sessions': { freshUser: true, expect: signedIn(200) },
  // Data rights: every signed-in account, applicants too.
  'POST /api/account/export': { freshUser: true, expect: signedIn(202) },
  'GET /api/account/exports': { expect: signedIn(200) },
  'GET /api/account/exports/:id': { expect: signedIn(404) },
  'GET /api/account/exports/:id/download': { query: { token: 'x' }, expect: signedIn(404) },
  // A wrong password: refused before anything changes.
  'DELETE /api/account': {
    body: { password: 'not the password', keepUploads: true },
    expect: signedIn(400),
  },

  // Realtime catch-up
  'GET /api/notifications': { expect: signedIn(200) },

  // Member directory: approved users only; a profile that does not exist is a 404.
  'GET /api/members': { expect: approved(200) },
  'GET /api/members/me': { expect: approved(200) },
  'PATCH /api/members/me': { body: { title: 'Researcher' }, expect: approved(200) },
  'GET /api/members/:id': { expect: approved(404) },
  'GET /api/members/:id/vcard': { expect: approved(404) },

  // Admin: ids that do not exist are a 404 for an admin, after the guards.
  'GET /api/admin/applications': { expect: only(['admin'], 200) },
  'POST /api/admin/applications/:id/approve': { expect: only(['admin'], 404) },
  'POST /api/admin/applications/:id/reject': {
    body: { reason: 'Not a fit for the network.' },
    expect: only(['admin'], 404),
  },
  'GET /api/admin/users': { expect: only(['admin'], 200) },
  'PUT /api/admin/users/:id/roles': { body: { roles: ['editor'] }, expect: only(['admin'], 404) },
  'POST /api/admin/users/:id/disable': { body: {}, expect: only(['admin'], 404) },
  'POST /api/admin/users/:id/enable': { expect: only(['admin'], 404) },
  'POST /api/admin/users/:id/erase': {
    body: { reason: 'At the member’s request', keepUploads: true },
    expect: only(['admin'], 404),
  },
  'GET /api/admin/audit': { expect: only(['admin'], 200) },
  'GET /api/admin/audit/verify': { expect: only(['admin'], 200) },
  'GET /api/admin/retention': { expect: only(['admin'], 200) },
  'PUT /api/admin/retention': { body: {}, expect: only(['admin'], 200) },
  'POST /api/admin/retention/run': { expect: only(['admin'], 202) },

  // Invitations and auto-approved domains: admins manage them; anyone may look up a token
  // (one that does not exist, as here, is a 404 for everyone).
  'GET /api/admin/invitations': { expect: only(['admin'], 200) },
  'POST /api/admin/invitations': {
    body: () => ({ emails: [`matrix-${randomUUID().slice(0, 8)}@invited.example.net`] }),
    expect: only(['admin'], 201),
  },
  'DELETE /api/admin/invitations/:id': { expect: only(['admin'], 404) },
  'GET /api/invitations/:token': { expect: anyone(404) },
  'GET /api/admin/domains': { expect: only(['admin'], 200) },
  'POST /api/admin/domains': {
    body: () => ({ pattern: `matrix-${randomUUID().slice(0, 8)}.example.net` }),
    expect: only(['admin'], 201),
  },
  'DELETE /api/admin/domains/:id': { expect: only(['admin'], 404) },

  // Newsletter
  'GET /api/newsletters': { expect: anyone(200) },
  'GET /api/newsletters/:id': { expect: anyone(404) },
  'GET /api/newsletters/subscription': { expect: approved(200) },
  'PUT /api/newsletters/subscription': { body: { all: true }, expect: approved(200) },
  // The signed token is the credential: a bad one is a 400 for everyone.
  'POST /api/newsletters/unsubscribe': { query: { token: 'not-a-token' }, expect: anyone(400) },
  'POST /api/newsletters/preview': { body: { body: '# Hello' }, expect: only(['editor'], 200) },
  'POST /api/newsletters': {
    body: { title: 'Matrix issue', body: 'Text' },
    expect: only(['editor'], 201),
  },
  'PATCH /api/newsletters/:id': { body: { title: 'Renamed' }, expect: only(['editor'], 404) },
  'DELETE /api/newsletters/:id': { expect: only(['editor'], 404) },
  'POST /api/newsletters/:id/submit': { expect: only(['editor'], 404) },
  'POST /api/newsletters/:id/clear': { expect: only(['editor'], 404) },
  'POST /api/newsletters/:id/return': {
    body: { comment: 'Please revise' },
    expect: only(['editor'], 404),
  },
  'POST /api/newsletters/:id/publish': { body: {}, expect: only(['editor'], 404) },
  'POST /api/newsletters/:id/unschedule': { expect: only(['editor'], 404) },

  // Library
  'GET /api/documents': { expect: approved(200) },
  'GET /api/documents/limits': { expect: approved(200) },
  'POST /api/documents': {
    prepare: (req) =>
      req
        .field('title', 'Authorization check')
        .field('marking', 'OFFICIAL')
        .attach('file', Buffer.from(`Notes ${randomUUID()}`), 'notes.txt'),
    expect: approved(201),
  },
  'GET /api/documents/:id': { expect: approved(404) },
  'GET /api/documents/:id/download': { expect: approved(404) },
  'POST /api/documents/:id/versions': {
    prepare: (req) => req.attach('file', Buffer.from(`Notes ${randomUUID()}`), 'notes.txt'),
    expect: approved(404),
  },
  'POST /api/documents/:id/approve': { body: {}, expect: only(['moderator'], 404) },
  'POST /api/documents/:id/reject': {
    body: { reason: 'Marked' },
    expect: only(['moderator'], 404),
  },
  'DELETE /api/documents/:id': { expect: approved(404) },

  // Events
  'GET /api/events': { expect: anyone(200) },
  'GET /api/events/:id': { expect: anyone(404) },
  'GET /api/events/:id/ics': { expect: anyone(404) },
  'GET /api/events/feed.ics': { query: { token: 'x'.repeat(43) }, expect: anyone(404) },
  'GET /api/events/feed-token': { expect: approved(200) },
  'POST /api/events/feed-token': { expect: approved(201) },
  'DELETE /api/events/feed-token': { expect: approved(204) },
  'POST /api/events': {
    body: {
      title: 'Authorization check',
      kind: 'seminar',
      timezone: 'Europe/London',
      startsAt: '2030-06-01T10:00',
      endsAt: '2030-06-01T12:00',
    },
    expect: only(['editor'], 201),
  },
  // The event's organisers and admins; with no such event, 404 past the role check.
  'PATCH /api/events/:id': { body: { title: 'Renamed' }, expect: only(['editor', 'admin'], 404) },
  'POST /api/events/:id/cancel': {
    body: { reason: 'Called off' },
    expect: only(['editor', 'admin'], 404),
  },
  'POST /api/events/:id/registrations': { expect: approved(404) },
  'DELETE /api/events/:id/registrations/me': { expect: approved(404) },
  'GET /api/events/:id/attendees': { expect: only(['editor', 'admin'], 404) },
  'GET /api/events/:id/attendees.csv': { expect: only(['editor', 'admin'], 404) },
  'GET /api/events/:id/organisers': { expect: approved(404) },
  'PUT /api/events/:id/organisers': {
    body: { memberIds: [] },
    expect: only(['editor', 'admin'], 404),
  },

  // Contact point and shared inbox
  'POST /api/contact': {
    body: () => ({
      name: 'Authorization check',
      email: `authz-${randomUUID()}@example.org`,
      category: 'general',
      subject: 'Hello',
      message: 'Checking who may write.',
    }),
    expect: anyone(201),
  },
  'GET /api/contact/mine': { expect: approved(200) },
  'GET /api/contact/mine/:reference': {
    params: { reference: 'OCR-2026-999999' },
    expect: approved(404),
  },
  'POST /api/contact/mine/:reference/messages': {
    params: { reference: 'OCR-2026-999999' },
    body: { body: 'Again' },
    expect: approved(404),
  },
  'GET /api/contact/mine/:reference/attachments/:attachmentId': {
    params: { reference: 'OCR-2026-999999' },
    expect: approved(404),
  },
  'GET /api/contact/:reference': {
    params: { reference: 'OCR-2026-999999' },
    query: { token: 'x'.repeat(43) },
    expect: anyone(404),
  },
  'POST /api/contact/:reference/messages': {
    params: { reference: 'OCR-2026-999999' },
    query: { token: 'x'.repeat(43) },
    body: { body: 'Again' },
    expect: anyone(404),
  },
  'GET /api/contact/:reference/attachments/:attachmentId': {
    params: { reference: 'OCR-2026-999999' },
    query: { token: 'x'.repeat(43) },
    expect: anyone(404),
  },
  'GET /api/inbox/threads': { expect: only(['contact_officer'], 200) },
  'GET /api/inbox/threads/:id': { expect: only(['contact_officer'], 404) },
  'POST /api/inbox/threads/:id/messages': {
    body: { body: 'Hello' },
    expect: only(['contact_officer'], 404),
  },
  'PATCH /api/inbox/threads/:id': {
    body: { status: 'open' },
    expect: only(['contact_officer'], 404),
  },
  'GET /api/inbox/officers': { expect: only(['contact_officer'], 200) },
  'GET /api/inbox/attachments/:id': { expect: only(['contact_officer'], 404) },
  'GET /api/inbox/canned-replies': { expect: only(['contact_officer'], 200) },
  'POST /api/inbox/canned-replies': {
    body: { title: 'Hello', body: 'Thank you for writing.' },
    expect: only(['contact_officer'], 201),
  },
  'PATCH /api/inbox/canned-replies/:id': {
    body: { title: 'Hello', body: 'Thank you.' },
    expect: only(['contact_officer'], 404),
  },
  'DELETE /api/inbox/canned-replies/:id': { expect: only(['contact_officer'], 404) },
};
