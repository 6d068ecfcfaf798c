/**
 * The account page's "Passkeys" section: the user's passkeys (name, when added, when last
 * used), "Add a passkey" (the browser's prompt, then a name), and removal with a
 * confirmation.
 *
 * Props:
 * - `headingLevel` (optional, 3 by default): the level of its "Passkeys" heading; 3 fits it
 *   beside the authenticator app under the account page's "Second factors" (`h2`).
 *
 * It renders its own `<section class="app-account-subsection">`. When the server asks for a
 * fresh factor (401 STEP_UP_REQUIRED) it goes through the app's step-up dialog
 * (`withStepUp`) and retries. After a change it reloads `GET /auth/me`, so the factor count
 * (and any enrolment gate) follows. A first second factor comes with ten recovery codes: they
 * are shown once, in place of the list, until the user says they have saved them.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PasskeyResponse } from '@contracts';
import type { RegistrationResponseJSON } from '@simplewebauthn/browser';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { formatDate, formatDateTime } from '@web/lib/format';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';
import {
  createPasskey,
  isAlreadyRegistered,
  isCeremonyCancelled,
  listPasskeys,
  registerPasskey,
  registrationOptions,
  removePasskey,
  webAuthnAvailable,
} from '../api/passkeys-api';
import { reloadMe } from '../hooks/use-me';
import { isStepUpRequired, withStepUp } from '../hooks/use-step-up';
import { RecoveryCodes } from './account/RecoveryCodes';

const NAME_ID = 'passkey-name';
const NAME_MAX = 60;
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u001f\u007f<>]/;

interface Pending {
  response: RegistrationResponseJSON;
  challengeToken: string;
}

function checkName(raw: string): string | undefined {
  const name = raw.trim();
  if (!name) return 'Enter a name for the passkey';
  if (name.length > NAME_MAX) return `The name must be ${NAME_MAX} characters or fewer`;
  if (NOT_PLAIN.test(name)) return 'The name must not contain < or >';
  return undefined;
}

function addProblem(error: unknown): string {
  if (isCeremonyCancelled(error)) {
    return 'The passkey prompt was closed or timed out: no passkey was added';
  }
  if (isAlreadyRegistered(error)) {
    return 'This device or security key already holds a passkey for your account';
  }
  if (isStepUpRequired(error)) return 'Confirm it is you to add a passkey';
  return errorMessage(error);
}

function afterChange(): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.passkeys });
  void reloadMe().catch(() => undefined);
}

export interface PasskeysSectionProps {
  headingLevel?: 2 | 3;
}

export function PasskeysSection({ headingLevel = 3 }: PasskeysSectionProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { user } = useAuth();
  const list = useQuery({
    queryKey: queryKeys.passkeys,
    queryFn: ({ signal }) => listPasskeys(signal),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [prompting, setPrompting] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState<PasskeyResponse | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  // Recovery codes that came with the account's first factor, shown once.
  const [codes, setCodes] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');
  const nameRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The name form appears after the browser's prompt: move focus to it.
  useEffect(() => {
    if (pending) nameRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [pending]);

  const summary: ErrorSummaryItem[] = [
    ...(nameError ? [{ fieldId: NAME_ID, text: nameError }] : []),
    ...(problem ? [{ text: problem }] : []),
  ];

  const onAdd = () => {
    if (prompting) return;
    setNotice(null);
    setStatus('');
    setProblem(null);
    setConfirming(null);
    setPrompting(true);
    withStepUp(registrationOptions)
      .then(async ({ options, challengeToken }) => {
        const response = await createPasskey(options);
        setName('');
        setNameError(undefined);
        setPending({ response, challengeToken });
      })
      .catch((error: unknown) => setProblem(addProblem(error)))
      .finally(() => setPrompting(false));
  };

  const cancelAdd = () => {
    setPending(null);
    setNameError(undefined);
    setProblem(null);
    addRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  };

  const onSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!pending || saving) return;
    const invalid = checkName(name);
    setNameError(invalid);
    setProblem(null);
    if (invalid) return;
    const trimmed = name.trim();
    setSaving(true);
    withStepUp(() => registerPasskey({ ...pending, name: trimmed }))
      .then((added) => {
        setPending(null);
        setNotice(`Passkey “${added.name}” added`);
        if (added.recoveryCodes?.length) setCodes(added.recoveryCodes);
        afterChange();
      })
      .catch((error: unknown) => {
        const field = isApiError(error) ? error.fieldMessage('name') : undefined;
        if (field) {
          setNameError(field);
        } else if (isApiError(error) && error.code === 'PASSKEY_INVALID') {
          // The challenge is used up or expired: the browser has to be asked again.
          setPending(null);
          setProblem(
            error.fieldMessage('challengeToken')
              ? 'This took too long: add the passkey again'
              : 'That passkey could not be added. Try again',
          );
        } else {
          setProblem(addProblem(error));
        }
      })
      .finally(() => setSaving(false));
  };

  const onRemove = () => {
    if (!confirming || removing) return;
    const passkey = confirming;
    setRemoving(true);
    setRemoveError(null);
    withStepUp(() => removePasskey(passkey.id))
      .then(() => {
        setConfirming(null);
        setNotice(`Passkey “${passkey.name}” removed`);
        afterChange();
      })
      .catch((error: unknown) => {
        if (isApiError(error) && error.code === 'PASSKEY_NOT_FOUND') {
          setConfirming(null);
          afterChange();
          return;
        }
        setRemoveError(
          isStepUpRequired(error) ? 'Confirm it is you to remove a passkey' : errorMessage(error),
        );
      })
      .finally(() => setRemoving(false));
  };

  const items = list.data?.items ?? [];

  return (
    <section className="app-account-subsection" aria-labelledby="passkeys-heading">
      <Heading className="govuk-heading-m" id="passkeys-heading" ref={headingRef} tabIndex={-1}>
        Passkeys
      </Heading>
      <ErrorSummary items={summary} />
      {notice ? (
        <NotificationBanner type="success" id="passkeys-notice">
          <p className="govuk-notification-banner__heading">{notice}</p>
        </NotificationBanner>
      ) : null}
      <p className="govuk-body">
        A passkey lets you sign in with your fingerprint, face, screen lock or a security key
        instead of typing your password. It also counts as a second factor.
      </p>
      {codes ? (
        <>
          <p className="govuk-body">
            This is your first second factor, so it comes with recovery codes.
          </p>
          <RecoveryCodes
            codes={codes}
            email={user?.email ?? ''}
            onDone={() => {
              setCodes(null);
              setStatus('Your passkey is set up.');
              headingRef.current?.focus();
            }}
          />
        </>
      ) : (
        <>
          {list.isPending ? (
            <LoadingState label="Loading your passkeys…" />
          ) : list.isError ? (
            <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <p className="govuk-body">You have not added a passkey.</p>
          ) : (
            <dl className="govuk-summary-list">
              {items.map((passkey) => (
                <div className="govuk-summary-list__row" key={passkey.id}>
                  <dt className="govuk-summary-list__key">{passkey.name}</dt>
                  <dd className="govuk-summary-list__value">
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      Added {formatDate(passkey.createdAt)}
                    </p>
                    <p className="govuk-body govuk-!-margin-bottom-0">
                      {passkey.lastUsedAt
                        ? `Last used ${formatDateTime(passkey.lastUsedAt)}`
                        : 'Not used yet'}
                    </p>
                    {confirming?.id === passkey.id ? (
                      <ConfirmPanel
                        id={`passkey-remove-${passkey.id}`}
                        question={`Remove the passkey “${passkey.name}”? You will not be able to sign in with it any more.`}
                        confirmLabel="Yes, remove it"
                        error={removeError}
                        busy={removing}
                        onConfirm={onRemove}
                        onCancel={() => {
                          setConfirming(null);
                          setRemoveError(null);
                        }}
                      />
                    ) : null}
                  </dd>
                  <dd className="govuk-summary-list__actions">
                    <button
                      type="button"
                      className="app-link-button"
                      onClick={() => {
                        setNotice(null);
                        setRemoveError(null);
                        setConfirming(passkey);
                      }}
                    >
                      Remove
                      <span className="govuk-visually-hidden"> the passkey {passkey.name}</span>
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {pending ? (
            <form noValidate onSubmit={onSave}>
              <div ref={nameRef}>
                <TextInput
                  id={NAME_ID}
                  name="passkeyName"
                  label="Name this passkey"
                  hint="So you can tell your passkeys apart, like ‘Work laptop’ or ‘Security key’."
                  value={name}
                  onChange={setName}
                  error={nameError}
                  autoComplete="off"
                  widthClass="govuk-input--width-20"
                />
              </div>
              <div className="govuk-button-group">
                <Button type="submit" busy={saving}>
                  Save passkey
                </Button>
                <button type="button" className="app-link-button" onClick={cancelAdd}>
                  Cancel
                </button>
              </div>
            </form>
          ) : webAuthnAvailable() ? (
            <div ref={addRef}>
              <Button variant="secondary" onClick={onAdd} busy={prompting}>
                Add a passkey
              </Button>
              {prompting ? (
                <p className="govuk-body" role="status">
                  Follow your browser’s instructions to create the passkey…
                </p>
              ) : null}
            </div>
          ) : (
            <p className="govuk-body">This browser cannot create passkeys.</p>
          )}
        </>
      )}
      <p className="govuk-body app-inline-status" role="status">
        {status}
      </p>
    </section>
  );
}
