import { useState } from 'react';
import { errorMessage, type DownloadedFile } from '@web/lib/api';
import { saveBlob } from '@web/lib/download';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';

export interface FileDownloadButtonProps {
  /** Base for the ids of the error and the status. */
  id: string;
  label: string;
  /** Said after the label to screen readers ("for <title>"). */
  context?: string;
  /** The file name when the server gives none. */
  fileName: string;
  download: () => Promise<DownloadedFile>;
  variant?: 'primary' | 'secondary';
}

/**
 * Downloads a file that needs the bearer token (which a plain link cannot send): fetched here
 * and handed to the browser as a blob, with a status line once it is done.
 */
export function FileDownloadButton({
  id,
  label,
  context,
  fileName,
  download,
  variant = 'secondary',
}: FileDownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const onClick = () => {
    setBusy(true);
    setError(null);
    setDone(null);
    download()
      .then(({ blob, filename }) => {
        const name = filename ?? fileName;
        saveBlob(blob, name);
        setDone(`${name} downloaded.`);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="app-event-download">
      {error ? (
        <ErrorMessage id={`${id}-error`}>Could not download the file. {error}</ErrorMessage>
      ) : null}
      <Button variant={variant} busy={busy} onClick={onClick} className="govuk-!-margin-bottom-2">
        {busy ? 'Downloading…' : label}
        {context ? <span className="govuk-visually-hidden"> {context}</span> : null}
      </Button>
      <p className="govuk-body-s app-inline-status" role="status" id={`${id}-status`}>
        {done ?? ''}
      </p>
    </div>
  );
}
