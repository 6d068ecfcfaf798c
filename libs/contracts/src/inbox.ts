import type { Page } from './pagination';

export const CONTACT_CATEGORIES = [
  'general',
  'research_findings',
  'join',
  'events',
  'newsletter',
  'other',
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const THREAD_STATUSES = ['new', 'open', 'waiting', 'closed'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const CONTACT_LIMITS = {
  name: 200,
  email: 254,
  organisation: 200,
  subject: 200,
  /** Characters of a message. */
  message: 20_000,
  /** Attachments per message, and bytes each. */
  attachments: 5,
  attachmentBytes: 20 * 1024 * 1024,
  cannedTitle: 100,
} as const;

/**
 * `POST /api/contact` (JSON, or multipart with the same fields and up to five `files` parts).
 * Signed-in members may leave out name and email: their account's are used. `website` is a
 * honeypot: people leave it empty.
 */
export interface ContactRequest {
  name?: string;
  email?: string;
  organisation?: string;
  category: ContactCategory;
  subject: string;
  message: string;
  website?: string;
}

/** The answer to a new message: its reference and the secret that opens its tracking page. */
export interface ContactReceipt {
  reference: string;
  trackingToken: string;
  /** The SPA page that shows the conversation (also sent by email). */
  trackingUrl: string;
}

export interface InboxAttachment {
  id: string;
  fileName: string;
  mime: string;
  size: number;
}

/** A message as the sender sees it: never an internal note. */
export interface TrackedMessage {
  id: string;
  from: 'sender' | 'officer';
  /** The officer's name, or the sender's. */
  authorName: string;
  body: string;
  via: 'web' | 'email';
  createdAt: string;
  attachments: InboxAttachment[];
}

/** `GET /api/contact/:reference?token=`: the conversation as its sender follows it. */
export interface TrackedThread {
  reference: string;
  subject: string;
  category: ContactCategory;
  status: ThreadStatus;
  createdAt: string;
  messages: TrackedMessage[];
}

/** `POST /api/contact/:reference/messages?token=` (JSON or multipart with `files`). */
export interface SenderReplyRequest {
  body: string;
}

export interface ThreadSummary {
  id: string;
  reference: string;
  status: ThreadStatus;
  category: ContactCategory;
  subject: string;
  senderName: string;
  senderEmail: string;
  senderOrganisation: string | null;
  /** The member who wrote, when signed in. */
  userId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  firstResponseAt: string | null;
  /** Seconds from the first message to the first officer reply, when there is one. */
  firstResponseSeconds: number | null;
}

/** What the receiving checks said of a message that came in by mail. */
export interface MailAuthentication {
  /** `pass`, `fail`, `softfail`, `neutral`, `none`, `temperror`, `permerror`. */
  spf: string;
  dkim: string;
  dmarc: string;
  /** A check failed: the sender may not be who the From line says. */
  failed: boolean;
}

export interface InboxMessage extends TrackedMessage {
  /** An internal note: officers only, never sent or shown to the sender. */
  internal: boolean;
  authorId: string | null;
  /** SPF/DKIM/DMARC verdicts of a message received by mail; null for anything else. */
  authentication: MailAuthentication | null;
}

/** `GET /api/inbox/threads/:id`: the whole conversation, notes included. */
export interface InboxThread extends ThreadSummary {
  messages: InboxMessage[];
}

/**
 * `GET /api/inbox/threads`: oldest first by default. `assignee` is a user id, `me` or `none`.
 */
export interface InboxQuery {
  status?: ThreadStatus[];
  category?: ContactCategory[];
  assignee?: string;
  q?: string;
  sort?: 'oldest' | 'newest';
  limit?: number;
  cursor?: string;
}

export type InboxPage = Page<ThreadSummary> & {
  total: number;
  /** Average seconds to the first officer reply over the threads that match, replied ones. */
  averageFirstResponseSeconds: number | null;
};

/** `POST /api/inbox/threads/:id/messages`: a reply (emailed to the sender) or an internal note. */
export interface OfficerMessageRequest {
  body: string;
  internal?: boolean;
}

/** `PATCH /api/inbox/threads/:id`: status and/or assignee (`null` unassigns). */
export interface UpdateThreadRequest {
  status?: ThreadStatus;
  assigneeId?: string | null;
}

export interface CannedReply {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
}
export interface CannedReplyRequest {
  title: string;
  body: string;
}

/** `inbox.thread.created` and `inbox.thread.updated`, to contact officers. */
export interface InboxThreadPayload {
  thread: ThreadSummary;
}

/** `inbox.message.created`, to contact officers. */
export interface InboxMessagePayload {
  threadId: string;
  reference: string;
  messageId: string;
  from: 'sender' | 'officer';
  internal: boolean;
  authorName: string;
}

/** What an officer is doing on a thread, shared with the other officers (not stored). */
export type PresenceState = 'viewing' | 'replying' | 'left';

/** Client → server `inbox.presence`. */
export interface PresenceUpdate {
  threadId: string;
  state: PresenceState;
}

/** Server → client `inbox.presence`: who is on a thread now. */
export interface PresencePayload {
  threadId: string;
  officers: { userId: string; name: string; state: Exclude<PresenceState, 'left'> }[];
}
