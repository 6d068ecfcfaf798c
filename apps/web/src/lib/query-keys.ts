import type {
  DocumentStatus,
  DocumentType,
  EventKind,
  InvitationStatus,
  NewsletterStatus,
  ThreadStatus,
  UserStatus,
} from '@contracts';

/** The directory's search as it appears in a query key (lists sorted, so order is irrelevant). */
export interface MemberListKey {
  q: string;
  sector: readonly string[];
  expertise: readonly string[];
  country: readonly string[];
  level: readonly string[];
  sort: string;
}

/** A newsletter list (the archive, or an editor's list of one status) as it appears in a key. */
export interface NewsletterListKey {
  q: string;
  topic: readonly string[];
  status: NewsletterStatus;
}

/** A library list (a search, my uploads, the moderation queue) as it appears in a key. */
export interface DocumentListKey {
  q: string;
  topic: readonly string[];
  crimeType: readonly string[];
  type: readonly DocumentType[];
  yearFrom: number | null;
  yearTo: number | null;
  sort: 'relevance' | 'newest';
  /** Published documents (null), or one status (moderators). */
  status: DocumentStatus | null;
  /** My own uploads, in every status. */
  mine: boolean;
}

/** An events list (upcoming, past, or mine) as it appears in a key. */
export interface EventListKey {
  when: 'upcoming' | 'past';
  topic: readonly string[];
  kind: readonly EventKind[];
  mine: boolean;
}

/** The contact officers' inbox list as it appears in a key (statuses sorted). */
export interface InboxListKey {
  status: readonly ThreadStatus[];
  category: string;
  /** A user id, `me`, `none`, or '' for anyone. */
  assignee: string;
  q: string;
  sort: 'oldest' | 'newest';
}

/** Every TanStack Query key of the app, so realtime events can patch or invalidate them. */
export const queryKeys = {
  me: ['me'] as const,
  /** `GET /api/auth/sessions`: my sessions, on the account page. */
  sessions: ['auth-sessions'] as const,
  /** `GET /api/account/exports`: my data export requests, on the account page. */
  dataExports: ['account-exports'] as const,
  taxonomy: ['taxonomy'] as const,
  applicationsAll: ['applications'] as const,
  applications: (status: UserStatus) => ['applications', status] as const,
  usersAll: ['admin-users'] as const,
  users: (q: string, status: string) => ['admin-users', { q, status }] as const,
  audit: ['audit'] as const,
  invitationsAll: ['invitations'] as const,
  invitations: (status: InvitationStatus | '') => ['invitations', status] as const,
  /** `GET /api/invitations/:token` (the public join page). */
  invitationLookup: (token: string) => ['invitation-lookup', token] as const,
  domains: ['auto-approve-domains'] as const,
  /** `GET /api/admin/retention`: the retention rules and their last runs. */
  retention: ['admin-retention'] as const,
  /** Everything of the directory: searches and profiles. */
  membersAll: ['members'] as const,
  /** Every directory search (`GET /api/members`), whatever its filters. */
  memberListsAll: ['members', 'list'] as const,
  memberList: (search: MemberListKey) => ['members', 'list', search] as const,
  /** `GET /api/members/:id`. */
  memberProfile: (id: string) => ['members', 'profile', id] as const,
  /** `GET /api/members/me`: my own profile, every field. */
  memberMe: ['members', 'me'] as const,
  /** Everything of the newsletter: lists, issues and my subscription. */
  newslettersAll: ['newsletters'] as const,
  /** Every `GET /api/newsletters` (the archive and the editors' lists), whatever its filters. */
  newsletterListsAll: ['newsletters', 'list'] as const,
  newsletterList: (list: NewsletterListKey) => ['newsletters', 'list', list] as const,
  /** `GET /api/newsletters/:id`. */
  newsletter: (id: string) => ['newsletters', 'issue', id] as const,
  /** `GET /api/newsletters/subscription`. */
  newsletterSubscription: ['newsletters', 'subscription'] as const,
  /** `POST /api/newsletters/preview` of some Markdown (kept apart: never invalidated). */
  newsletterPreview: (body: string) => ['newsletter-preview', body] as const,
  /** Everything of the library: lists and documents. */
  documentsAll: ['documents'] as const,
  /** Every `GET /api/documents` (searches, my uploads, the moderation queue). */
  documentListsAll: ['documents', 'list'] as const,
  documentList: (list: DocumentListKey) => ['documents', 'list', list] as const,
  /** `GET /api/documents/:id`. */
  document: (id: string) => ['documents', 'document', id] as const,
  /** `GET /api/documents/limits` (kept apart: never invalidated by events). */
  documentLimits: ['document-limits'] as const,
  /** Everything of the events: lists, months, events and attendees. */
  eventsAll: ['events'] as const,
  /** Every `GET /api/events` (the lists and the months), whatever its filters. */
  eventListsAll: ['events', 'list'] as const,
  eventList: (list: EventListKey) => ['events', 'list', list] as const,
  /** The events overlapping one month (`?from=&to=`), for the calendar. */
  eventMonth: (month: string) => ['events', 'list', 'month', month] as const,
  /** `GET /api/events/:id`. */
  event: (id: string) => ['events', 'event', id] as const,
  /** `GET /api/events/:id/attendees` (organisers). */
  eventAttendees: (id: string) => ['events', 'attendees', id] as const,
  /** `GET /api/events/feed-token`: my calendar feed (kept apart: never invalidated by events). */
  eventFeed: ['event-feed'] as const,
  /** Everything of the contact officers' inbox: lists, threads, officers, canned replies. */
  inboxAll: ['inbox'] as const,
  /** Every `GET /api/inbox/threads`, whatever its filters. */
  inboxListsAll: ['inbox', 'list'] as const,
  inboxList: (list: InboxListKey) => ['inbox', 'list', list] as const,
  /** `GET /api/inbox/threads/:id`. */
  inboxThread: (id: string) => ['inbox', 'thread', id] as const,
  /** `GET /api/inbox/officers`. */
  inboxOfficers: ['inbox', 'officers'] as const,
  /** `GET /api/inbox/canned-replies`. */
  cannedReplies: ['inbox', 'canned-replies'] as const,
  /** Everything of a sender's own conversations with the contact point. */
  contactAll: ['contact'] as const,
  /** `GET /api/contact/mine`: a member's earlier messages. */
  contactMine: ['contact', 'mine'] as const,
  /** `GET /api/contact/mine/:reference`. */
  contactMineThread: (reference: string) => ['contact', 'mine', reference] as const,
  /** `GET /api/contact/:reference?token=`: a conversation followed through its link. */
  contactTracked: (reference: string, token: string) =>
    ['contact', 'tracked', reference, token] as const,
  /** `GET /api/auth/passkeys`: my passkeys. */
  passkeys: ['passkeys'] as const,
};
