import {
  NEWSLETTER_LIMITS,
  type CreateNewsletterRequest,
  type FieldError,
  type Newsletter,
  type UpdateNewsletterRequest,
} from '@contracts';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';

/** What the editor's form holds. */
export interface DraftValues {
  title: string;
  summary: string;
  body: string;
  topics: string[];
  public: boolean;
}

export type DraftField = keyof DraftValues;
export type DraftErrors = Partial<Record<DraftField, string>>;

/** The form's fields in page order: the error summary lists problems in this order. */
const FIELD_ORDER: readonly DraftField[] = ['title', 'summary', 'body', 'topics', 'public'];

export const EMPTY_DRAFT: DraftValues = {
  title: '',
  summary: '',
  body: '',
  topics: [],
  // Members only until an editor decides the issue is for everyone.
  public: false,
};

export function draftFieldId(field: DraftField): string {
  return `newsletter-${field}`;
}

export function toDraftValues(issue: Newsletter): DraftValues {
  return {
    title: issue.title,
    summary: issue.summary,
    body: issue.body,
    topics: [...issue.topics],
    public: issue.public,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** What changed, as `PATCH /newsletters/:id` takes it: untouched fields are not sent. */
export function changedFields(values: DraftValues, saved: DraftValues): UpdateNewsletterRequest {
  const request: UpdateNewsletterRequest = {};
  if (values.title !== saved.title) request.title = values.title.trim();
  if (values.summary !== saved.summary) request.summary = values.summary;
  if (values.body !== saved.body) request.body = values.body;
  if (!sameSet(values.topics, saved.topics)) request.topics = values.topics;
  if (values.public !== saved.public) request.public = values.public;
  return request;
}

export function hasChanges(values: DraftValues, saved: DraftValues): boolean {
  return Object.keys(changedFields(values, saved)).length > 0;
}

export function toCreateRequest(values: DraftValues): CreateNewsletterRequest {
  return {
    title: values.title.trim(),
    summary: values.summary,
    body: values.body,
    topics: values.topics,
    public: values.public,
  };
}

const count = (value: number) => value.toLocaleString('en-GB');

export function validateDraft(values: DraftValues): DraftErrors {
  const errors: DraftErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title';
  else if (title.length > NEWSLETTER_LIMITS.title) {
    errors.title = `Title must be ${count(NEWSLETTER_LIMITS.title)} characters or fewer`;
  }
  if (values.summary.length > NEWSLETTER_LIMITS.summary) {
    errors.summary = `Summary must be ${count(NEWSLETTER_LIMITS.summary)} characters or fewer`;
  }
  if (values.body.length > NEWSLETTER_LIMITS.body) {
    errors.body = `The text must be ${count(NEWSLETTER_LIMITS.body)} characters or fewer`;
  }
  if (values.topics.length > NEWSLETTER_LIMITS.topics) {
    errors.topics = `Choose ${NEWSLETTER_LIMITS.topics} topics or fewer`;
  }
  return errors;
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Maps a server error's `field` (`title`, `topics[2]`, `topics.2`) to a control. */
function draftFieldFor(field: string): DraftField | null {
  const base = field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
  return FIELD_ORDER.find((candidate) => candidate === base) ?? null;
}

/** A 400's field errors, on the form's fields; the rest as sentences. */
export function fromServerErrors(errors: readonly FieldError[]): {
  fields: DraftErrors;
  other: string[];
} {
  const fields: DraftErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const control = draftFieldFor(field);
    if (control) fields[control] ??= sentence(message);
    else other.push(sentence(message));
  }
  return { fields, other };
}

/** The error summary's items for a set of field errors and other messages, in page order. */
export function draftSummary(
  errors: DraftErrors,
  other: readonly string[] = [],
): ErrorSummaryItem[] {
  return [
    ...FIELD_ORDER.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: draftFieldId(field), text }] : [];
    }),
    ...other.map((text) => ({ text })),
  ];
}
