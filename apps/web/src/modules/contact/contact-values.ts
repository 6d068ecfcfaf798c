import {
  CONTACT_CATEGORIES,
  CONTACT_LIMITS,
  type ContactCategory,
  type ContactRequest,
  type FieldError,
} from '@contracts';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { checkAttachments } from './attachments';

export interface ContactValues {
  name: string;
  email: string;
  organisation: string;
  category: ContactCategory | '';
  subject: string;
  message: string;
  files: File[];
  /** The honeypot: people never see it, so it stays empty. */
  website: string;
}

export type ContactField = Exclude<keyof ContactValues, 'website'>;
export type ContactErrors = Partial<Record<ContactField, string>>;

export const EMPTY_CONTACT: ContactValues = {
  name: '',
  email: '',
  organisation: '',
  category: '',
  subject: '',
  message: '',
  files: [],
  website: '',
};

/** The order of the fields on the page, for the error summary. */
const FIELD_ORDER: readonly ContactField[] = [
  'name',
  'email',
  'organisation',
  'category',
  'subject',
  'message',
  'files',
];

export function contactFieldId(field: ContactField): string {
  return `contact-${field}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The form's own checks, before anything is sent. Signed in (`account`), the name and email
 * are the account's and not checked.
 */
export function validateContact(values: ContactValues, account: boolean): ContactErrors {
  const errors: ContactErrors = {};
  if (!account) {
    const name = values.name.trim();
    if (!name) errors.name = 'Enter your name';
    else if (name.length > CONTACT_LIMITS.name) {
      errors.name = `Your name must be ${CONTACT_LIMITS.name} characters or fewer`;
    }
    const email = values.email.trim();
    if (!email) errors.email = 'Enter your email address';
    else if (email.length > CONTACT_LIMITS.email || !EMAIL.test(email)) {
      errors.email = 'Enter an email address in the correct format, like name@example.com';
    }
  }
  if (values.organisation.trim().length > CONTACT_LIMITS.organisation) {
    errors.organisation = `Organisation must be ${CONTACT_LIMITS.organisation} characters or fewer`;
  }
  if (!values.category) errors.category = 'Select what your message is about';
  const subject = values.subject.trim();
  if (!subject) errors.subject = 'Enter a subject';
  else if (subject.length > CONTACT_LIMITS.subject) {
    errors.subject = `Subject must be ${CONTACT_LIMITS.subject} characters or fewer`;
  }
  const message = values.message.trim();
  if (!message) errors.message = 'Enter your message';
  else if (values.message.length > CONTACT_LIMITS.message) {
    errors.message = `Your message must be ${CONTACT_LIMITS.message.toLocaleString('en-GB')} characters or fewer`;
  }
  const files = checkAttachments(values.files);
  if (files) errors.files = files;
  return errors;
}

export function toContactRequest(values: ContactValues, account: boolean): ContactRequest {
  const organisation = values.organisation.trim();
  return {
    ...(account ? {} : { name: values.name.trim(), email: values.email.trim() }),
    ...(organisation ? { organisation } : {}),
    // Validation has made sure one is chosen.
    category: values.category === '' ? 'general' : values.category,
    subject: values.subject.trim(),
    message: values.message,
    website: values.website,
  };
}

function isField(field: string): field is ContactField {
  return (FIELD_ORDER as readonly string[]).includes(field);
}

/** The server's field errors (`files.0` counts as `files`), and those of no field on the form. */
export function fromServerErrors(errors: readonly FieldError[]): {
  fields: ContactErrors;
  other: string[];
} {
  const fields: ContactErrors = {};
  const other: string[] = [];
  for (const error of errors) {
    const field = error.field.split(/[.[]/)[0];
    if (isField(field)) fields[field] ??= error.message;
    else other.push(error.message);
  }
  return { fields, other };
}

export function contactSummary(errors: ContactErrors, other: string[] = []): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = [];
  for (const field of FIELD_ORDER) {
    const text = errors[field];
    if (text) items.push({ fieldId: contactFieldId(field), text });
  }
  for (const text of other) items.push({ text });
  return items;
}

export const CATEGORY_ORDER: readonly ContactCategory[] = CONTACT_CATEGORIES;
