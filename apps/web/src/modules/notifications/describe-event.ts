import type { EventKind, NewsletterStatusChangedPayload } from '@contracts';
import type { AnyRealtimeEvent } from '@web/lib/socket';
import { STATUS_TAG } from '@web/modules/contact/contact-labels';
import { findCachedEvent } from '@web/modules/events/events-cache';

function text(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function withTitle(sentence: string, data: Record<string, unknown>): string {
  const title = text(data, 'title') ?? text(data, 'subject');
  return title ? `${sentence}: ${title}` : sentence;
}

const KIND_WORDS: Record<EventKind, string> = {
  workshop: 'workshop',
  seminar: 'seminar',
  conference: 'conference',
  webinar: 'webinar',
};

/** "A workshop"; "An event" for a kind this version does not know. */
function kindPhrase(kind: string): string {
  const word = (KIND_WORDS as Record<string, string | undefined>)[kind];
  return word ? `A ${word}` : 'An event';
}

/** Counts carry no title: the event's, if this page has it. */
function eventTitle(id: string): string | null {
  return findCachedEvent(id)?.title ?? null;
}

const NEWSLETTER_STEPS: Record<NewsletterStatusChangedPayload['action'], string> = {
  created: 'A newsletter draft was started',
  submitted: 'A newsletter issue was submitted for clearance',
  returned: 'A newsletter issue was returned for changes',
  cleared: 'A newsletter issue was cleared for publication',
  scheduled: 'A newsletter issue was scheduled',
  unscheduled: 'A newsletter issue was taken off the schedule',
  published: 'A newsletter issue was published',
};

/** One human sentence per event, for the notifications list and live announcements. */
export function describeEvent(event: AnyRealtimeEvent, myUserId: string | null): string {
  switch (event.type) {
    case 'member.application.created':
      return `New application from ${event.data.application.name}`;
    case 'member.approved':
      return event.data.userId === myUserId
        ? 'Your application to join the network was accepted'
        : `${event.data.name} of ${event.data.organisation} joined the network`;
    case 'member.rejected':
      return event.data.userId === myUserId
        ? 'Your application was not accepted'
        : 'An application was turned down';
    case 'account.roles.changed':
      return event.data.userId === myUserId
        ? 'Your roles in the network changed'
        : "A member's roles changed";
    case 'account.export.ready':
      return 'A copy of your data is ready to download from your account';
    case 'member.updated':
      return event.data.member.id === myUserId
        ? 'Your profile was updated'
        : `${event.data.member.name} updated their profile`;
    case 'newsletter.published':
      return withTitle('A newsletter was published', { title: event.data.title });
    case 'newsletter.status.changed':
      return withTitle(NEWSLETTER_STEPS[event.data.action], { title: event.data.title });
    case 'document.published':
      return withTitle('A document was added to the library', { title: event.data.title });
    case 'document.quarantined':
      return event.data.uploaderId === myUserId
        ? withTitle('Your upload is held for review by a moderator', { title: event.data.title })
        : withTitle(
            `A document is waiting for review (${event.data.markingsFound.join(', ') || 'marking found'})`,
            { title: event.data.title },
          );
    case 'document.reviewed': {
      const { title, decision, reason, uploaderId } = event.data;
      const mine = uploaderId === myUserId;
      const what = decision === 'approved' ? 'approved and published' : 'rejected';
      const sentence = withTitle(
        mine ? `A moderator ${what} your document` : `A document held for review was ${what}`,
        { title },
      );
      return reason ? `${sentence}. Reason: ${reason}` : sentence;
    }
    case 'document.removed':
      return event.data.reason === 'under-review'
        ? 'A document was withdrawn from the library while a new version is reviewed'
        : 'A document was removed from the library';
    case 'event.created':
      return withTitle(`${kindPhrase(event.data.kind)} was announced`, {
        title: event.data.title,
      });
    case 'event.updated':
      return withTitle(
        event.data.status === 'cancelled' ? 'An event was cancelled' : 'An event was changed',
        { title: event.data.title },
      );
    case 'event.registration.changed': {
      const { seatsLeft } = event.data;
      const sentence =
        seatsLeft === null
          ? 'Registrations changed for an event'
          : seatsLeft <= 0
            ? 'An event is full'
            : `${seatsLeft} ${seatsLeft === 1 ? 'seat is' : 'seats are'} left at an event`;
      return withTitle(sentence, { title: eventTitle(event.data.id) });
    }
    case 'event.registration.promoted':
      return withTitle('A place came free and it is yours', { title: event.data.title });
    case 'inbox.thread.created': {
      const { thread } = event.data;
      return withTitle(`New message to the contact point from ${thread.senderName}`, {
        title: thread.subject,
      });
    }
    case 'inbox.message.created': {
      const { from, internal, authorName, reference } = event.data;
      if (internal) return `${authorName} added an internal note to ${reference}`;
      return from === 'sender'
        ? `New message from ${authorName} in conversation ${reference}`
        : `${authorName} sent a reply in conversation ${reference}`;
    }
    case 'inbox.thread.updated': {
      const { thread } = event.data;
      const status = STATUS_TAG[thread.status]?.label ?? thread.status;
      const assignee = thread.assigneeName
        ? `assigned to ${thread.assigneeId === myUserId ? 'you' : thread.assigneeName}`
        : 'unassigned';
      return `Conversation ${thread.reference} updated: ${status.toLowerCase()}, ${assignee}`;
    }
    default: {
      const unknown: never = event;
      return `Update: ${(unknown as { type: string }).type}`;
    }
  }
}
