import { useState, type FormEvent } from 'react';
import type { LibraryDocument } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { uploadVersion } from '../api/documents-api';
import { formatBytes } from '../document-labels';
import { fileErrorOf } from '../file-errors';
import { useUpload } from '../hooks/use-upload';
import { checkFile } from '../upload-values';
import { FileDropZone } from './FileDropZone';
import { UploadProgressBar } from './UploadProgressBar';

export interface NewVersionFormProps {
  document: LibraryDocument;
  maxBytes: number | undefined;
  accept: string | undefined;
  /** The answer: the document with its new version (or held for review). */
  onUploaded: (document: LibraryDocument) => void;
}

const FIELD_ID = 'document-version-file';

/** "Upload a new version" (the uploader or a moderator): a file, its progress, a cancel. */
export function NewVersionForm({ document, maxBytes, accept, onUploaded }: NewVersionFormProps) {
  const upload = useUpload();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);

  const fail = (message: string) => {
    setError(message);
    window.document.getElementById(FIELD_ID)?.focus();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (upload.busy) return;
    setNotice(null);
    const problem = checkFile(file, maxBytes);
    if (problem || !file) return fail(problem ?? 'Select a file to upload');
    setError(undefined);
    void upload
      .start(file, (options) => uploadVersion(document.id, file, options))
      .then((outcome) => {
        switch (outcome.kind) {
          case 'done':
            if (outcome.answer.body.duplicate) {
              fail('The selected file is the same as the current version');
              break;
            }
            setFile(null);
            onUploaded(outcome.answer.body);
            break;
          case 'cancelled':
            setNotice('The upload was cancelled. The document has not changed.');
            break;
          case 'failed':
            fail(fileErrorOf(outcome.error, maxBytes) ?? errorMessage(outcome.error));
            break;
          default: {
            const unknown: never = outcome;
            void unknown;
          }
        }
      });
  };

  return (
    <section className="app-new-version" aria-labelledby="document-new-version-heading">
      <h2 className="govuk-heading-m" id="document-new-version-heading">
        Upload a new version
      </h2>
      <p className="govuk-body">
        The new file replaces the current one for everyone; earlier versions stay available below.
        It is checked for protective markings like the first one.
      </p>
      <form noValidate onSubmit={onSubmit}>
        <FileDropZone
          id={FIELD_ID}
          name="file"
          label="New file"
          labelClass="govuk-label--s"
          hint={maxBytes ? `Up to ${formatBytes(maxBytes)}` : undefined}
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            setError(undefined);
          }}
          error={error}
          accept={accept}
          disabled={upload.busy}
        />
        <p className="govuk-body app-inline-status" role="status">
          {notice ?? ''}
        </p>
        <UploadProgressBar
          id="document-version-progress"
          state={upload.state}
          onCancel={upload.cancel}
        />
        {upload.busy ? null : (
          <Button type="submit" variant="secondary">
            Upload new version
          </Button>
        )}
      </form>
    </section>
  );
}
