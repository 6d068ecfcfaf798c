import type {
  CreateNewsletterRequest,
  Newsletter,
  NewsletterPreview,
  NewslettersPage,
  NewsletterSubscription,
  PublishNewsletterRequest,
  ReturnNewsletterRequest,
  UpdateNewsletterRequest,
  UnsubscribeResult,
  UpdateSubscriptionRequest,
} from '@contracts';
import { api } from '@web/lib/api';
import type { NewsletterListKey } from '@web/lib/query-keys';

export const NEWSLETTERS_PAGE_SIZE = 20;

/** `POST /api/newsletters/unsubscribe?token=`: the address is masked (`j•••h@example.org`). */
export type UnsubscribeResponse = UnsubscribeResult;

/**
 * `GET /api/newsletters`: published issues newest first (public ones only for anonymous
 * callers); editors may ask for another status.
 */
export function listNewsletters(
  list: NewsletterListKey,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<NewslettersPage> {
  return api.get<NewslettersPage>(
    '/newsletters',
    {
      q: list.q,
      topic: list.topic.join(','),
      // Published is the default, and the only status anyone but an editor may ask for.
      status: list.status === 'published' ? undefined : list.status,
      limit: NEWSLETTERS_PAGE_SIZE,
      cursor,
    },
    signal,
  );
}

function issuePath(id: string, action?: string): string {
  const path = `/newsletters/${encodeURIComponent(id)}`;
  return action ? `${path}/${action}` : path;
}

/** `GET /api/newsletters/:id` (with its history and delivery counts for editors). */
export function getNewsletter(id: string, signal?: AbortSignal): Promise<Newsletter> {
  return api.get<Newsletter>(issuePath(id), undefined, signal);
}

export function createNewsletter(request: CreateNewsletterRequest): Promise<Newsletter> {
  return api.post<Newsletter>('/newsletters', request);
}

/** Drafts only (409 `NEWSLETTER_WRONG_STATUS` otherwise). */
export function updateNewsletter(
  id: string,
  request: UpdateNewsletterRequest,
): Promise<Newsletter> {
  return api.patch<Newsletter>(issuePath(id), request);
}

export function deleteNewsletter(id: string): Promise<void> {
  return api.delete<void>(issuePath(id));
}

/** The steps of an issue's way to publication (each answers the issue as it now is). */
export type NewsletterAction =
  | { action: 'submit' }
  | { action: 'clear' }
  | { action: 'return'; request: ReturnNewsletterRequest }
  | { action: 'publish'; request: PublishNewsletterRequest }
  | { action: 'unschedule' };

export function runNewsletterAction(id: string, step: NewsletterAction): Promise<Newsletter> {
  switch (step.action) {
    case 'return':
    case 'publish':
      return api.post<Newsletter>(issuePath(id, step.action), step.request);
    case 'submit':
    case 'clear':
    case 'unschedule':
      return api.post<Newsletter>(issuePath(id, step.action));
    default: {
      const unknown: never = step;
      throw new Error(`Unknown newsletter action ${(unknown as { action: string }).action}`);
    }
  }
}

/** `POST /api/newsletters/preview`: the server's sanitised rendering, as readers get it. */
export function previewNewsletter(body: string, signal?: AbortSignal): Promise<NewsletterPreview> {
  return api.post<NewsletterPreview>('/newsletters/preview', { body }, { signal });
}

export function getSubscription(signal?: AbortSignal): Promise<NewsletterSubscription> {
  return api.get<NewsletterSubscription>('/newsletters/subscription', undefined, signal);
}

export function updateSubscription(
  request: UpdateSubscriptionRequest,
): Promise<NewsletterSubscription> {
  return api.put<NewsletterSubscription>('/newsletters/subscription', request);
}

/** The one-click unsubscribe of a newsletter email's link; no sign-in needed. */
export function unsubscribe(token: string): Promise<UnsubscribeResponse> {
  return api.post<UnsubscribeResponse>('/newsletters/unsubscribe', undefined, {
    query: { token },
    retryOnUnauthorized: false,
  });
}
