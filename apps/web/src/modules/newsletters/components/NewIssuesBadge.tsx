import '../newsletters.css';
import { useUnseenIssues } from '../unseen-issues-store';

/** "3" beside the header's Newsletter link: issues published since the archive was visited. */
export function NewIssuesBadge() {
  const count = useUnseenIssues();
  if (count === 0) return null;
  return (
    <>
      <span className="app-bell__badge app-nav-badge" aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
      <span className="govuk-visually-hidden">
        , {count} new {count === 1 ? 'issue' : 'issues'}
      </span>
    </>
  );
}
