import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { TextInput } from '@web/ui/TextInput';
import { checkCode, type CodeKind } from '../codes';

export interface CodeFormProps {
  /** The field's id (unique on the page). */
  id: string;
  label: string;
  hint?: ReactNode;
  kind: CodeKind;
  submitLabel: string;
  variant?: 'primary' | 'warning';
  /** Sends the code; a rejection is shown under the field or above the buttons. */
  onSubmit: (code: string) => Promise<unknown>;
  onCancel: () => void;
  /** Moves focus to the field when the form appears. */
  autoFocus?: boolean;
  children?: ReactNode;
}

/** A code from the authenticator app (or a recovery code), a button to send it, and Cancel. */
export function CodeForm({
  id,
  label,
  hint,
  kind,
  submitLabel,
  variant = 'primary',
  onSubmit,
  onCancel,
  autoFocus = false,
  children,
}: CodeFormProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (autoFocus) formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [autoFocus]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setProblem(null);
    const checked = checkCode(kind, code);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    setBusy(true);
    onSubmit(checked.code).then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        if (isApiError(failure) && failure.code === 'CODE_INVALID') {
          setError('That code is not right: enter the code your app shows now');
        } else if (isApiError(failure) && failure.status === 429) {
          setProblem(tooManyAttemptsMessage(failure));
        } else {
          setProblem(errorMessage(failure));
        }
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} ref={formRef}>
      {children}
      <TextInput
        id={id}
        name="code"
        label={label}
        hint={hint}
        value={code}
        onChange={setCode}
        error={error}
        inputMode={kind === 'totp' ? 'numeric' : undefined}
        autoComplete="one-time-code"
        spellCheck={false}
        widthClass={kind === 'totp' ? 'govuk-input--width-10' : 'govuk-input--width-20'}
      />
      <div role="alert">
        {problem ? <ErrorMessage id={`${id}-problem`}>{problem}</ErrorMessage> : null}
      </div>
      <div className="govuk-button-group">
        <Button type="submit" variant={variant} busy={busy}>
          {submitLabel}
        </Button>
        <button type="button" className="app-link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
