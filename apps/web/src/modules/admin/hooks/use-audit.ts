import { useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '@web/lib/query-keys';
import { listAudit } from '../api/admin-api';

export function useAudit() {
  return useInfiniteQuery({
    queryKey: queryKeys.audit,
    queryFn: ({ pageParam, signal }) => listAudit(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
