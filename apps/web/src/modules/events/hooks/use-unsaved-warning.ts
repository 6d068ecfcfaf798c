import { useCallback, useEffect, type RefObject } from 'react';
import { useBlocker } from 'react-router';
import { authStore } from '@web/lib/auth-store';

/**
 * Warns before leaving with unsaved changes: in the app (a confirm), and when closing or
 * reloading the tab. `leaving` is set once the work is saved and the page moves on.
 */
export function useUnsavedWarning(
  dirty: boolean,
  leaving: RefObject<boolean>,
  message: string,
): void {
  const blocker = useBlocker(
    useCallback(
      ({ currentLocation, nextLocation }) =>
        dirty &&
        !leaving.current &&
        authStore.getState().status === 'signed-in' &&
        currentLocation.pathname !== nextLocation.pathname,
      [dirty, leaving],
    ),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(message)) blocker.proceed();
    else blocker.reset();
  }, [blocker, message]);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
