import type {
  ApproveDocumentRequest,
  DocumentsPage,
  LibraryDocument,
  RejectDocumentRequest,
  UploadDocumentFields,
  UploadLimits,
} from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';
import type { DocumentListKey } from '@web/lib/query-keys';
import { uploadForm, type UploadAnswer, type UploadOptions } from './upload-request';

export const DOCUMENTS_PAGE_SIZE = 20;

/** `GET /api/documents`: a search of the library, my uploads, or a moderator's queue. */
export function listDocuments(
  list: DocumentListKey,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<DocumentsPage> {
  return api.get<DocumentsPage>(
    '/documents',
    {
      q: list.q,
      topic: list.topic,
      crimeType: list.crimeType,
      type: list.type,
      yearFrom: list.yearFrom,
      yearTo: list.yearTo,
      status: list.status,
      mine: list.mine ? true : undefined,
      // Relevance is the default with words, newest without: only the other choice is sent.
      sort: list.sort === (list.q ? 'relevance' : 'newest') ? undefined : list.sort,
      limit: DOCUMENTS_PAGE_SIZE,
      cursor,
    },
    signal,
  );
}

export function documentApiPath(id: string, action?: string): string {
  const path = `/documents/${encodeURIComponent(id)}`;
  return action ? `${path}/${action}` : path;
}

/** `GET /api/documents/:id`: with its versions, and its review for moderators and the uploader. */
export function getDocument(id: string, signal?: AbortSignal): Promise<LibraryDocument> {
  return api.get<LibraryDocument>(documentApiPath(id), undefined, signal);
}

/** `GET /api/documents/limits`: the size limit, accepted types and markings. */
export function getUploadLimits(signal?: AbortSignal): Promise<UploadLimits> {
  return api.get<UploadLimits>('/documents/limits', undefined, signal);
}

/**
 * The multipart body of an upload: the metadata first (so the server knows them before the
 * file streams in), list fields repeated, then the file.
 */
export function uploadFormData(fields: UploadDocumentFields, file: File): FormData {
  const form = new FormData();
  form.append('title', fields.title);
  if (fields.abstract) form.append('abstract', fields.abstract);
  for (const author of fields.authors ?? []) form.append('authors', author);
  if (fields.year !== undefined) form.append('year', String(fields.year));
  for (const topic of fields.topics ?? []) form.append('topics', topic);
  for (const crimeType of fields.crimeTypes ?? []) form.append('crimeTypes', crimeType);
  if (fields.language) form.append('language', fields.language);
  if (fields.source) form.append('source', fields.source);
  form.append('marking', fields.marking);
  form.append('file', file, file.name);
  return form;
}

/**
 * `POST /api/documents`: 201 with the new document (published, or quarantined for review), or
 * 200 with `duplicate: true` and the document already holding the identical file.
 */
export function uploadDocument(
  fields: UploadDocumentFields,
  file: File,
  options: UploadOptions,
): Promise<UploadAnswer<LibraryDocument>> {
  return uploadForm<LibraryDocument>('/documents', uploadFormData(fields, file), options);
}

/** `POST /api/documents/:id/versions`: a new file for a document (uploader or moderator). */
export function uploadVersion(
  id: string,
  file: File,
  options: UploadOptions,
): Promise<UploadAnswer<LibraryDocument>> {
  const form = new FormData();
  form.append('file', file, file.name);
  return uploadForm<LibraryDocument>(documentApiPath(id, 'versions'), form, options);
}

export function approveDocument(
  id: string,
  request: ApproveDocumentRequest,
): Promise<LibraryDocument> {
  return api.post<LibraryDocument>(documentApiPath(id, 'approve'), request);
}

export function rejectDocument(
  id: string,
  request: RejectDocumentRequest,
): Promise<LibraryDocument> {
  return api.post<LibraryDocument>(documentApiPath(id, 'reject'), request);
}

export function deleteDocument(id: string): Promise<void> {
  return api.delete<void>(documentApiPath(id));
}

/** The current file, or one version of it, as a blob (the link needs the bearer token). */
export function downloadDocument(id: string, version?: number): Promise<DownloadedFile> {
  const query = version === undefined ? '' : `?version=${encodeURIComponent(String(version))}`;
  return apiDownload(`${documentApiPath(id, 'download')}${query}`);
}
