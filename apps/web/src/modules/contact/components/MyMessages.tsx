import { Link } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { Tag } from '@web/ui/Tag';
import { categoryLabel, minePath, statusTag } from '../contact-labels';
import { useMyThreads } from '../hooks/use-contact';

/** A signed-in member's earlier messages to the contact point, newest activity first. */
export function MyMessages() {
  const mine = useMyThreads(true);
  // An account that may not list its messages (an applicant) simply has no list here.
  if (mine.isError && isApiError(mine.error) && mine.error.status === 403) return null;

  let content;
  if (mine.isPending) {
    content = <LoadingState label="Loading your messages…" />;
  } else if (mine.isError) {
    content = <ErrorState message={errorMessage(mine.error)} onRetry={() => void mine.refetch()} />;
  } else if (mine.data.items.length === 0) {
    content = <p className="govuk-body">You have not sent the contact point any messages yet.</p>;
  } else {
    const items = [...mine.data.items].sort((a, b) =>
      b.lastMessageAt.localeCompare(a.lastMessageAt),
    );
    content = (
      <ul className="govuk-list app-my-messages">
        {items.map((item) => {
          const tag = statusTag(item.status, 'sender');
          return (
            <li className="app-my-messages__item" key={item.reference}>
              <p className="govuk-body govuk-!-margin-bottom-1 app-break">
                <Link className="govuk-link" to={minePath(item.reference)}>
                  {item.subject}
                </Link>
              </p>
              <p className="govuk-body-s govuk-!-margin-bottom-1 app-secondary-text">
                {item.reference} · {categoryLabel(item.category)} · last message{' '}
                {formatDateTime(item.lastMessageAt)}
              </p>
              <Tag colour={tag.colour}>{tag.label}</Tag>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <section aria-labelledby="my-messages-heading" className="app-my-messages-section">
      <h2 className="govuk-heading-m" id="my-messages-heading">
        Your earlier messages
      </h2>
      {content}
    </section>
  );
}
