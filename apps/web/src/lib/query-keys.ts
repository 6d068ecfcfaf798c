import type {
  DocumentStatus,
  DocumentType,
  InvitationStatus,
  NewsletterStatus,
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

/** Every TanStack Query key of the app, so realtime events can patch or invalidate them. */
export const queryKeys = {
  me: ['me'] as const,
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
};
