import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ACCEPTED_MARKINGS, type LibraryDocument } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { uploadDocument } from '@web/modules/documents/api/documents-api';
import { FileDropZone } from '@web/modules/documents/components/FileDropZone';
import { UploadFields } from '@web/modules/documents/components/UploadFields';
import { UploadProgressBar } from '@web/modules/documents/components/UploadProgressBar';
import {
  documentPath,
  formatBytes,
  type DocumentLocationState,
  TYPE_EXTENSIONS,
  TYPE_LABELS,
} from '@web/modules/documents/document-labels';
import { fileErrorOf } from '@web/modules/documents/file-errors';
import { useUploadLimits } from '@web/modules/documents/hooks/use-documents';
import { useUpload } from '@web/modules/documents/hooks/use-upload';
import {
  EMPTY_UPLOAD,
  fromServerErrors,
  toUploadFields,
  uploadFieldId,
  uploadSummary,
  validateUpload,
  type UploadErrors,
  type UploadValues,
} from '@web/modules/documents/upload-values';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import '@web/modules/documents/library.css';

interface Duplicate {
  id: string;
  title: string;
}

/**
 * `/library/upload`: a document's metadata, its declared marking and the file (chosen or
 * dropped), sent with a progress bar and a cancel. The server checks the file's type by its
 * content and looks for protective markings: a file that carries one above OFFICIAL is held
 * for a moderator.
 */
export function LibraryUploadPage() {
  const navigate = useNavigate();
  const limits = useUploadLimits();
  const taxonomy = useTaxonomyLabels();
  const upload = useUpload();
  const [values, setValues] = useState<UploadValues>(EMPTY_UPLOAD);
  const [errors, setErrors] = useState<UploadErrors>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const duplicateRef = useRef<HTMLDivElement>(null);
  usePageTitle('Upload a document', summary.length > 0);

  // The banner replaces the form's answer: the focus goes to it.
  useEffect(() => {
    if (duplicate) duplicateRef.current?.focus();
  }, [duplicate]);

  const maxBytes = limits.data?.maxUploadBytes;
  const types = limits.data?.types ?? [];
  const accept =
    types.length > 0 ? types.flatMap((type) => TYPE_EXTENSIONS[type] ?? []).join(',') : undefined;
  const markings = limits.data?.markings ?? ACCEPTED_MARKINGS;

  const showErrors = (fields: UploadErrors, other: string[] = []) => {
    setErrors(fields);
    setSummary(uploadSummary(fields, other));
  };

  const onChange = (patch: Partial<UploadValues>) => setValues((old) => ({ ...old, ...patch }));

  const onDone = (document: LibraryDocument, status: number) => {
    if (document.duplicate || status === 200) {
      setDuplicate({ id: document.id, title: document.title });
      return;
    }
    void navigate(documentPath(document.id), {
      state: { uploaded: true } satisfies DocumentLocationState,
    });
  };

  const onFailed = (error: unknown) => {
    if (isApiError(error) && error.status === 400 && error.fieldErrors.length > 0) {
      const fromServer = fromServerErrors(error.fieldErrors);
      showErrors(fromServer.fields, fromServer.other);
      return;
    }
    const fileError = fileErrorOf(error, maxBytes);
    if (fileError) {
      showErrors({ file: fileError });
      return;
    }
    showErrors({}, [errorMessage(error)]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (upload.busy) return;
    setDuplicate(null);
    setCancelled(false);
    const found = validateUpload(values, maxBytes);
    showErrors(found);
    const file = values.file;
    if (Object.keys(found).length > 0 || !file) return;
    const fields = toUploadFields(values);
    void upload
      .start(file, (options) => uploadDocument(fields, file, options))
      .then((outcome) => {
        switch (outcome.kind) {
          case 'done':
            onDone(outcome.answer.body, outcome.answer.status);
            break;
          case 'cancelled':
            setCancelled(true);
            break;
          case 'failed':
            onFailed(outcome.error);
            break;
          default: {
            const unknown: never = outcome;
            void unknown;
          }
        }
      });
  };

  const typeList = types.map((type) => TYPE_LABELS[type]).join(', ');

  return (
    <>
      <Link className="govuk-back-link" to="/library">
        Library
      </Link>
      <ErrorSummary items={summary} />
      {duplicate ? (
        <NotificationBanner
          id="library-duplicate"
          ref={duplicateRef}
          heading="This file is already in the library"
        >
          <p className="govuk-body">
            Someone has already uploaded the identical file:{' '}
            <Link className="govuk-notification-banner__link" to={documentPath(duplicate.id)}>
              {duplicate.title}
            </Link>
            . It has not been added again.
          </p>
        </NotificationBanner>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">Library</span>
          <h1 className="govuk-heading-l">Upload a document</h1>
          <p className="govuk-body">
            Share research, reports or data with every member of the network. Describe the document
            so others can find it, then choose the file.
          </p>
          <form noValidate onSubmit={onSubmit}>
            <UploadFields
              values={values}
              onChange={onChange}
              errors={errors}
              topics={taxonomy.topics}
              taxonomyLoading={taxonomy.isLoading}
              markings={markings}
            />
            <FileDropZone
              id={uploadFieldId('file')}
              name="file"
              label="File"
              labelClass="govuk-label--m"
              hint={
                <>
                  {typeList ? `${typeList}. ` : ''}
                  {maxBytes ? `Up to ${formatBytes(maxBytes)}.` : ''}
                </>
              }
              file={values.file}
              onChange={(file) => {
                onChange({ file });
                setDuplicate(null);
                setCancelled(false);
              }}
              error={errors.file}
              accept={accept}
              disabled={upload.busy}
            />
            <p className="govuk-body app-inline-status" role="status">
              {cancelled ? 'The upload was cancelled. Nothing was added to the library.' : ''}
            </p>
            <UploadProgressBar
              id="document-upload-progress"
              state={upload.state}
              onCancel={upload.cancel}
            />
            {upload.busy ? null : (
              <div className="govuk-button-group">
                <Button type="submit">Upload document</Button>
                <Link className="govuk-link" to="/library">
                  Cancel
                </Link>
              </div>
            )}
          </form>
        </div>
      </div>
    </>
  );
}
