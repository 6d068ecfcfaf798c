/** What the platform keeps, for how long: the retention rules and their last runs. */
export const RETENTION_RULE_KEYS = [
  'unverified_accounts',
  'rejected_applications',
  'closed_contact_threads',
  'notifications',
  'sent_mail',
  'expired_tokens',
] as const;
export type RetentionRuleKey = (typeof RETENTION_RULE_KEYS)[number];

/** How a run was started: the daily job, an admin's "run now", or the hourly account sweep. */
export type RetentionTrigger = 'schedule' | 'manual' | 'hourly';

export interface RetentionRuleLimits {
  /** Whether 0 (keep for ever) is allowed. */
  keepForeverAllowed: boolean;
  /** The least and most days a setting other than 0 may have. */
  minDays: number;
  maxDays: number;
  defaultDays: number;
}

/** The bounds of each rule an admin may change (unverified accounts follow configuration). */
export const RETENTION_LIMITS: Record<
  Exclude<RetentionRuleKey, 'unverified_accounts'>,
  RetentionRuleLimits
> = {
  rejected_applications: { keepForeverAllowed: true, minDays: 1, maxDays: 3650, defaultDays: 90 },
  closed_contact_threads: {
    keepForeverAllowed: true,
    minDays: 30,
    maxDays: 3650,
    defaultDays: 730,
  },
  notifications: { keepForeverAllowed: true, minDays: 7, maxDays: 3650, defaultDays: 90 },
  sent_mail: { keepForeverAllowed: true, minDays: 1, maxDays: 3650, defaultDays: 30 },
  expired_tokens: { keepForeverAllowed: false, minDays: 1, maxDays: 90, defaultDays: 1 },
};
export type EditableRetentionRuleKey = keyof typeof RETENTION_LIMITS;

/** Why a value cannot be a rule's setting, or null when it can. */
export function retentionDaysProblem(key: EditableRetentionRuleKey, value: unknown): string | null {
  const limits = RETENTION_LIMITS[key];
  const range = `between ${limits.minDays} and ${limits.maxDays}`;
  const allowed = limits.keepForeverAllowed
    ? `0 (keep for ever) or a whole number ${range}`
    : `a whole number ${range}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `Enter ${allowed}`;
  if (value === 0 && limits.keepForeverAllowed) return null;
  if (value < limits.minDays || value > limits.maxDays) return `Enter ${allowed}`;
  return null;
}

export interface RetentionRuleResponse extends RetentionRuleLimits {
  key: RetentionRuleKey;
  label: string;
  description: string;
  /** Days; 0 means kept for ever. */
  days: number;
  /** False when the setting comes from configuration (UNVERIFIED_ACCOUNT_DAYS). */
  editable: boolean;
  lastRunAt: string | null;
  /** Rows deleted or anonymised by the last run. */
  lastRunRows: number | null;
  lastRunTrigger: RetentionTrigger | null;
}

export interface RetentionResponse {
  rules: RetentionRuleResponse[];
  /** A run (daily or "run now") is under way. */
  running: boolean;
  /** When the daily job runs next. */
  nextRunAt: string | null;
}

/** Only the rules to change; each value in days (0 = keep for ever where allowed). */
export type UpdateRetentionRequest = Partial<Record<EditableRetentionRuleKey, number>>;

export interface RetentionRunResponse {
  status: 'started';
}
