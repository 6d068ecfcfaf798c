import type { DocumentVersion } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { formatBytes, typeLabel } from '../document-labels';
import { DownloadButton } from './DownloadButton';

export interface VersionsListProps {
  documentId: string;
  title: string;
  /** Newest first. */
  versions: readonly DocumentVersion[];
}

/** Every version of a document's file, newest first, each with its own download. */
export function VersionsList({ documentId, title, versions }: VersionsListProps) {
  if (versions.length === 0) return null;
  return (
    <section className="app-versions" aria-labelledby="document-versions-heading">
      <h2 className="govuk-heading-m" id="document-versions-heading">
        Versions
      </h2>
      <ol className="govuk-list app-versions__list" reversed>
        {versions.map((version, index) => (
          <li
            className="app-versions__item"
            key={version.id}
            data-testid={`document-version-${version.number}`}
          >
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
              Version {version.number}
              {index === 0 ? ' (current)' : ''}
            </p>
            <p className="govuk-body-s govuk-!-margin-bottom-1 app-break">
              {version.fileName} · {typeLabel(version.type)} · {formatBytes(version.size)}
              {version.pages ? ` · ${version.pages} ${version.pages === 1 ? 'page' : 'pages'}` : ''}
            </p>
            <p className="govuk-body-s app-secondary-text">
              Uploaded by {version.uploadedByName},{' '}
              <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
            </p>
            <DownloadButton
              documentId={documentId}
              version={version.number}
              fileName={version.fileName}
              type={version.type}
              size={version.size}
              label={`Download version ${version.number}`}
              context={`of ${title}`}
              variant="secondary"
              compact
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
