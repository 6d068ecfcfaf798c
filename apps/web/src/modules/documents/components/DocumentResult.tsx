import { Link } from 'react-router';
import type { LibraryDocument } from '@contracts';
import { formatDate } from '@web/lib/format';
import { Tag } from '@web/ui/Tag';
import {
  authorsText,
  documentLinkId,
  documentPath,
  formatBytes,
  typeLabel,
  type DocumentLocationState,
} from '../document-labels';
import { DocumentStatusTag } from './DocumentStatusTag';
import { DocumentTopics } from './DocumentTopics';
import { Snippet } from './Snippet';

export interface DocumentResultProps {
  document: LibraryDocument;
  topicLabel: (id: string) => string;
  /** Shows the status (my uploads); the library only lists published documents. */
  showStatus?: boolean;
  /** Where the document page's back link returns to. */
  backHref?: string;
}

/**
 * One document in a list: its title (a link to its page), authors, year, type and size, the
 * matching passage when searching, and its topics.
 */
export function DocumentResult({
  document,
  topicLabel,
  showStatus,
  backHref,
}: DocumentResultProps) {
  const byline = [authorsText(document.authors), document.year ? String(document.year) : '']
    .filter(Boolean)
    .join(', ');
  const topics = [...document.topics, ...document.crimeTypes];
  return (
    <li className="app-document" data-testid={`document-${document.id}`}>
      <h3 className="govuk-heading-s app-document__title">
        <Link
          className="govuk-link"
          to={documentPath(document.id)}
          state={backHref ? ({ back: backHref } satisfies DocumentLocationState) : undefined}
          id={documentLinkId(document.id)}
        >
          {document.title}
        </Link>
      </h3>
      {byline ? <p className="govuk-body-s app-document__line">{byline}</p> : null}
      <div className="app-document__meta">
        <Tag colour="grey">{typeLabel(document.type)}</Tag>
        <span className="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
          {formatBytes(document.size)}
          {document.publishedAt ? (
            <>
              {' · '}Added{' '}
              <time dateTime={document.publishedAt}>{formatDate(document.publishedAt)}</time>
            </>
          ) : (
            <>
              {' · '}Uploaded{' '}
              <time dateTime={document.createdAt}>{formatDate(document.createdAt)}</time>
            </>
          )}
        </span>
        {showStatus ? <DocumentStatusTag status={document.status} /> : null}
      </div>
      {showStatus && document.status === 'rejected' && document.review?.reason ? (
        <p className="govuk-body-s app-document__line app-preserve-lines">
          Reason: {document.review.reason}
        </p>
      ) : null}
      {document.snippet ? <Snippet html={document.snippet} /> : null}
      <DocumentTopics ids={topics} topicLabel={topicLabel} label={`Topics of ${document.title}`} />
    </li>
  );
}
