import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { queryKeys } from '@web/lib/query-keys';
import { listAudit, verifyAudit, type AuditFilters } from '../api/admin-api';

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.audit, 'list', filters],
    queryFn: ({ pageParam, signal }) => listAudit(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Whether the log's hash chain holds; a full pass over the log, so not refetched on focus. */
export function useAuditVerification() {
  return useQuery({
    queryKey: [...queryKeys.audit, 'verify'],
    queryFn: ({ signal }) => verifyAudit(signal),
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  });
}
