import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { DocumentResult } from '@web/modules/documents/components/DocumentResult';
import { useDocumentList } from '@web/modules/documents/hooks/use-documents';
import { MY_UPLOADS_KEY } from '@web/modules/documents/search';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import '@web/modules/documents/library.css';

/** Location state of my uploads after a deletion: shows the banner once. */
export interface MyUploadsLocationState {
  deleted?: string;
}

function documentsText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'document' : 'documents'}`;
}

/** `/library/mine`: everything I uploaded, newest first, with what became of it. */
export function LibraryMinePage() {
  const location = useLocation();
  const navigate = useNavigate();
  const list = useDocumentList(MY_UPLOADS_KEY);
  const taxonomy = useTaxonomyLabels();
  const state = location.state as MyUploadsLocationState | null;
  const [deleted] = useState(() => state?.deleted ?? null);
  usePageTitle('Your uploads');

  useEffect(() => {
    if (state?.deleted !== undefined) {
      void navigate(location.pathname, { replace: true, state: null });
    }
  }, [state, location.pathname, navigate]);

  const first = list.data?.pages.at(0);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = first?.total ?? items.length;
  const held = items.filter((item) => item.status === 'quarantined').length;

  let content;
  if (list.isPending) {
    content = <LoadingState label="Loading your uploads…" />;
  } else if (list.isError && !first) {
    content = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  } else if (items.length === 0) {
    content = (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">You have not uploaded any documents</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library/upload">
            Upload a document
          </Link>{' '}
          to share it with the network.
        </p>
      </div>
    );
  } else {
    content = (
      <>
        <h2 className="govuk-heading-m" id="library-mine-count">
          {documentsText(total)}
        </h2>
        {held > 0 ? (
          <p className="govuk-body">
            {held === 1
              ? 'One of them is held for review by a moderator.'
              : `${held} of them are held for review by a moderator.`}{' '}
            You will be told here and in your notifications when a decision is made.
          </p>
        ) : null}
        <ul className="govuk-list app-document-list" aria-labelledby="library-mine-count">
          {items.map((item) => (
            <DocumentResult
              key={item.id}
              document={item}
              topicLabel={taxonomy.topicLabel}
              showStatus
              backHref="/library/mine"
            />
          ))}
        </ul>
        {list.isFetchNextPageError ? (
          <ErrorMessage id="library-mine-more-error">{errorMessage(list.error)}</ErrorMessage>
        ) : null}
        {list.hasNextPage ? (
          <Button
            variant="secondary"
            busy={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? 'Loading more…' : 'More results'}
          </Button>
        ) : null}
      </>
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to="/library">
        Library
      </Link>
      {deleted !== null ? (
        <NotificationBanner type="success" id="library-mine-deleted">
          <p className="govuk-notification-banner__heading">
            {deleted ? `“${deleted}” has been deleted.` : 'The document has been deleted.'}
          </p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Your uploads</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Documents you shared, whether published, held for review or rejected.
          </p>
          <Link to="/library/upload" className="govuk-button" draggable={false}>
            Upload a document
          </Link>
          {content}
        </div>
      </div>
    </>
  );
}
