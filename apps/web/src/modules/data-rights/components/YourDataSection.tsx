import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DataExportResponse } from '@contracts';
import { endSession, errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { saveBlob } from '@web/lib/download';
import { formatDateTime } from '@web/lib/format';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { withStepUp } from '@web/modules/auth/hooks/use-step-up';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { ErrorMessage } from '@web/ui/FieldParts';
import { LoadingState } from '@web/ui/LoadingState';
import { Radios } from '@web/ui/Radios';
import { Tag } from '@web/ui/Tag';
import { TextInput } from '@web/ui/TextInput';
import { closeAccount, downloadExport, listExports, requestExport } from '../api/data-rights-api';

export const YOUR_DATA_SECTION_ID = 'your-data';

const UPLOAD_CHOICES = [
  {
    value: 'keep',
    label: 'Keep them in the library',
    hint: 'They stay available to members, shown as uploaded by “Former member”.',
  },
  { value: 'remove', label: 'Remove them from the library' },
] as const;

function bytes(size: number | null): string {
  if (size === null) return '';
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

function ExportStatus({ item }: { item: DataExportResponse }) {
  const [failure, setFailure] = useState<string | null>(null);
  const download = useMutation({
    mutationFn: () => downloadExport(item.downloadUrl ?? ''),
    onSuccess: ({ blob, filename }) => {
      setFailure(null);
      saveBlob(blob, filename ?? 'ocvrn-your-data.zip');
    },
    onError: (error) => {
      setFailure(errorMessage(error));
      // Expired meanwhile: the status below catches up.
      if (isApiError(error) && error.status === 410) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.dataExports });
      }
    },
  });

  switch (item.status) {
    case 'pending':
      return (
        <p className="govuk-body">
          <Tag colour="blue">Requested</Tag> You asked on{' '}
          <time dateTime={item.requestedAt}>{formatDateTime(item.requestedAt)}</time>. We are
          preparing your file and will tell you here and by email when it is ready.
        </p>
      );
    case 'ready':
      return (
        <>
          <p className="govuk-body">
            <Tag colour="green">Ready</Tag> Your file ({bytes(item.size)}) can be downloaded until{' '}
            <time dateTime={item.expiresAt ?? undefined}>{formatDateTime(item.expiresAt)}</time>. It
            is then deleted.
          </p>
          {failure ? <ErrorMessage id="data-download-error">{failure}</ErrorMessage> : null}
          <Button onClick={() => download.mutate()} busy={download.isPending}>
            Download your data (ZIP)
          </Button>
        </>
      );
    case 'expired':
      return (
        <p className="govuk-body">
          <Tag colour="grey">Expired</Tag> Your last download expired
          {item.expiresAt ? (
            <>
              {' '}
              on <time dateTime={item.expiresAt}>{formatDateTime(item.expiresAt)}</time>
            </>
          ) : null}
          . You can ask for a new copy.
        </p>
      );
    case 'failed':
      return (
        <p className="govuk-body">
          <Tag colour="red">Failed</Tag> We could not prepare your last copy. Ask again, or write to
          the contact point.
        </p>
      );
  }
}

/** A copy of all my data: ask for it, follow its progress, download it while it lasts. */
function DownloadYourData() {
  const exports = useQuery({
    queryKey: queryKeys.dataExports,
    queryFn: ({ signal }) => listExports(signal),
    // The live event says when it is ready; this is the fallback while one is being made.
    refetchInterval: (query) => (query.state.data?.items[0]?.status === 'pending' ? 10_000 : false),
  });
  const request = useMutation({
    mutationFn: requestExport,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.dataExports }),
  });
  const latest = exports.data?.items[0];
  const requestError =
    request.error && isApiError(request.error) && request.error.status === 429
      ? `You can ask for a copy once a day. ${tooManyAttemptsMessage(request.error)}.`
      : request.error
        ? errorMessage(request.error)
        : null;

  return (
    <>
      <h3 className="govuk-heading-m">Download your data</h3>
      <p className="govuk-body">
        Get a copy of everything the network holds about you: your profile, event registrations,
        uploads, newsletter issues you wrote, messages to the contact point, notifications, sign-ins
        and audit records. You can ask once a day.
      </p>
      {exports.isPending ? (
        <LoadingState label="Loading your requests…" />
      ) : exports.isError ? (
        <ErrorState message={errorMessage(exports.error)} onRetry={() => void exports.refetch()} />
      ) : (
        <>
          {latest ? <ExportStatus item={latest} /> : null}
          {latest?.status !== 'pending' && latest?.status !== 'ready' ? (
            <>
              {requestError ? (
                <ErrorMessage id="data-request-error">{requestError}</ErrorMessage>
              ) : null}
              <Button
                variant={latest ? 'secondary' : 'primary'}
                onClick={() => request.mutate()}
                busy={request.isPending}
              >
                {latest ? 'Request a new copy' : 'Request your data'}
              </Button>
            </>
          ) : null}
        </>
      )}
    </>
  );
}

type Field = 'uploads' | 'password';
const fieldId = (field: Field) => `close-account-${field}`;

/** Closing the account: a warning, what happens to uploads, the password, a last confirmation. */
function CloseYourAccount() {
  const [open, setOpen] = useState(false);
  const [uploads, setUploads] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () => withStepUp(() => closeAccount({ password, keepUploads: uploads === 'keep' })),
    // Signed out here too: the sign-in page then says the account was closed.
    onSuccess: () => endSession('Your account has been closed and your details erased.'),
    onError: (error) => {
      setConfirming(false);
      const message = isApiError(error) ? error.fieldMessage('password') : undefined;
      if (message) setErrors({ password: message });
    },
  });

  const summary: ErrorSummaryItem[] = (['uploads', 'password'] as const).flatMap((field) => {
    const text = errors[field];
    return text ? [{ fieldId: fieldId(field), text }] : [];
  });
  const problem =
    close.error && !(isApiError(close.error) && close.error.fieldMessage('password'))
      ? errorMessage(close.error)
      : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!uploads) found.uploads = 'Choose what happens to your uploads';
    if (!password) found.password = 'Enter your password';
    setErrors(found);
    if (Object.keys(found).length === 0) setConfirming(true);
  };

  return (
    <>
      <h3 className="govuk-heading-m">Close your account</h3>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Closing your account cannot be undone. Your profile is erased and you are signed out
          everywhere. What you contributed (newsletter issues, messages, event history) stays, shown
          as by “Former member”.
        </strong>
      </div>
      {!open ? (
        <Button variant="warning" onClick={() => setOpen(true)}>
          Close your account
        </Button>
      ) : (
        <form noValidate onSubmit={onSubmit}>
          {summary.length > 0 ? <ErrorSummary items={summary} /> : null}
          <Radios
            idPrefix={fieldId('uploads')}
            name="uploads"
            legend="What should happen to the documents you uploaded?"
            legendClass="govuk-fieldset__legend--s"
            items={UPLOAD_CHOICES}
            value={uploads}
            onChange={(value) => {
              setUploads(value);
              setConfirming(false);
            }}
            error={errors.uploads}
          />
          <TextInput
            id={fieldId('password')}
            name="password"
            type="password"
            label="Your password"
            hint="To confirm it is you"
            autoComplete="current-password"
            value={password}
            onChange={(value) => {
              setPassword(value);
              setConfirming(false);
            }}
            error={errors.password}
            widthClass="govuk-input--width-20"
          />
          {confirming ? (
            <ConfirmPanel
              id="close-account"
              question="Close your account now? Your profile will be erased and this cannot be undone."
              confirmLabel="Yes, close my account"
              error={problem}
              busy={close.isPending}
              onConfirm={() => close.mutate()}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <>
              {problem ? <ErrorMessage id="close-account-problem">{problem}</ErrorMessage> : null}
              <div className="govuk-button-group">
                <Button type="submit" variant="warning">
                  Continue
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => {
                    setOpen(false);
                    setErrors({});
                    setPassword('');
                  }}
                >
                  Cancel
                </Button>
              </div>
            </>
          )}
        </form>
      )}
    </>
  );
}

/** "Your data" on the account page: a copy of it, and closing the account. */
export function YourDataSection() {
  return (
    <section
      className="app-account-section"
      id={YOUR_DATA_SECTION_ID}
      aria-labelledby="your-data-heading"
      tabIndex={-1}
    >
      <h2 className="govuk-heading-l" id="your-data-heading">
        Your data
      </h2>
      <DownloadYourData />
      <CloseYourAccount />
    </section>
  );
}
