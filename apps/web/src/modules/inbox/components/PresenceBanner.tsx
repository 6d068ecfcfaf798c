import type { PresenceOfficer } from '../hooks/use-presence';

export interface PresenceBannerProps {
  /** The other officers on this thread now (not me). */
  officers: readonly PresenceOfficer[];
}

function names(list: readonly PresenceOfficer[]): string {
  const all = list.map((officer) => officer.name);
  if (all.length <= 1) return all.join('');
  return `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/**
 * Who else is on this thread, above the reply box, so two officers do not answer the same
 * message: a warning when someone is replying, a note when they are only reading. The region
 * is always there, so a change is announced.
 */
export function PresenceBanner({ officers }: PresenceBannerProps) {
  const replying = officers.filter((officer) => officer.state === 'replying');
  const viewing = officers.filter((officer) => officer.state === 'viewing');
  return (
    <div className="app-presence" role="status" aria-live="polite" data-testid="presence">
      {replying.length > 0 ? (
        <div className="govuk-warning-text app-presence__replying">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {names(replying)} {replying.length === 1 ? 'is' : 'are'} replying. Check with{' '}
            {replying.length === 1 ? 'them' : 'each other'} before you answer.
          </strong>
        </div>
      ) : null}
      {viewing.length > 0 ? (
        <p className="govuk-body app-presence__viewing">
          <span className="app-presence__dot" aria-hidden="true" />
          {names(viewing)} {viewing.length === 1 ? 'is' : 'are'} viewing this conversation.
        </p>
      ) : null}
    </div>
  );
}
