import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { bootstrapSession } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { useRealtime } from '@web/modules/realtime/hooks/use-realtime';

/**
 * Restores the session on load, keeps the realtime connection, and when a session ends
 * (sign-out, expiry, a disabled account) forgets cached data and goes to the sign-in page.
 */
export function SessionEffects() {
  const { status, endedMessage } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const previous = useRef(status);

  useEffect(() => {
    void bootstrapSession();
  }, []);

  useRealtime();

  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was === 'signed-in' && status === 'signed-out') {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
      if (pathname !== '/sign-in') {
        void navigate('/sign-in', {
          replace: Boolean(endedMessage),
          state: endedMessage ? undefined : { message: 'You have signed out.' },
        });
      }
    }
  }, [status, endedMessage, navigate, pathname]);

  return null;
}
