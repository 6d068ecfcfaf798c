import type { Page } from './pagination';

/** The kinds of file the library accepts, decided by content, never by name. */
export const DOCUMENT_TYPES = [
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'txt',
  'csv',
  'md',
  'png',
  'jpeg',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What an uploader may declare. */
export const ACCEPTED_MARKINGS = ['UNCLASSIFIED', 'OFFICIAL'] as const;
export type DocumentMarking = (typeof ACCEPTED_MARKINGS)[number];

/**
 * Protective markings above OFFICIAL (current scheme and pre-2014 ones): refused when
 * declared; found in a file's text or properties, they send it to quarantine.
 */
export const REFUSED_MARKINGS = [
  'OFFICIAL-SENSITIVE',
  'SECRET',
  'TOP SECRET',
  'PROTECT',
  'RESTRICTED',
  'CONFIDENTIAL',
] as const;
export type RefusedMarking = (typeof REFUSED_MARKINGS)[number];

export const DOCUMENT_STATUSES = ['published', 'quarantined', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DOCUMENT_LIMITS = {
  title: 300,
  abstract: 5000,
  authors: 50,
  author: 200,
  /** BCP 47 tag, e.g. `en`, `en-GB`. */
  language: 35,
  source: 2000,
  topics: 20,
  crimeTypes: 20,
  reason: 2000,
  fileName: 255,
  /** Characters of extracted text kept for search. */
  text: 2_000_000,
} as const;

/** One stored version of a document's file. */
export interface DocumentVersion {
  id: string;
  /** 1, 2, 3… */
  number: number;
  fileName: string;
  type: DocumentType;
  mime: string;
  size: number;
  sha256: string;
  /** PDF pages, when known. */
  pages: number | null;
  uploadedById: string;
  uploadedByName: string;
  createdAt: string;
  /** Relative URL of this version's file (`/api/documents/:id/download?version=n`). */
  downloadUrl: string;
}

/** The outcome of inspection and review (moderators and the uploader). */
export interface DocumentReview {
  /** Markings above OFFICIAL found in the text or properties. */
  markingsFound: string[];
  /** Where they were found, e.g. `page 3`, `header`, `sensitivity label`. */
  foundIn: string[];
  decision: 'approved' | 'rejected' | null;
  reason: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewedAt: string | null;
}

export interface LibraryDocument {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  year: number | null;
  /** Cross-cutting topic ids from the taxonomy. */
  topics: string[];
  /** Crime-type topic ids from the taxonomy. */
  crimeTypes: string[];
  language: string | null;
  /** A URL or a DOI (`10.xxxx/…`). */
  source: string | null;
  marking: DocumentMarking;
  status: DocumentStatus;
  /** The current version's file. */
  type: DocumentType;
  mime: string;
  size: number;
  fileName: string;
  sha256: string;
  version: number;
  downloads: number;
  uploaderId: string;
  uploaderName: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** `GET /documents/:id` only: every version, newest first. */
  versions?: DocumentVersion[];
  /** Moderators and the uploader only. */
  review?: DocumentReview;
  /** Search results with `q` only: matched words wrapped in `<mark>…</mark>`, the rest escaped. */
  snippet?: string;
  /** Upload answers only: the identical file was already in the library; this is that document. */
  duplicate?: boolean;
}

export type DocumentsPage = Page<LibraryDocument> & { total: number };

/**
 * `GET /api/documents`: published documents; moderators may ask for any `status`; `mine`
 * lists the caller's own uploads in every status.
 */
export interface DocumentsQuery {
  q?: string;
  topic?: string[];
  crimeType?: string[];
  type?: DocumentType[];
  year?: number;
  yearFrom?: number;
  yearTo?: number;
  status?: DocumentStatus;
  mine?: boolean;
  /** `relevance` (default with `q`) or `newest` (default without). */
  sort?: 'relevance' | 'newest';
  limit?: number;
  cursor?: string;
}

/**
 * Multipart fields of `POST /api/documents` beside the `file` part. List fields may be repeated
 * (`topics=a&topics=b`), or one field holding a JSON array or a comma-separated list.
 */
export interface UploadDocumentFields {
  title: string;
  abstract?: string;
  authors?: string[];
  year?: number;
  topics?: string[];
  crimeTypes?: string[];
  language?: string;
  source?: string;
  marking: DocumentMarking;
}

/** `POST /api/documents/:id/reject`. */
export interface RejectDocumentRequest {
  reason: string;
}
/** `POST /api/documents/:id/approve`: an optional note to the uploader. */
export interface ApproveDocumentRequest {
  reason?: string;
}

/** `GET /api/documents/limits`: what the upload form needs to know. */
export interface UploadLimits {
  maxUploadBytes: number;
  types: DocumentType[];
  markings: DocumentMarking[];
}

/** `document.published`, to members. */
export interface DocumentPublishedPayload {
  id: string;
  title: string;
  type: DocumentType;
  topics: string[];
  crimeTypes: string[];
  uploaderId: string;
  uploaderName: string;
  version: number;
  publishedAt: string;
}

/** `document.quarantined`, to moderators and the uploader. */
export interface DocumentQuarantinedPayload {
  id: string;
  title: string;
  uploaderId: string;
  uploaderName: string;
  markingsFound: string[];
}

/** `document.reviewed`, to the uploader and moderators: a quarantined upload was decided. */
export interface DocumentReviewedPayload {
  id: string;
  title: string;
  uploaderId: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
}

/**
 * `document.removed`: a document left the library: `deleted` (to members, or to moderators and
 * the uploader when it was not published), or `under-review` (a new version went to quarantine).
 */
export interface DocumentRemovedPayload {
  id: string;
  reason: 'deleted' | 'under-review';
}
