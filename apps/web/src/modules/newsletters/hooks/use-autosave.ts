import { useCallback, useEffect, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import type { Newsletter } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { updateNewsletter } from '../api/newsletters-api';
import {
  changedFields,
  fromServerErrors,
  hasChanges,
  toDraftValues,
  validateDraft,
  type DraftErrors,
  type DraftValues,
} from '../draft-values';
import { refreshNewsletterLists, storeNewsletter } from '../newsletters-cache';

/** Saved this long after the typing stops. */
export const AUTOSAVE_DELAY_MS = 1_000;

export type SaveState =
  | { kind: 'saved'; at: Date }
  /** Changed since the last save; the save follows when the typing stops. */
  | { kind: 'dirty' }
  | { kind: 'saving' }
  /** Not saved: a field needs fixing (the form shows which). */
  | { kind: 'invalid' }
  | { kind: 'error'; message: string };

/** How a save went: `ok` when nothing is left unsaved, else what stopped it. */
export interface SaveResult {
  ok: boolean;
  errors: DraftErrors;
  other: string[];
}

const SAVED: SaveResult = { ok: true, errors: {}, other: [] };

export interface Autosave {
  state: SaveState;
  /** Field problems of the last save (from the form's checks or the server's answer). */
  errors: DraftErrors;
  /** Problems of the last save that are about no field in particular. */
  other: string[];
  /** Saves what is not saved yet, now. */
  save: () => Promise<SaveResult>;
  /** After this, leaving the page is not held up (the draft was deleted or moved on). */
  release: () => void;
}

const LEAVE_WARNING =
  'Your latest changes to this draft could not be saved. Leave this page and lose them?';

/**
 * Saves a draft as it is written: `PATCH /newsletters/:id` with what changed, about a second
 * after the typing stops, one request at a time. Leaving the page (a link, the tab going to the
 * background, the component going away) saves first; closing the tab with changes unsaved asks.
 */
export function useAutosave(issue: Newsletter, values: DraftValues, active: boolean): Autosave {
  const { id } = issue;
  const saved = useRef<DraftValues>(toDraftValues(issue));
  const savedAt = useRef(new Date(issue.updatedAt));
  const latest = useRef(values);
  const live = useRef(active);
  const released = useRef(false);
  const inFlight = useRef<Promise<SaveResult> | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: savedAt.current });
  const [errors, setErrors] = useState<DraftErrors>({});
  const [other, setOther] = useState<string[]>([]);

  const save = useCallback(async (): Promise<SaveResult> => {
    // One request at a time: a later save waits, then sends whatever is still different.
    while (inFlight.current) await inFlight.current;
    if (!live.current) return SAVED;
    const current = latest.current;
    const request = changedFields(current, saved.current);
    if (Object.keys(request).length === 0) return SAVED;
    const problems = validateDraft(current);
    setErrors(problems);
    setOther([]);
    if (Object.keys(problems).length > 0) {
      setState({ kind: 'invalid' });
      return { ok: false, errors: problems, other: [] };
    }
    setState({ kind: 'saving' });
    const run = updateNewsletter(id, request).then(
      (answer) => {
        saved.current = current;
        savedAt.current = new Date();
        storeNewsletter(answer);
        void refreshNewsletterLists();
        setErrors({});
        setState(
          hasChanges(latest.current, saved.current)
            ? { kind: 'dirty' }
            : { kind: 'saved', at: savedAt.current },
        );
        return SAVED;
      },
      (error: unknown) => {
        if (isApiError(error) && error.status === 400 && error.fieldErrors.length > 0) {
          const found = fromServerErrors(error.fieldErrors);
          setErrors(found.fields);
          setOther(found.other);
          setState({ kind: 'invalid' });
          return { ok: false, errors: found.fields, other: found.other };
        }
        if (isApiError(error) && (error.status === 409 || error.status === 404)) {
          // Someone moved the issue on (or deleted it): the page shows it as it now is.
          void queryClient.invalidateQueries({ queryKey: queryKeys.newsletter(id) });
          const message =
            error.status === 409
              ? 'this issue is no longer a draft, so it cannot be changed.'
              : 'this issue has been deleted.';
          setState({ kind: 'error', message });
          return { ok: false, errors: {}, other: [`Not saved: ${message}`] };
        }
        const message = errorMessage(error);
        setState({ kind: 'error', message });
        return { ok: false, errors: {}, other: [`Your changes have not been saved. ${message}`] };
      },
    );
    inFlight.current = run.finally(() => {
      inFlight.current = null;
    });
    return run;
  }, [id]);

  // A save about a second after the last change.
  useEffect(() => {
    latest.current = values;
    live.current = active;
    if (!active) return;
    if (!hasChanges(values, saved.current)) {
      setState((old) =>
        old.kind === 'dirty' || old.kind === 'invalid'
          ? { kind: 'saved', at: savedAt.current }
          : old,
      );
      return;
    }
    setState((old) => (old.kind === 'saving' ? old : { kind: 'dirty' }));
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, active, save]);

  const unsaved = useCallback(
    () => live.current && (inFlight.current !== null || hasChanges(latest.current, saved.current)),
    [],
  );

  // Leaving within the app: save first; if that fails, ask.
  const blocker = useBlocker(
    useCallback(
      ({ currentLocation, nextLocation }) =>
        !released.current &&
        unsaved() &&
        authStore.getState().status === 'signed-in' &&
        currentLocation.pathname !== nextLocation.pathname,
      [unsaved],
    ),
  );
  const handling = useRef(false);
  useEffect(() => {
    if (blocker.state !== 'blocked') {
      handling.current = false;
      return;
    }
    if (handling.current) return;
    handling.current = true;
    const { proceed, reset } = blocker;
    void save().then(({ ok }) => {
      if (ok || window.confirm(LEAVE_WARNING)) proceed();
      else reset();
    });
  }, [blocker, save]);

  // Leaving the browser tab: save when it goes to the background; ask when it is closed.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void save();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (released.current || !unsaved()) return;
      event.preventDefault();
      void save();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [save, unsaved]);

  // Going away some other way (the issue moved on, a sign-out): what is left is saved.
  useEffect(
    () => () => {
      if (!released.current) void save();
    },
    [save],
  );

  const release = useCallback(() => {
    released.current = true;
  }, []);

  return { state, errors, other, save, release };
}
