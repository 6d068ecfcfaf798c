import { useMutation, useQuery } from '@tanstack/react-query';
import type { UpdateRetentionRequest } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { getRetention, runRetention, updateRetention } from '../api/retention-api';

/** While a run is under way the page checks every two seconds for its end. */
const RUNNING_POLL_MS = 2000;

export function useRetention() {
  return useQuery({
    queryKey: queryKeys.retention,
    queryFn: ({ signal }) => getRetention(signal),
    refetchInterval: (query) => (query.state.data?.running ? RUNNING_POLL_MS : false),
  });
}

function refreshRetention(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.retention }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  ]);
}

export function useUpdateRetention() {
  return useMutation({
    mutationFn: (request: UpdateRetentionRequest) => updateRetention(request),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.retention, data),
    onSettled: () => refreshRetention(),
  });
}

export function useRunRetention() {
  return useMutation({
    mutationFn: () => runRetention(),
    onSettled: () => refreshRetention(),
  });
}
