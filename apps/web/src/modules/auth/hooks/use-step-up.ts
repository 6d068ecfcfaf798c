import { useSyncExternalStore } from 'react';
import type { StepUpResponse } from '@contracts';
import { isApiError, renewAccessToken, type ApiError } from '@web/lib/api';

/** A proof of a passkey for `POST /auth/step-up` (what the passkey helper returns). */
export type PasskeyStepUp = () => Promise<StepUpResponse>;

/** An action is waiting for the user to confirm it is them. */
export interface StepUpRequest {
  /** How many actions wait on this one proof. */
  waiting: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  error: ApiError;
}

let request: StepUpRequest | null = null;
let waiters: Waiter[] = [];
let passkeyStepUp: PasskeyStepUp | null = null;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isStepUpRequired(error: unknown): error is ApiError {
  return isApiError(error) && error.code === 'STEP_UP_REQUIRED';
}

/**
 * Opens the "Confirm it is you" dialog (one at a time: actions waiting together share it)
 * and settles once the user has proved a factor, or cancelled (rejects with `error`).
 */
function askForStepUp(error: ApiError): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    waiters.push({ resolve, reject, error });
    request = { waiting: waiters.length };
    changed();
  });
}

/** The dialog's side: the proof worked. Keeps the new token (socket included), then retries. */
export function completeStepUp(response: StepUpResponse): void {
  renewAccessToken(response.accessToken, response.expiresIn);
  const settled = waiters;
  waiters = [];
  request = null;
  changed();
  for (const waiter of settled) waiter.resolve();
}

/** The dialog's side: the user closed it. Each waiting action fails with its own 401. */
export function cancelStepUp(): void {
  const settled = waiters;
  waiters = [];
  request = null;
  changed();
  for (const waiter of settled) waiter.reject(waiter.error);
}

/**
 * Runs `action`; when the server answers 401 STEP_UP_REQUIRED, asks the user to confirm it is
 * them (`POST /auth/step-up`), stores the new access token, and runs `action` once more.
 * Cancelling rejects with the original error (its `detail` says what was needed).
 */
export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isStepUpRequired(error)) throw error;
    await askForStepUp(error);
    return action();
  }
}

/** `withStepUp` for components and mutations: `mutationFn: (v) => stepUp(() => call(v))`. */
export function useStepUp(): typeof withStepUp {
  return withStepUp;
}

/** What the dialog shows: the open request, or null. */
export function useStepUpRequest(): StepUpRequest | null {
  return useSyncExternalStore(subscribe, () => request);
}

/**
 * Lets the dialog offer "Use your passkey": the passkeys feature registers how it proves one
 * (`POST /auth/passkeys/login/options { stepUp: true }`, the browser, `POST /auth/step-up`).
 */
export function registerPasskeyStepUp(prove: PasskeyStepUp | null): void {
  passkeyStepUp = prove;
  changed();
}

export function usePasskeyStepUp(): PasskeyStepUp | null {
  return useSyncExternalStore(subscribe, () => passkeyStepUp);
}
