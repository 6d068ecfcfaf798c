import type {
  ContactCategory,
  ContactReceipt,
  ContactRequest,
  ThreadStatus,
  TrackedMessage,
  TrackedThread,
} from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';
import { postContact, type SendOptions } from './contact-request';

/** One of a member's conversations, as `GET /api/contact/mine` lists it. */
export interface MyContactThread {
  reference: string;
  subject: string;
  category: ContactCategory;
  status: ThreadStatus;
  createdAt: string;
  lastMessageAt: string;
}

export interface MyContactThreads {
  items: MyContactThread[];
}

function referencePath(reference: string): string {
  return `/contact/${encodeURIComponent(reference)}`;
}

function minePath(reference: string): string {
  return `/contact/mine/${encodeURIComponent(reference)}`;
}

/**
 * The multipart body of a message with files: the fields first (so the server has them before
 * the files stream in), then the `files` parts.
 */
function formWith(fields: Record<string, string | undefined>, files: readonly File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, value);
  }
  for (const file of files) form.append('files', file, file.name);
  return form;
}

/**
 * `POST /api/contact`: JSON, or multipart when files go with it. Signed in, the name and email
 * are left out (the account's are used).
 */
export function sendContact(
  request: ContactRequest,
  files: readonly File[],
  options: SendOptions = {},
): Promise<ContactReceipt> {
  if (files.length === 0) return postContact<ContactReceipt>('/contact', request, {}, options);
  const form = formWith(
    {
      name: request.name,
      email: request.email,
      organisation: request.organisation,
      category: request.category,
      subject: request.subject,
      message: request.message,
      website: request.website,
    },
    files,
  );
  return postContact<ContactReceipt>('/contact', form, {}, options);
}

/** `GET /api/contact/:reference?token=`: the conversation through its secret link. */
export function getTrackedThread(
  reference: string,
  token: string,
  signal?: AbortSignal,
): Promise<TrackedThread> {
  return api.get<TrackedThread>(referencePath(reference), { token }, signal);
}

/** `POST /api/contact/:reference/messages?token=`: the sender's reply, with any files. */
export function sendTrackedReply(
  reference: string,
  token: string,
  body: string,
  files: readonly File[],
  options: SendOptions = {},
): Promise<TrackedMessage> {
  const path = `${referencePath(reference)}/messages`;
  const payload = files.length === 0 ? { body } : formWith({ body }, files);
  return postContact<TrackedMessage>(path, payload, { token }, options);
}

export function downloadTrackedAttachment(
  reference: string,
  token: string,
  attachmentId: string,
): Promise<DownloadedFile> {
  const query = new URLSearchParams({ token }).toString();
  return apiDownload(
    `${referencePath(reference)}/attachments/${encodeURIComponent(attachmentId)}?${query}`,
  );
}

/** An attachment of one of the signed-in member's own conversations. */
export function downloadMyAttachment(
  reference: string,
  attachmentId: string,
): Promise<DownloadedFile> {
  return apiDownload(`${minePath(reference)}/attachments/${encodeURIComponent(attachmentId)}`);
}

/** `GET /api/contact/mine`: the signed-in member's conversations with the contact point. */
export function listMyThreads(signal?: AbortSignal): Promise<MyContactThreads> {
  return api.get<MyContactThreads>('/contact/mine', undefined, signal);
}

export function getMyThread(reference: string, signal?: AbortSignal): Promise<TrackedThread> {
  return api.get<TrackedThread>(minePath(reference), undefined, signal);
}

/** `POST /api/contact/mine/:reference/messages`: a member's reply (with any files). */
export function sendMyReply(
  reference: string,
  body: string,
  files: readonly File[],
  options: SendOptions = {},
): Promise<TrackedMessage> {
  const path = `${minePath(reference)}/messages`;
  return postContact<TrackedMessage>(
    path,
    files.length === 0 ? { body } : formWith({ body }, files),
    {},
    options,
  );
}
