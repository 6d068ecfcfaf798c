import { useMutation, useQuery } from '@tanstack/react-query';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { addDomain, listDomains, removeDomain } from '../api/invitations-api';

export function useDomains() {
  return useQuery({
    queryKey: queryKeys.domains,
    queryFn: ({ signal }) => listDomains(signal),
  });
}

function refreshDomains(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.domains }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  ]);
}

export function useAddDomain() {
  return useMutation({
    mutationFn: (pattern: string) => addDomain({ pattern }),
    onSettled: () => refreshDomains(),
  });
}

export function useRemoveDomain() {
  return useMutation({
    mutationFn: (id: string) => removeDomain(id),
    onSettled: () => refreshDomains(),
  });
}
