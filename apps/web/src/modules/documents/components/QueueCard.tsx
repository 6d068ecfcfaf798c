import { Link } from 'react-router';
import type { LibraryDocument } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { LoadingState } from '@web/ui/LoadingState';
import { SummaryList } from '@web/ui/SummaryList';
import { authorsText, documentPath, formatBytes, typeLabel } from '../document-labels';
import { useDocument } from '../hooks/use-documents';
import { DocumentStatusTag } from './DocumentStatusTag';
import { DownloadButton } from './DownloadButton';
import { ReviewFindings } from './ReviewFindings';
import { ReviewPanel } from './ReviewPanel';

export interface QueueCardProps {
  document: LibraryDocument;
  onDecided: (message: string) => void;
}

/**
 * A document in the moderators' list: who uploaded what and when, what the inspection found
 * and where, and (while it is held) approve or reject. A list that leaves out the review has
 * it fetched with the document.
 */
export function QueueCard({ document: listed, onDecided }: QueueCardProps) {
  const full = useDocument(listed.id, listed.review === undefined);
  const document: LibraryDocument = listed.review ? listed : { ...listed, ...(full.data ?? {}) };
  const headingId = `queue-${document.id}-title`;
  return (
    <article className="app-card" aria-labelledby={headingId} data-testid={`queue-${document.id}`}>
      <div className="app-card__header">
        <h3 className="govuk-heading-m app-card__title" id={headingId}>
          <Link className="govuk-link" to={documentPath(document.id)}>
            {document.title}
          </Link>
        </h3>
        <DocumentStatusTag status={document.status} />
      </div>
      <SummaryList
        rows={[
          {
            key: 'Uploaded by',
            value: (
              <>
                {document.uploaderName},{' '}
                <time dateTime={document.createdAt}>{formatDateTime(document.createdAt)}</time>
              </>
            ),
          },
          ...(document.authors.length > 0
            ? [{ key: 'Authors', value: authorsText(document.authors) }]
            : []),
          {
            key: 'File',
            value: (
              <span className="app-break">
                {document.fileName} ({typeLabel(document.type)}, {formatBytes(document.size)})
              </span>
            ),
          },
        ]}
      />
      {document.status === 'quarantined' ? (
        <DownloadButton
          documentId={document.id}
          fileName={document.fileName}
          type={document.type}
          size={document.size}
          label="Download to check"
          context={`“${document.title}”`}
          variant="secondary"
        />
      ) : null}
      {document.review ? (
        document.status === 'quarantined' ? (
          <ReviewPanel
            document={document}
            headingLevel={4}
            onDecided={(message) => onDecided(message)}
          />
        ) : (
          <ReviewFindings document={document} />
        )
      ) : full.isPending ? (
        <LoadingState label="Loading what the inspection found…" />
      ) : null}
    </article>
  );
}
