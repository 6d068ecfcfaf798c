import type { InfiniteData } from '@tanstack/react-query';
import type { DocumentsPage, LibraryDocument } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';

export type DocumentPages = InfiniteData<DocumentsPage, string | null>;

/**
 * Keeps a document the API just answered with (an upload, a review, a new version) over what
 * was cached: fields an answer may leave out (versions, review) stay until the next fetch.
 */
export function storeDocument(document: LibraryDocument): void {
  queryClient.setQueryData<LibraryDocument>(queryKeys.document(document.id), (old) =>
    old ? { ...old, ...document } : document,
  );
}

/** Every list (searches, my uploads, the moderation queue) after a document changed. */
export function refreshDocumentLists(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.documentListsAll });
}

/** Takes a document out of every cached list at once (and out of their totals). */
export function dropDocumentFromLists(id: string): void {
  queryClient.setQueriesData<DocumentPages>({ queryKey: queryKeys.documentListsAll }, (old) => {
    if (!old) return old;
    let removed = 0;
    const pages = old.pages.map((page) => {
      const items = page.items.filter((item) => item.id !== id);
      removed += page.items.length - items.length;
      return items.length === page.items.length ? page : { ...page, items };
    });
    if (removed === 0) return old;
    return {
      ...old,
      pages: pages.map((page) => ({ ...page, total: Math.max(0, page.total - removed) })),
    };
  });
}

/** A document already loaded in some list, to show while the full one loads. */
export function findDocumentInLists(id: string): LibraryDocument | undefined {
  for (const [, data] of queryClient.getQueriesData<DocumentPages>({
    queryKey: queryKeys.documentListsAll,
  })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}
