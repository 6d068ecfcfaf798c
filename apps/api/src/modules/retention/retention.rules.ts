import type { RetentionRuleKey } from '@contracts';

export interface RuleDefinition {
  key: RetentionRuleKey;
  label: string;
  description: string;
  /** Tables a rule handles one after the other (each in its own batches). */
  parts: string[];
}

/** Every rule, in the order a run takes them and the admin page lists them. */
export const RULES: RuleDefinition[] = [
  {
    key: 'unverified_accounts',
    label: 'Unconfirmed applications',
    description:
      'Applications whose email address was never confirmed are deleted, releasing the address. Checked every hour; set by UNVERIFIED_ACCOUNT_DAYS.',
    parts: ['users'],
  },
  {
    key: 'rejected_applications',
    label: 'Rejected applications',
    description:
      'Accounts whose application was rejected are deleted this long after the decision.',
    parts: ['users'],
  },
  {
    key: 'closed_contact_threads',
    label: 'Closed contact point conversations',
    description:
      "Closed conversations are anonymised this long after they were closed: the sender's name, email address and organisation, the subject and every message are removed and attachments deleted. The reference, category, dates and counts stay for statistics.",
    parts: ['inbox_threads'],
  },
  {
    key: 'notifications',
    label: 'Notifications',
    description: 'Notifications (the live updates people catch up on) are deleted at this age.',
    parts: ['notifications'],
  },
  {
    key: 'sent_mail',
    label: 'Sent mail',
    description: 'Copies of messages already sent are deleted from the outbox at this age.',
    parts: ['mail_outbox'],
  },
  {
    key: 'expired_tokens',
    label: 'Expired links, sessions and sign-in records',
    description:
      'Email links, sign-in challenges, rate-limit counters and sessions are deleted this long after they expire (signed-out sessions after 30 days at least).',
    parts: ['account_tokens', 'auth_challenges', 'rate_limits', 'sessions'],
  },
];
