import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CreateNewsletterRequest, Newsletter, UpdateSubscriptionRequest } from '@contracts';
import { isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys, type NewsletterListKey } from '@web/lib/query-keys';
import {
  createNewsletter,
  deleteNewsletter,
  getNewsletter,
  getSubscription,
  listNewsletters,
  previewNewsletter,
  runNewsletterAction,
  unsubscribe,
  updateSubscription,
  type NewsletterAction,
} from '../api/newsletters-api';
import { refreshNewsletterLists, storeNewsletter } from '../newsletters-cache';

/** The archive, or an editor's list of one status: pages newest first; the previous stay. */
export function useNewsletterList(list: NewsletterListKey) {
  return useInfiniteQuery({
    queryKey: queryKeys.newsletterList(list),
    queryFn: ({ pageParam, signal }) => listNewsletters(list, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** While a published issue's emails are still going out, its counts are fetched again. */
const DELIVERY_POLL_MS = 5_000;

function deliveryPoll(issue: Newsletter | undefined): number | false {
  const delivery = issue?.delivery;
  return delivery && delivery.pending > 0 ? DELIVERY_POLL_MS : false;
}

/** One issue (404 for an issue the caller may not see, which is not retried). */
export function useNewsletter(id: string) {
  return useQuery({
    queryKey: queryKeys.newsletter(id),
    queryFn: ({ signal }) => getNewsletter(id, signal),
    enabled: id.length > 0,
    refetchInterval: (query) => deliveryPoll(query.state.data),
  });
}

export function useCreateNewsletter() {
  return useMutation({
    mutationFn: (request: CreateNewsletterRequest) => createNewsletter(request),
    onSuccess: (created) => {
      storeNewsletter(created);
      void refreshNewsletterLists();
    },
  });
}

export interface NewsletterActionVariables {
  id: string;
  step: NewsletterAction;
}

/**
 * Submit, clear, return, publish (now or later) or unschedule. When someone else moved the
 * issue first (409), its current state is fetched so the page shows what can be done now.
 */
export function useNewsletterAction() {
  return useMutation({
    mutationFn: ({ id, step }: NewsletterActionVariables) => runNewsletterAction(id, step),
    onSuccess: (issue) => storeNewsletter(issue),
    onError: (error, { id }) => {
      if (isApiError(error) && (error.status === 409 || error.status === 404)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.newsletter(id) });
      }
    },
    onSettled: (_issue, _error, { id }) =>
      Promise.all([
        refreshNewsletterLists(),
        // The history (who did what) comes with a fresh copy.
        queryClient.invalidateQueries({ queryKey: queryKeys.newsletter(id) }),
      ]),
  });
}

export function useDeleteNewsletter() {
  return useMutation({
    mutationFn: (id: string) => deleteNewsletter(id),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.newsletter(id), exact: true });
    },
    onSettled: () => refreshNewsletterLists(),
  });
}

/** `value`, once it has stopped changing for `delay` ms. */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export const PREVIEW_DELAY_MS = 300;

/**
 * The server's rendering of the Markdown being written, ~300 ms after typing stops; the last
 * rendering stays on screen while the next one loads.
 */
export function useNewsletterPreview(body: string) {
  const settled = useDebouncedValue(body, PREVIEW_DELAY_MS);
  const preview = useQuery({
    queryKey: queryKeys.newsletterPreview(settled),
    queryFn: ({ signal }) => previewNewsletter(settled, signal),
    enabled: settled.trim().length > 0,
    staleTime: Infinity,
    gcTime: 60_000,
    placeholderData: keepPreviousData,
  });
  return { ...preview, behind: settled !== body };
}

export function useSubscription(enabled = true) {
  return useQuery({
    queryKey: queryKeys.newsletterSubscription,
    queryFn: ({ signal }) => getSubscription(signal),
    enabled,
  });
}

export function useUpdateSubscription() {
  return useMutation({
    mutationFn: (request: UpdateSubscriptionRequest) => updateSubscription(request),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.newsletterSubscription, saved),
  });
}

export function useUnsubscribe() {
  return useMutation({
    mutationFn: (token: string) => unsubscribe(token),
    // If the person is signed in here, their settings page shows the change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.newsletterSubscription }),
  });
}
