import type { Newsletter } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';

/**
 * Keeps an issue the API just answered with (the answer of an edit or a workflow step), over
 * what was cached: fields an answer may leave out (the history) stay until the next fetch.
 */
export function storeNewsletter(issue: Newsletter): void {
  queryClient.setQueryData<Newsletter>(queryKeys.newsletter(issue.id), (old) =>
    old ? { ...old, ...issue } : issue,
  );
}

/** Lists (the archive, the editors' lists) after an issue was created, changed or deleted. */
export function refreshNewsletterLists(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.newsletterListsAll });
}
