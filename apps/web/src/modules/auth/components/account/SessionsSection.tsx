import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionResponse } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import { endOtherSessions, endSessionById, listSessions } from '../../api/account-api';
import { describeDevice } from '../../user-agent';

/** How a session began, in words. */
function describeMethod(method: string): string {
  if (method.startsWith('sso:')) return 'An organisation account';
  const parts = method.split('+');
  const words: Record<string, string> = {
    password: 'password',
    totp: 'authenticator app',
    recovery: 'recovery code',
    passkey: 'passkey',
  };
  const named = parts.map((part) => words[part] ?? part);
  const text = named.join(' and ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function refresh(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
}

interface SessionCardProps {
  session: SessionResponse;
  onEnded: (message: string) => void;
}

function SessionCard({ session, onEnded }: SessionCardProps) {
  const [confirming, setConfirming] = useState(false);
  const end = useMutation({ mutationFn: () => endSessionById(session.id) });
  const device = describeDevice(session.userAgent);
  const headingId = `session-${session.id}`;

  const onConfirm = () => {
    end.mutate(undefined, {
      onSuccess: () => {
        onEnded(`${device} has been signed out.`);
        void refresh();
      },
      onError: (failure) => {
        // Already over (expired, or signed out elsewhere): the list catches up.
        if (isApiError(failure) && failure.code === 'SESSION_NOT_FOUND') void refresh();
      },
    });
  };

  return (
    <li className="app-session">
      <h3 className="govuk-heading-s app-session__title" id={headingId}>
        {device}
        {session.current ? <Tag colour="green">This device</Tag> : null}
      </h3>
      <SummaryList
        rows={[
          { key: 'Address', value: session.ip ?? 'Not known' },
          { key: 'Signed in with', value: describeMethod(session.method) },
          {
            key: 'Started',
            value: <time dateTime={session.createdAt}>{formatDateTime(session.createdAt)}</time>,
          },
          {
            key: 'Last used',
            value: <time dateTime={session.lastUsedAt}>{formatDateTime(session.lastUsedAt)}</time>,
          },
        ]}
      />
      {session.current ? (
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          To end this one, use Sign out at the top of the page.
        </p>
      ) : confirming ? (
        <ConfirmPanel
          id={`end-${session.id}`}
          question={`Sign out of ${device}? Whoever uses it will have to sign in again.`}
          confirmLabel="Yes, sign it out"
          error={end.isError ? errorMessage(end.error) : null}
          busy={end.isPending}
          onConfirm={onConfirm}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Sign out<span className="govuk-visually-hidden"> of {device}</span>
        </Button>
      )}
    </li>
  );
}

/** Where the account is signed in: each session's device, address and times; sign them out. */
export function SessionsSection() {
  const sessions = useQuery({
    queryKey: queryKeys.sessions,
    queryFn: ({ signal }) => listSessions(signal),
  });
  const [message, setMessage] = useState('');
  const [confirmingAll, setConfirmingAll] = useState(false);
  const endOthers = useMutation({ mutationFn: endOtherSessions });
  const items = sessions.data?.items ?? [];
  const others = items.filter((session) => !session.current).length;

  const onEndOthers = () => {
    endOthers.mutate(undefined, {
      onSuccess: ({ ended }) => {
        setConfirmingAll(false);
        setMessage(
          ended === 1
            ? '1 other session has been signed out.'
            : `${ended} other sessions have been signed out.`,
        );
        void refresh();
      },
    });
  };

  return (
    <section className="app-account-section" id="sessions" aria-labelledby="sessions-heading">
      <h2 className="govuk-heading-l" id="sessions-heading">
        Where you are signed in
      </h2>
      {sessions.isPending ? (
        <LoadingState label="Loading your sessions…" />
      ) : sessions.isError ? (
        <ErrorState
          message={errorMessage(sessions.error)}
          onRetry={() => void sessions.refetch()}
        />
      ) : (
        <>
          <ul className="govuk-list">
            {items.map((session) => (
              <SessionCard
                key={session.id}
                session={session}
                onEnded={(text) => setMessage(text)}
              />
            ))}
          </ul>
          {others > 0 ? (
            confirmingAll ? (
              <ConfirmPanel
                id="end-other-sessions"
                question={`Sign out of ${others === 1 ? 'the other session' : `all ${others} other sessions`}? This device stays signed in.`}
                confirmLabel="Yes, sign them out"
                error={endOthers.isError ? errorMessage(endOthers.error) : null}
                busy={endOthers.isPending}
                onConfirm={onEndOthers}
                onCancel={() => setConfirmingAll(false)}
              />
            ) : (
              <Button variant="warning" onClick={() => setConfirmingAll(true)}>
                Sign out of all other sessions
              </Button>
            )
          ) : (
            <p className="govuk-body">You are not signed in anywhere else.</p>
          )}
        </>
      )}
      <p className="govuk-body app-inline-status" role="status">
        {message}
      </p>
    </section>
  );
}
