import {
  DOCUMENT_LIMITS,
  type DocumentMarking,
  type FieldError,
  type UploadDocumentFields,
} from '@contracts';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { formatBytes } from './document-labels';

/** What the upload form holds. */
export interface UploadValues {
  title: string;
  abstract: string;
  /** One author per line. */
  authors: string;
  year: string;
  topics: string[];
  crimeTypes: string[];
  language: string;
  source: string;
  marking: DocumentMarking | '';
  file: File | null;
}

export type UploadField = keyof UploadValues;
export type UploadErrors = Partial<Record<UploadField, string>>;

/** The form's fields in page order: the error summary lists problems in this order. */
const FIELD_ORDER: readonly UploadField[] = [
  'title',
  'authors',
  'year',
  'abstract',
  'topics',
  'crimeTypes',
  'language',
  'source',
  'marking',
  'file',
];

export const EMPTY_UPLOAD: UploadValues = {
  title: '',
  abstract: '',
  authors: '',
  year: '',
  topics: [],
  crimeTypes: [],
  language: '',
  source: '',
  marking: '',
  file: null,
};

export function uploadFieldId(field: UploadField): string {
  return `document-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

export function authorList(authors: string): string[] {
  return authors
    .split(/\r?\n/)
    .map((author) => author.trim())
    .filter((author) => author.length > 0);
}

const count = (value: number) => value.toLocaleString('en-GB');

/** A file's problems before it is sent: nothing, or too large, or empty. */
export function checkFile(file: File | null, maxBytes: number | undefined): string | undefined {
  if (!file) return 'Select a file to upload';
  if (file.size === 0) return 'The selected file is empty';
  if (maxBytes !== undefined && file.size > maxBytes) {
    return `The selected file must be smaller than ${formatBytes(maxBytes)}`;
  }
  return undefined;
}

const DOI = /^(?:doi:\s*)?10\.\d{4,9}\/\S+$/i;

function isSource(value: string): boolean {
  if (DOI.test(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function validateUpload(values: UploadValues, maxBytes: number | undefined): UploadErrors {
  const errors: UploadErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title';
  else if (title.length > DOCUMENT_LIMITS.title) {
    errors.title = `Title must be ${count(DOCUMENT_LIMITS.title)} characters or fewer`;
  }
  const authors = authorList(values.authors);
  if (authors.length > DOCUMENT_LIMITS.authors) {
    errors.authors = `Enter ${DOCUMENT_LIMITS.authors} authors or fewer`;
  } else if (authors.some((author) => author.length > DOCUMENT_LIMITS.author)) {
    errors.authors = `Each author’s name must be ${count(DOCUMENT_LIMITS.author)} characters or fewer`;
  }
  const year = values.year.trim();
  const thisYear = new Date().getFullYear();
  if (year && (!/^\d{4}$/.test(year) || Number(year) < 1000 || Number(year) > thisYear + 1)) {
    errors.year = `Year must be a real year, like ${thisYear}`;
  }
  if (values.abstract.length > DOCUMENT_LIMITS.abstract) {
    errors.abstract = `Abstract must be ${count(DOCUMENT_LIMITS.abstract)} characters or fewer`;
  }
  if (values.topics.length > DOCUMENT_LIMITS.topics) {
    errors.topics = `Choose ${DOCUMENT_LIMITS.topics} topics or fewer`;
  }
  if (values.crimeTypes.length > DOCUMENT_LIMITS.crimeTypes) {
    errors.crimeTypes = `Choose ${DOCUMENT_LIMITS.crimeTypes} crime types or fewer`;
  }
  const source = values.source.trim();
  if (source.length > DOCUMENT_LIMITS.source) {
    errors.source = `Source must be ${count(DOCUMENT_LIMITS.source)} characters or fewer`;
  } else if (source && !isSource(source)) {
    errors.source = 'Enter the source as a web address starting https:// or a DOI like 10.1000/182';
  }
  if (!values.marking) errors.marking = 'Select the protective marking of the document';
  const fileError = checkFile(values.file, maxBytes);
  if (fileError) errors.file = fileError;
  return errors;
}

export function toUploadFields(values: UploadValues): UploadDocumentFields {
  const authors = authorList(values.authors);
  const year = values.year.trim();
  return {
    title: values.title.trim(),
    abstract: values.abstract.trim() || undefined,
    authors: authors.length > 0 ? authors : undefined,
    year: year ? Number(year) : undefined,
    topics: values.topics,
    crimeTypes: values.crimeTypes,
    language: values.language || undefined,
    source: values.source.trim() || undefined,
    marking: values.marking || 'UNCLASSIFIED',
  };
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Maps a server error's `field` (`title`, `authors[2]`, `topics.2`) to a control. */
function uploadFieldFor(field: string): UploadField | null {
  const base = field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
  return FIELD_ORDER.find((candidate) => candidate === base) ?? null;
}

/** A 400's field errors, on the form's fields; the rest as sentences. */
export function fromServerErrors(errors: readonly FieldError[]): {
  fields: UploadErrors;
  other: string[];
} {
  const fields: UploadErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const control = uploadFieldFor(field);
    if (control) fields[control] ??= sentence(message);
    else other.push(sentence(message));
  }
  return { fields, other };
}

/** The error summary's items for a set of field errors and other messages, in page order. */
export function uploadSummary(
  errors: UploadErrors,
  other: readonly string[] = [],
): ErrorSummaryItem[] {
  return [
    ...FIELD_ORDER.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: uploadFieldId(field), text }] : [];
    }),
    ...other.map((text) => ({ text })),
  ];
}
