import type { Page } from './pagination';

export const NEWSLETTER_STATUSES = [
  'draft',
  'submitted',
  'cleared',
  'scheduled',
  'published',
] as const;
export type NewsletterStatus = (typeof NEWSLETTER_STATUSES)[number];

export const NEWSLETTER_LIMITS = {
  title: 200,
  summary: 1000,
  /** Characters of Markdown. */
  body: 200_000,
  comment: 2000,
  topics: 20,
} as const;

/** One step of an issue's way to publication, newest last. */
export interface NewsletterHistoryEntry {
  action:
    'created' | 'submitted' | 'returned' | 'cleared' | 'scheduled' | 'unscheduled' | 'published';
  actorId: string | null;
  actorName: string | null;
  comment: string | null;
  at: string;
}

/** Delivery counts of a published issue (editors only). */
export interface NewsletterDelivery {
  recipients: number;
  sent: number;
  pending: number;
  failed: number;
  /** Kept in the outbox because no SMTP_URL is configured. */
  held: number;
}

/** An issue. `body` is Markdown; `html` is its sanitised rendering, exactly what readers get. */
export interface Newsletter {
  id: string;
  title: string;
  summary: string;
  body: string;
  html: string;
  topics: string[];
  public: boolean;
  status: NewsletterStatus;
  publishAt: string | null;
  publishedAt: string | null;
  authorId: string;
  authorName: string;
  /** The last editor to change the content. */
  lastEditedById: string;
  clearedById: string | null;
  /** The comment of the last return for changes, while the issue is a draft again. */
  returnComment: string | null;
  createdAt: string;
  updatedAt: string;
  /** Editors only. */
  history?: NewsletterHistoryEntry[];
  /** Editors only, once published. */
  delivery?: NewsletterDelivery;
}

/** An archive or draft-list item: the issue without its body. */
export type NewsletterSummary = Omit<Newsletter, 'body' | 'html' | 'history' | 'delivery'>;

export type NewslettersPage = Page<NewsletterSummary> & { total: number };

/** `GET /api/newsletters`: published issues newest first; editors may ask for another status. */
export interface NewslettersQuery {
  q?: string;
  topic?: string[];
  status?: NewsletterStatus;
  limit?: number;
  cursor?: string;
}

export interface CreateNewsletterRequest {
  title: string;
  summary?: string;
  body?: string;
  topics?: string[];
  public?: boolean;
}
export type UpdateNewsletterRequest = Partial<CreateNewsletterRequest>;

export interface ReturnNewsletterRequest {
  comment: string;
}

/** Publish now (no `at`) or schedule (`at`, ISO 8601, in the future). */
export interface PublishNewsletterRequest {
  at?: string;
}

/** `POST /api/newsletters/preview`: the rendering of some Markdown, as readers would get it. */
export interface NewsletterPreviewRequest {
  body: string;
}
export interface NewsletterPreview {
  html: string;
}

/** All issues, or only issues that touch one of `topics`; `{ all: false, topics: [] }` is none. */
export interface NewsletterSubscription {
  all: boolean;
  topics: string[];
}
export interface UpdateSubscriptionRequest {
  all?: boolean;
  topics?: string[];
}

/** `POST /api/newsletters/unsubscribe?token=`: done, for the address shown masked. */
export interface UnsubscribeResult {
  ok: true;
  email: string;
}

/** `newsletter.published`, to members. */
export interface NewsletterPublishedPayload {
  id: string;
  title: string;
  summary: string;
  topics: string[];
  public: boolean;
  publishedAt: string;
}

/** `newsletter.status.changed`, to editors: an issue moved along its way. */
export interface NewsletterStatusChangedPayload {
  id: string;
  title: string;
  status: NewsletterStatus;
  action: NewsletterHistoryEntry['action'];
  actorId: string | null;
}
