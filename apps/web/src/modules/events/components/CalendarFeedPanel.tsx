import { useRef, useState } from 'react';
import { errorMessage } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { LoadingState } from '@web/ui/LoadingState';
import { ErrorState } from '@web/ui/ErrorState';
import { useCalendarFeed, useCreateCalendarFeed, useRevokeCalendarFeed } from '../hooks/use-events';
import { ConfirmStep } from './ConfirmStep';

const URL_ID = 'calendar-feed-url';

/** Puts text on the clipboard; without the Clipboard API, selects it for the person to copy. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.focus();
    input?.select();
    return false;
  }
}

/**
 * My personal calendar feed: create its secret address (shown once, with a copy button),
 * replace it, or turn it off.
 */
export function CalendarFeedPanel() {
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState<string>('');
  const [confirming, setConfirming] = useState<'replace' | 'revoke' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);

  const focusActions = () =>
    requestAnimationFrame(() => actionsRef.current?.querySelector('button')?.focus());

  const onCreate = () => {
    setError(null);
    setCopied('');
    create.mutate(undefined, {
      onSuccess: (answer) => {
        setConfirming(null);
        setRevoked(false);
        setUrl(answer.url ?? null);
        requestAnimationFrame(() => inputRef.current?.focus());
      },
      onError: (failure) => setError(errorMessage(failure)),
    });
  };

  const onRevoke = () => {
    setError(null);
    revoke.mutate(undefined, {
      onSuccess: () => {
        setConfirming(null);
        setUrl(null);
        setRevoked(true);
        focusActions();
      },
      onError: (failure) => setError(errorMessage(failure)),
    });
  };

  const askFor = (step: 'replace' | 'revoke') => {
    setError(null);
    setConfirming(step);
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLButtonElement>(
          '[aria-labelledby="calendar-feed-step-confirm"] .govuk-button-group button:last-child',
        )
        ?.focus(),
    );
  };

  if (feed.isPending) return <LoadingState label="Loading your calendar feed…" />;
  if (feed.isError && !feed.data) {
    return <ErrorState message={errorMessage(feed.error)} onRetry={() => void feed.refetch()} />;
  }
  const active = feed.data?.active ?? false;

  return (
    <section className="app-calendar-feed" aria-labelledby="calendar-feed-heading">
      <h2 className="govuk-heading-m" id="calendar-feed-heading">
        Your feed address
      </h2>
      {url ? (
        <div className="app-calendar-feed__new" data-testid="calendar-feed-new">
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor={URL_ID}>
              Your secret feed address
            </label>
            <div id={`${URL_ID}-hint`} className="govuk-hint">
              Copy it into your calendar app now: it is shown only this once.
            </div>
            <input
              ref={inputRef}
              className="govuk-input app-input--read-only app-calendar-feed__url"
              id={URL_ID}
              type="text"
              readOnly
              value={url}
              spellCheck={false}
              aria-describedby={`${URL_ID}-hint calendar-feed-secret`}
              onFocus={(event) => event.currentTarget.select()}
            />
          </div>
          <div className="govuk-warning-text" id="calendar-feed-secret">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              This address is secret. Anyone who has it can see your events: do not share it. If it
              gets out, create a new one and the old one stops working.
            </strong>
          </div>
          <Button
            variant="secondary"
            onClick={() => {
              void copyText(url, inputRef.current).then((ok) =>
                setCopied(ok ? 'Address copied.' : 'Press Ctrl+C (or ⌘C) to copy the address.'),
              );
            }}
          >
            Copy address
          </Button>
          <p className="govuk-body-s app-inline-status" role="status">
            {copied}
          </p>
        </div>
      ) : active ? (
        <p className="govuk-body">
          You have a feed address
          {feed.data?.createdAt ? (
            <>
              , created{' '}
              <time dateTime={feed.data.createdAt}>{formatDateTime(feed.data.createdAt)}</time>
            </>
          ) : null}
          . It was shown only when it was created. If you have lost it, create a new one: the old
          one stops working.
        </p>
      ) : (
        <p className="govuk-body" role={revoked ? 'status' : undefined}>
          {revoked
            ? 'Your feed is turned off. Calendar apps that used it no longer get updates.'
            : 'You do not have a feed address yet.'}
        </p>
      )}
      {error && !confirming ? <ErrorMessage id="calendar-feed-error">{error}</ErrorMessage> : null}
      {confirming ? (
        <ConfirmStep
          id="calendar-feed-step"
          question={
            confirming === 'replace'
              ? 'Create a new feed address? The old one stops working: calendar apps that use it must subscribe again.'
              : 'Turn off your feed? Calendar apps that use it stop getting updates.'
          }
          confirmLabel={
            confirming === 'replace' ? 'Yes, create a new address' : 'Yes, turn off the feed'
          }
          keepLabel="No, keep it"
          error={error}
          busy={create.isPending || revoke.isPending}
          onConfirm={confirming === 'replace' ? onCreate : onRevoke}
          onKeep={() => {
            setConfirming(null);
            setError(null);
            focusActions();
          }}
        />
      ) : (
        <div className="govuk-button-group" ref={actionsRef}>
          {active || url ? (
            <>
              <Button variant="secondary" onClick={() => askFor('replace')}>
                Create a new address
              </Button>
              <Button variant="warning" onClick={() => askFor('revoke')}>
                Turn off the feed
              </Button>
            </>
          ) : (
            <Button onClick={onCreate} busy={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create my feed address'}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
