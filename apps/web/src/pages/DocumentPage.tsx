import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { DocumentStatus, LibraryDocument } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { TYPE_EXTENSIONS, quarantineReason } from '@web/modules/documents/document-labels';
import type { DocumentLocationState } from '@web/modules/documents/document-labels';
import { DeleteDocument } from '@web/modules/documents/components/DeleteDocument';
import { DocumentDetails } from '@web/modules/documents/components/DocumentDetails';
import { DocumentStatusTag } from '@web/modules/documents/components/DocumentStatusTag';
import { DownloadButton } from '@web/modules/documents/components/DownloadButton';
import { NewVersionForm } from '@web/modules/documents/components/NewVersionForm';
import { ReviewFindings } from '@web/modules/documents/components/ReviewFindings';
import { ReviewPanel } from '@web/modules/documents/components/ReviewPanel';
import { VersionsList } from '@web/modules/documents/components/VersionsList';
import { useDocument, useUploadLimits } from '@web/modules/documents/hooks/use-documents';
import { useLibraryEvents } from '@web/modules/documents/library-events-store';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { InsetText } from '@web/ui/InsetText';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import type { LibraryLocationState } from './LibraryPage';
import type { MyUploadsLocationState } from './LibraryMinePage';
import '@web/modules/documents/library.css';

interface Done {
  id: number;
  message: string;
  type: 'success' | 'important';
  /** The banner is about this status: gone once the document moves on (a live review). */
  status: DocumentStatus;
}

/** What became of an upload, for the banner on the page it leads to. */
function uploadOutcome(document: LibraryDocument): Omit<Done, 'id'> {
  if (document.status === 'published') {
    return {
      type: 'success',
      status: 'published',
      message: 'Your document is published in the library. Members can now find and download it.',
    };
  }
  const why = quarantineReason(document);
  return {
    type: 'important',
    status: document.status,
    message:
      document.status === 'quarantined'
        ? `Your document is held for review by a moderator${why ? ` because ${why}` : ''}. Only you and the moderators can see it until it is approved.`
        : 'Your document was not published.',
  };
}

function versionOutcome(document: LibraryDocument): Omit<Done, 'id'> {
  if (document.status === 'quarantined') {
    const why = quarantineReason(document);
    return {
      type: 'important',
      status: 'quarantined',
      message: `Version ${document.version} is uploaded. The document is held for review by a moderator${why ? ` because ${why}` : ''}.`,
    };
  }
  return {
    type: 'success',
    status: document.status,
    message: `Version ${document.version} is uploaded and is now the current file.`,
  };
}

interface DocumentViewProps {
  id: string;
}

function DocumentView({ id }: DocumentViewProps) {
  const { user } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { removed } = useLibraryEvents();
  const query = useDocument(id);
  const limits = useUploadLimits();
  const taxonomy = useTaxonomyLabels();
  const state = location.state as DocumentLocationState | null;
  const [back] = useState(() => state?.back ?? '/library');
  const [justUploaded] = useState(() => state?.uploaded === true);
  const [done, setDone] = useState<Done | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  // Say once what became of the upload: a reload or a visit from history should not repeat it.
  useEffect(() => {
    if (state?.uploaded !== undefined) {
      void navigate(location.pathname, { replace: true, state: { back: state.back } });
    }
  }, [state, location.pathname, navigate]);

  const data = query.data;
  // Removed while this page was open: the title stays, and the page says what happened.
  const gone =
    removed.has(id) && isApiError(query.error) && query.error.status === 404 && !query.isFetching;
  const [uploadShown, setUploadShown] = useState(false);
  if (justUploaded && !uploadShown && data && !query.isPlaceholderData) {
    setUploadShown(true);
    setDone({ id: 1, ...uploadOutcome(data) });
  }
  // Someone moved the document on (a moderator's decision): what the banner said no longer holds.
  if (done && data && !query.isPlaceholderData && done.status !== data.status) setDone(null);

  // After an action the button pressed may be gone: the focus goes to what happened. Two
  // frames later, so that after an upload it lands after the route's focus on the h1.
  useEffect(() => {
    if (!done) return;
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => bannerRef.current?.focus());
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [done]);

  const notFound =
    !data &&
    isApiError(query.error) &&
    (query.error.status === 404 ||
      (query.error.status === 400 && query.error.fieldMessage('id') !== undefined));
  const heading =
    data?.title ??
    (gone ? 'This document was removed' : notFound ? 'Document not found' : 'Document');
  usePageTitle(heading);

  const moderator = hasRole(user, 'moderator');
  const own = data !== undefined && data.uploaderId === user?.id;
  const mayChange = own || moderator;
  const complete = data !== undefined && !query.isPlaceholderData;
  const types = limits.data?.types ?? [];
  const accept =
    types.length > 0 ? types.flatMap((type) => TYPE_EXTENSIONS[type] ?? []).join(',') : undefined;

  const show = (outcome: Omit<Done, 'id'>) =>
    setDone((old) => ({ id: (old?.id ?? 0) + 1, ...outcome }));

  const onDeleted = (title: string) => {
    if (own) {
      void navigate('/library/mine', {
        state: { deleted: title } satisfies MyUploadsLocationState,
      });
    } else {
      void navigate('/library', { state: { deleted: title } satisfies LibraryLocationState });
    }
  };

  let content;
  if (gone) {
    content = (
      <>
        <p className="govuk-body">
          It was deleted or withdrawn, so it can no longer be downloaded.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library">
            Go to the library
          </Link>
        </p>
      </>
    );
  } else if (data) {
    const why = quarantineReason(data);
    content = (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {data.status !== 'published' ? (
            <div className="app-document-status">
              <p className="govuk-body">
                <DocumentStatusTag status={data.status} />
              </p>
              {data.status === 'quarantined' ? (
                <InsetText>
                  <p className="govuk-body">
                    This document is held for review by a moderator{why ? ` because ${why}` : ''}.
                    It is not in the library: only {own ? 'you' : 'the uploader'} and the moderators
                    can see it.
                  </p>
                </InsetText>
              ) : (
                <InsetText>
                  <p className="govuk-body" data-testid="document-rejected">
                    A moderator rejected this document, so it is not in the library.
                    {data.review?.reason ? (
                      <>
                        {' '}
                        The reason given:{' '}
                        <strong className="app-preserve-lines">{data.review.reason}</strong>
                      </>
                    ) : null}
                  </p>
                </InsetText>
              )}
            </div>
          ) : null}
          {data.abstract ? (
            <>
              <h2 className="govuk-heading-m">Abstract</h2>
              <p className="govuk-body app-document-abstract">{data.abstract}</p>
            </>
          ) : null}
          <DocumentDetails document={data} topicLabel={taxonomy.topicLabel} />
          {data.status === 'rejected' ? null : (
            <DownloadButton
              documentId={data.id}
              fileName={data.fileName}
              type={data.type}
              size={data.size}
              context={`“${data.title}”`}
            />
          )}
          {complete && moderator && data.status === 'quarantined' ? (
            <ReviewPanel
              document={data}
              onDecided={(message, decided) =>
                show({
                  type: 'success',
                  status: decided.status,
                  message,
                })
              }
            />
          ) : complete && data.review && data.status !== 'published' ? (
            <section className="app-review" aria-labelledby="document-review-heading">
              <h2 className="govuk-heading-m" id="document-review-heading">
                Review
              </h2>
              <ReviewFindings document={data} />
            </section>
          ) : null}
          {complete && mayChange && data.status === 'published' ? (
            <NewVersionForm
              document={data}
              maxBytes={limits.data?.maxUploadBytes}
              accept={accept}
              onUploaded={(next) => show(versionOutcome(next))}
            />
          ) : null}
          {complete && data.status !== 'rejected' ? (
            <VersionsList documentId={data.id} title={data.title} versions={data.versions ?? []} />
          ) : null}
          {complete && mayChange ? (
            <DeleteDocument document={data} own={own} onDeleted={onDeleted} />
          ) : null}
        </div>
      </div>
    );
  } else if (query.isPending) {
    content = <LoadingState label="Loading the document…" />;
  } else if (notFound) {
    content = (
      <>
        <p className="govuk-body">
          There is no document at this address. The link may be wrong, or the document may have been
          removed from the library.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library">
            Go to the library
          </Link>
        </p>
      </>
    );
  } else {
    content = (
      <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to={back}>
        Library
      </Link>
      {gone ? (
        <NotificationBanner id="document-removed" heading="This document was removed">
          <p className="govuk-body">It has been taken out of the library while you were here.</p>
        </NotificationBanner>
      ) : null}
      {done && !gone ? (
        <NotificationBanner
          type={done.type}
          id="document-done"
          ref={bannerRef}
          key={done.id}
          title={done.type === 'success' ? 'Success' : 'Important'}
        >
          <p className="govuk-notification-banner__heading">{done.message}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Library</span>
      <h1 className="govuk-heading-l app-document-title">{heading}</h1>
      {content}
    </>
  );
}

/** `/library/:id`: a document, its download and versions, and what its uploader or a moderator may do. */
export function DocumentPage() {
  const { id = '' } = useParams();
  return <DocumentView key={id} id={id} />;
}
