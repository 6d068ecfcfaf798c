import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { LibraryDocument } from '@contracts';
import { isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys, type DocumentListKey } from '@web/lib/query-keys';
import {
  approveDocument,
  deleteDocument,
  getDocument,
  getUploadLimits,
  listDocuments,
  rejectDocument,
} from '../api/documents-api';
import {
  dropDocumentFromLists,
  findDocumentInLists,
  refreshDocumentLists,
  storeDocument,
} from '../documents-cache';

/** A library list: pages for one search (or my uploads, or a queue); the previous stay. */
export function useDocumentList(list: DocumentListKey, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.documentList(list),
    queryFn: ({ pageParam, signal }) => listDocuments(list, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One document; shows a list's copy, if any, while the full one (versions, review) loads. */
export function useDocument(id: string, enabled = true) {
  return useQuery<LibraryDocument>({
    queryKey: queryKeys.document(id),
    queryFn: ({ signal }) => getDocument(id, signal),
    enabled: enabled && id.length > 0,
    placeholderData: () => findDocumentInLists(id),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

/** What the upload form needs to know: the size limit, the accepted types and markings. */
export function useUploadLimits() {
  return useQuery({
    queryKey: queryKeys.documentLimits,
    queryFn: ({ signal }) => getUploadLimits(signal),
    staleTime: Infinity,
  });
}

export type ReviewVariables =
  | { id: string; decision: 'approve'; reason?: string }
  | { id: string; decision: 'reject'; reason: string };

/**
 * A moderator's decision on a quarantined upload. When someone else decided first (409), the
 * document is fetched again so the page shows what it is now.
 */
export function useReviewDocument() {
  return useMutation({
    mutationFn: (variables: ReviewVariables) =>
      variables.decision === 'approve'
        ? approveDocument(variables.id, variables.reason ? { reason: variables.reason } : {})
        : rejectDocument(variables.id, { reason: variables.reason }),
    onSuccess: (document) => storeDocument(document),
    onSettled: (_document, _error, { id }) =>
      Promise.all([
        refreshDocumentLists(),
        queryClient.invalidateQueries({ queryKey: queryKeys.document(id) }),
      ]),
  });
}

export function useDeleteDocument() {
  return useMutation({
    mutationFn: (id: string) => deleteDocument(id),
    onSuccess: (_result, id) => {
      dropDocumentFromLists(id);
      queryClient.removeQueries({ queryKey: queryKeys.document(id), exact: true });
    },
    onSettled: () => refreshDocumentLists(),
  });
}
