import type { ContactCategory, ThreadStatus } from '@contracts';
import type { TagColour } from '@web/ui/Tag';

/** How each category is named to people, and what it is for. */
export const CATEGORY_LABELS: Record<ContactCategory, string> = {
  general: 'General question',
  research_findings: 'Research findings',
  join: 'Joining the network',
  events: 'Events, workshops and seminars',
  newsletter: 'The newsletter',
  other: 'Something else',
};

export const CATEGORY_HINTS: Record<ContactCategory, string> = {
  general: 'About the network and what it does',
  research_findings: 'Findings, data or a report you would like to share or discuss',
  join: 'Applying, invitations and your account',
  events: 'Taking part in, proposing or registering for an event',
  newsletter: 'Subscribing, or suggesting something for an issue',
  other: 'Anything that does not fit above',
};

/** A category this version does not know is shown as the API sent it. */
export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Record<string, string | undefined>)[category] ?? category;
}

/** A conversation's status as contact officers see it. */
export const STATUS_TAG: Record<ThreadStatus, { label: string; colour: TagColour }> = {
  new: { label: 'New', colour: 'blue' },
  open: { label: 'Open', colour: 'light-blue' },
  waiting: { label: 'Waiting for sender', colour: 'yellow' },
  closed: { label: 'Closed', colour: 'grey' },
};

/** A conversation's status as its sender sees it. */
export const SENDER_STATUS_TAG: Record<ThreadStatus, { label: string; colour: TagColour }> = {
  new: { label: 'Received', colour: 'blue' },
  open: { label: 'Being answered', colour: 'light-blue' },
  waiting: { label: 'Answered', colour: 'green' },
  closed: { label: 'Closed', colour: 'grey' },
};

export function statusTag(
  status: string,
  view: 'officer' | 'sender',
): { label: string; colour: TagColour } {
  const tags = (view === 'officer' ? STATUS_TAG : SENDER_STATUS_TAG) as Record<
    string,
    { label: string; colour: TagColour } | undefined
  >;
  return tags[status] ?? { label: status, colour: 'grey' };
}

/** The tracking page of a conversation (the link in the receipt and in every email). */
export function trackingPath(reference: string, token: string): string {
  return `/contact/track/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`;
}

/** A member's own conversation. */
export function minePath(reference: string): string {
  return `/contact/mine/${encodeURIComponent(reference)}`;
}
