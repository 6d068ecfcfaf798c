import type { ApplicationResponse } from './admin';
import type { DataExportReadyPayload } from './data-rights';
import type { MemberUpdatedPayload } from './members';
import type {
  DocumentPublishedPayload,
  DocumentQuarantinedPayload,
  DocumentRemovedPayload,
  DocumentReviewedPayload,
} from './documents';
import type {
  EventCreatedPayload,
  EventRegistrationChangedPayload,
  EventRegistrationPromotedPayload,
  EventUpdatedPayload,
} from './events';
import type {
  InboxMessagePayload,
  InboxThreadPayload,
  PresencePayload,
  PresenceUpdate,
} from './inbox';
import type { NewsletterPublishedPayload, NewsletterStatusChangedPayload } from './newsletters';

/** Every realtime event, pushed on Socket.IO and replayed by `GET /api/notifications?after=`. */
export interface RealtimeEnvelope<T extends EventType = EventType> {
  /** Notification id: a decimal string, increasing; the cursor for `?after=`. */
  id: string;
  type: T;
  at: string;
  data: EventPayloads[T];
}

export interface MemberApplicationCreatedPayload {
  application: ApplicationResponse;
}
export interface MemberApprovedPayload {
  userId: string;
  name: string;
  organisation: string;
  sector: string;
  country: string;
}
export interface MemberRejectedPayload {
  userId: string;
  reason: string;
}
export interface AccountRolesChangedPayload {
  userId: string;
  roles: string[];
}

export interface EventPayloads {
  'member.application.created': MemberApplicationCreatedPayload;
  'member.approved': MemberApprovedPayload;
  'member.rejected': MemberRejectedPayload;
  'account.roles.changed': AccountRolesChangedPayload;
  /** To the member: the copy of their data they asked for can be downloaded. */
  'account.export.ready': DataExportReadyPayload;
  /** A member changed their profile; to members, with what members may see. */
  'member.updated': MemberUpdatedPayload;
  'newsletter.published': NewsletterPublishedPayload;
  /** To editors: an issue was submitted, returned, cleared, scheduled or published. */
  'newsletter.status.changed': NewsletterStatusChangedPayload;
  'document.published': DocumentPublishedPayload;
  'document.quarantined': DocumentQuarantinedPayload;
  /** To the uploader and moderators: a quarantined upload was approved or rejected. */
  'document.reviewed': DocumentReviewedPayload;
  /** To members: a document was deleted or unpublished. */
  'document.removed': DocumentRemovedPayload;
  'event.created': EventCreatedPayload;
  'event.updated': EventUpdatedPayload;
  'event.registration.changed': EventRegistrationChangedPayload;
  /** To one member: a cancellation gave them a seat from the waitlist. */
  'event.registration.promoted': EventRegistrationPromotedPayload;
  'inbox.thread.created': InboxThreadPayload;
  'inbox.message.created': InboxMessagePayload;
  'inbox.thread.updated': InboxThreadPayload;
}
export type EventType = keyof EventPayloads;

export type ServerToClientEvents = {
  [K in EventType]: (event: RealtimeEnvelope<K>) => void;
} & {
  /** Sent just before the server drops a socket whose session ended (sign-out, disabled). */
  'session.ended': (info: { reason: string }) => void;
  /** To contact officers: who is viewing or replying on a thread (ephemeral, not replayed). */
  'inbox.presence': (presence: PresencePayload) => void;
};

export interface ClientToServerEvents {
  ping: (ack: (reply: { ok: boolean; at: string }) => void) => void;
  /**
   * A fresh access token of the same session (after `POST /auth/refresh`): the socket stays
   * open past the old token's expiry. A socket whose token expires unrenewed is dropped.
   */
  'auth.renew': (token: string, ack: (reply: { ok: boolean; error?: string }) => void) => void;
  /** Contact officers: I am viewing / replying on / have left a thread. */
  'inbox.presence': (
    update: PresenceUpdate,
    ack: (reply: { ok: boolean; error?: string; presence?: PresencePayload }) => void,
  ) => void;
}

export const rooms = {
  user: (id: string) => `user:${id}`,
  role: (role: string) => `role:${role}`,
  members: 'members',
} as const;
