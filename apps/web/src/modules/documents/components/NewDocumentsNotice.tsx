import { Link } from 'react-router';
import { documentPath } from '../document-labels';
import { libraryEventsStore, useLibraryEvents } from '../library-events-store';

/**
 * "New in the library": documents published while this page is open, as links, so a new
 * document is found even when the current search does not show it. The list refreshes too.
 */
export function NewDocumentsNotice() {
  const { arrivals } = useLibraryEvents();
  if (arrivals.length === 0) return null;
  return (
    <div
      className="govuk-notification-banner app-new-documents"
      role="region"
      aria-labelledby="library-new-title"
      data-testid="library-new-documents"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="library-new-title">
          New in the library
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-body">
          {arrivals.length === 1
            ? 'A document was added while you were on this page:'
            : `${arrivals.length} documents were added while you were on this page:`}
        </p>
        <ul className="govuk-list">
          {arrivals.map((document) => (
            <li key={document.id}>
              <Link className="govuk-notification-banner__link" to={documentPath(document.id)}>
                {document.title}
              </Link>
              <span className="govuk-body-s app-secondary-text"> from {document.uploaderName}</span>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="app-link-button"
          onClick={() => libraryEventsStore.dismissArrivals()}
        >
          Dismiss<span className="govuk-visually-hidden"> the list of new documents</span>
        </button>
      </div>
    </div>
  );
}
