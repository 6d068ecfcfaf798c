import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { CancelEventRequest, CreateEventRequest, UpdateEventRequest } from '@contracts';
import { isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys, type EventListKey } from '@web/lib/query-keys';
import {
  cancelEvent,
  createCalendarFeed,
  createEvent,
  getAttendees,
  getCalendarFeed,
  getEvent,
  listEvents,
  listEventsBetween,
  register,
  revokeCalendarFeed,
  setEventOrganisers,
  unregister,
  updateEvent,
} from '../api/events-api';
import { refreshEventLists, storeEvent } from '../events-cache';

/** A list of events (upcoming, past, mine, filtered): pages; the previous stay while it loads. */
export function useEventList(list: EventListKey, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.eventList(list),
    queryFn: ({ pageParam, signal }) => listEvents(list, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The events overlapping a month (`month` is `YYYY-MM`; `from`/`to` are its ISO bounds). */
export function useEventMonth(month: string, from: string, to: string) {
  return useQuery({
    queryKey: queryKeys.eventMonth(month),
    queryFn: ({ signal }) => listEventsBetween(from, to, signal),
    placeholderData: keepPreviousData,
  });
}

/** One event (404 for one the caller may not see, which is not retried). */
export function useEvent(id: string) {
  return useQuery({
    queryKey: queryKeys.event(id),
    queryFn: ({ signal }) => getEvent(id, signal),
    enabled: id.length > 0,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useCreateEvent() {
  return useMutation({
    mutationFn: (request: CreateEventRequest) => createEvent(request),
    onSuccess: (created) => {
      storeEvent(created);
      void refreshEventLists();
    },
  });
}

export interface UpdateEventVariables {
  id: string;
  request: UpdateEventRequest;
}

export function useUpdateEvent() {
  return useMutation({
    mutationFn: ({ id, request }: UpdateEventVariables) => updateEvent(id, request),
    onSuccess: (event) => storeEvent(event),
    onSettled: () => refreshEventLists(),
  });
}

export interface CancelEventVariables {
  id: string;
  request: CancelEventRequest;
}

export function useCancelEvent() {
  return useMutation({
    mutationFn: ({ id, request }: CancelEventVariables) => cancelEvent(id, request),
    onSuccess: (event) => storeEvent(event),
    onSettled: (_event, _error, { id }) =>
      Promise.all([
        refreshEventLists(),
        queryClient.invalidateQueries({ queryKey: queryKeys.eventAttendees(id) }),
      ]),
  });
}

export interface SetOrganisersVariables {
  id: string;
  memberIds: string[];
}

/** Replaces the co-organisers; the event comes back with its new list. */
export function useSetOrganisers() {
  return useMutation({
    mutationFn: ({ id, memberIds }: SetOrganisersVariables) =>
      setEventOrganisers(id, { memberIds }),
    onSuccess: (event) => storeEvent(event),
    onSettled: (_event, _error, { id }) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.event(id) }),
  });
}

/** Fetches the event again (my registration, the online link, the counts) and the lists. */
function refreshAfterRegistration(id: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.event(id) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.eventAttendees(id) }),
    refreshEventLists(),
  ]);
}

/** Registrations and cancellations of places (the event page keeps quiet while one runs). */
export const REGISTRATION_MUTATION_KEY = ['event-registration'] as const;

export function useRegister() {
  return useMutation({
    mutationKey: REGISTRATION_MUTATION_KEY,
    mutationFn: (id: string) => register(id),
    onSuccess: (result) =>
      storeEvent({
        ...result.event,
        myRegistration: result.event.myRegistration ?? {
          status: result.status,
          position: result.position,
          registeredAt: new Date().toISOString(),
        },
      }),
    onSettled: (_result, _error, id) => refreshAfterRegistration(id),
  });
}

export function useUnregister() {
  return useMutation({
    mutationKey: REGISTRATION_MUTATION_KEY,
    mutationFn: (id: string) => unregister(id),
    onSettled: (_result, _error, id) => refreshAfterRegistration(id),
  });
}

/** The confirmed and waitlisted people of an event (organisers). */
export function useAttendees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.eventAttendees(id),
    queryFn: ({ signal }) => getAttendees(id, signal),
    enabled: enabled && id.length > 0,
  });
}

export function useCalendarFeed() {
  return useQuery({
    queryKey: queryKeys.eventFeed,
    queryFn: ({ signal }) => getCalendarFeed(signal),
  });
}

export function useCreateCalendarFeed() {
  return useMutation({
    mutationFn: () => createCalendarFeed(),
    // The address is shown once, by the page: the cache keeps only that there is a feed.
    onSuccess: (feed) =>
      queryClient.setQueryData(queryKeys.eventFeed, { active: true, createdAt: feed.createdAt }),
  });
}

export function useRevokeCalendarFeed() {
  return useMutation({
    mutationFn: () => revokeCalendarFeed(),
    onSuccess: () =>
      queryClient.setQueryData(queryKeys.eventFeed, { active: false, createdAt: null }),
  });
}
