import type {
  CannedReply,
  CannedReplyRequest,
  InboxMessage,
  InboxPage,
  InboxThread,
  OfficerMessageRequest,
  UpdateThreadRequest,
} from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';
import type { InboxListKey } from '@web/lib/query-keys';

export const INBOX_PAGE_SIZE = 25;

/** A contact officer, as the assign select lists them. */
export interface Officer {
  id: string;
  name: string;
}

function threadPath(id: string, action?: string): string {
  const path = `/inbox/threads/${encodeURIComponent(id)}`;
  return action ? `${path}/${action}` : path;
}

/** `GET /api/inbox/threads`: one page of the conversations that match the filters. */
export function listThreads(
  list: InboxListKey,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<InboxPage> {
  return api.get<InboxPage>(
    '/inbox/threads',
    {
      status: list.status,
      category: list.category,
      assignee: list.assignee,
      q: list.q,
      sort: list.sort,
      limit: INBOX_PAGE_SIZE,
      cursor,
    },
    signal,
  );
}

/** `GET /api/inbox/threads/:id`: the whole conversation, internal notes included. */
export function getThread(id: string, signal?: AbortSignal): Promise<InboxThread> {
  return api.get<InboxThread>(threadPath(id), undefined, signal);
}

/** A reply (emailed to the sender and shown on their page) or an internal note. */
export function postOfficerMessage(
  id: string,
  request: OfficerMessageRequest,
): Promise<InboxMessage> {
  return api.post<InboxMessage>(threadPath(id, 'messages'), request);
}

/** `PATCH /api/inbox/threads/:id`: the status and/or the assignee (null unassigns). */
export function updateThread(id: string, request: UpdateThreadRequest): Promise<InboxThread> {
  return api.patch<InboxThread>(threadPath(id), request);
}

export function listOfficers(signal?: AbortSignal): Promise<Officer[]> {
  return api.get<Officer[]>('/inbox/officers', undefined, signal);
}

export function downloadInboxAttachment(id: string): Promise<DownloadedFile> {
  return apiDownload(`/inbox/attachments/${encodeURIComponent(id)}`);
}

export function listCannedReplies(signal?: AbortSignal): Promise<CannedReply[]> {
  return api.get<CannedReply[]>('/inbox/canned-replies', undefined, signal);
}

export function createCannedReply(request: CannedReplyRequest): Promise<CannedReply> {
  return api.post<CannedReply>('/inbox/canned-replies', request);
}

export function updateCannedReply(id: string, request: CannedReplyRequest): Promise<CannedReply> {
  return api.patch<CannedReply>(`/inbox/canned-replies/${encodeURIComponent(id)}`, request);
}

export function deleteCannedReply(id: string): Promise<void> {
  return api.delete<void>(`/inbox/canned-replies/${encodeURIComponent(id)}`);
}
