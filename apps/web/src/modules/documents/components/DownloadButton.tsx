import { useState } from 'react';
import { errorMessage } from '@web/lib/api';
import { saveBlob } from '@web/lib/download';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { downloadDocument } from '../api/documents-api';
import { formatBytes, typeLabel } from '../document-labels';

export interface DownloadButtonProps {
  documentId: string;
  /** A version number; the current file when absent. */
  version?: number;
  fileName: string;
  type: string;
  size: number;
  /** What the button says before the type and size ("Download", "Download version 2"). */
  label?: string;
  /** Who the download is of, for screen readers ("of <title>"). */
  context: string;
  variant?: 'primary' | 'secondary';
  /** Smaller, for a row of versions. */
  compact?: boolean;
}

/**
 * Downloads a file. The link needs the bearer token, so the file is fetched here and handed to
 * the browser as a blob. The count of downloads goes up: the document is fetched again.
 */
export function DownloadButton({
  documentId,
  version,
  fileName,
  type,
  size,
  label = 'Download',
  context,
  variant = 'primary',
  compact,
}: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const errorId = `download-${documentId}-${version ?? 'current'}-error`;

  const onClick = () => {
    setBusy(true);
    setError(null);
    setDone(false);
    downloadDocument(documentId, version)
      .then(({ blob, filename }) => {
        saveBlob(blob, filename ?? fileName);
        setDone(true);
        void queryClient.invalidateQueries({ queryKey: queryKeys.document(documentId) });
      })
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <div className={compact ? 'app-download app-download--compact' : 'app-download'}>
      {error ? (
        <ErrorMessage id={errorId}>Could not download the file. {error}</ErrorMessage>
      ) : null}
      <Button
        variant={variant}
        busy={busy}
        onClick={onClick}
        className={compact ? 'govuk-!-margin-bottom-0' : 'govuk-!-margin-bottom-2'}
      >
        {busy ? 'Downloading…' : label}
        <span className="govuk-visually-hidden"> {context}</span> ({typeLabel(type)},{' '}
        {formatBytes(size)})
      </Button>
      <p className="govuk-body-s app-inline-status" role="status">
        {done ? `${fileName} downloaded.` : ''}
      </p>
    </div>
  );
}
