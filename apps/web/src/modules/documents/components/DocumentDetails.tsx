import type { LibraryDocument } from '@contracts';
import { formatDate } from '@web/lib/format';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { authorsText, formatBytes, languageLabel, sourceHref, typeLabel } from '../document-labels';
import { DocumentTopics } from './DocumentTopics';

export interface DocumentDetailsProps {
  document: LibraryDocument;
  topicLabel: (id: string) => string;
}

/** A document's metadata as a summary list. */
export function DocumentDetails({ document, topicLabel }: DocumentDetailsProps) {
  const rows: SummaryListRow[] = [];
  if (document.authors.length > 0) {
    rows.push({
      key: document.authors.length === 1 ? 'Author' : 'Authors',
      value: authorsText(document.authors),
    });
  }
  if (document.year) rows.push({ key: 'Year', value: String(document.year) });
  if (document.topics.length > 0) {
    rows.push({
      key: 'Topics',
      value: (
        <DocumentTopics
          ids={document.topics}
          topicLabel={topicLabel}
          label={`Topics of ${document.title}`}
        />
      ),
    });
  }
  if (document.crimeTypes.length > 0) {
    rows.push({
      key: 'Crime types',
      value: (
        <DocumentTopics
          ids={document.crimeTypes}
          topicLabel={topicLabel}
          label={`Crime types of ${document.title}`}
          colour="purple"
        />
      ),
    });
  }
  if (document.language) rows.push({ key: 'Language', value: languageLabel(document.language) });
  if (document.source) {
    const href = sourceHref(document.source);
    rows.push({
      key: 'Source',
      value: href ? (
        <a className="govuk-link app-break" href={href} rel="noopener noreferrer external">
          {document.source}
        </a>
      ) : (
        <span className="app-break">{document.source}</span>
      ),
    });
  }
  rows.push(
    {
      key: 'File',
      value: (
        <span className="app-break">
          {document.fileName} ({typeLabel(document.type)}, {formatBytes(document.size)})
        </span>
      ),
    },
    { key: 'Protective marking', value: document.marking },
    {
      key: 'Uploaded by',
      value: (
        <>
          {document.uploaderName},{' '}
          <time dateTime={document.createdAt}>{formatDate(document.createdAt)}</time>
        </>
      ),
    },
  );
  if (document.publishedAt) {
    rows.push({
      key: 'Published',
      value: <time dateTime={document.publishedAt}>{formatDate(document.publishedAt)}</time>,
    });
  }
  rows.push({
    key: 'Downloads',
    value: (
      <span data-testid="document-downloads">{document.downloads.toLocaleString('en-GB')}</span>
    ),
  });
  return <SummaryList rows={rows} />;
}
