import { formatDateTime } from '@web/lib/format';
import { formatTime } from '../newsletter-labels';
import type { SaveState } from '../hooks/use-autosave';

export interface SaveStatusProps {
  state: SaveState;
  onRetry: () => void;
}

function savedText(at: Date): string {
  const today = new Date();
  return at.toDateString() === today.toDateString()
    ? `Saved at ${formatTime(at)}`
    : `Saved on ${formatDateTime(at.toISOString())}`;
}

function statusText(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return savedText(state.at);
    case 'dirty':
      return 'Changes not saved yet';
    case 'saving':
      return 'Saving…';
    case 'invalid':
      return 'Not saved: fix the problems shown on this page';
    case 'error':
      return `Not saved: ${state.message}`;
    default: {
      const unknown: never = state;
      return String(unknown);
    }
  }
}

/** Where the autosave stands, said politely to screen readers as it changes. */
export function SaveStatus({ state, onRetry }: SaveStatusProps) {
  const failed = state.kind === 'error' || state.kind === 'invalid';
  return (
    <div className="app-save-status">
      <p
        className={`govuk-body${failed ? ' govuk-error-message' : ' app-secondary-text'}`}
        role="status"
        id="newsletter-save-status"
        data-state={state.kind}
      >
        {statusText(state)}
      </p>
      {state.kind === 'error' ? (
        <button type="button" className="app-link-button" onClick={onRetry}>
          Try saving again
        </button>
      ) : null}
    </div>
  );
}
