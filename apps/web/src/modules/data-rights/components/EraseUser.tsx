import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { withStepUp } from '@web/modules/auth/hooks/use-step-up';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { Radios } from '@web/ui/Radios';
import { Textarea } from '@web/ui/Textarea';
import { eraseUser } from '../api/data-rights-api';

/** The placeholder address an erased account keeps. */
export function isErasedAccount(user: { email: string }): boolean {
  return user.email.endsWith('@erased.invalid');
}

export interface EraseUserProps {
  user: { id: string; name: string };
}

/**
 * An admin erases a member on their request: a reason for the audit log, what happens to
 * their uploads, and a confirmation naming the person (then a fresh second factor).
 */
export function EraseUser({ user }: EraseUserProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [uploads, setUploads] = useState('keep');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const base = `erase-${user.id}`;
  const erase = useMutation({
    mutationFn: () =>
      withStepUp(() =>
        eraseUser(user.id, { reason: reason.trim(), keepUploads: uploads === 'keep' }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.usersAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
      ]),
    onError: (failure) => {
      const message = isApiError(failure) ? failure.fieldMessage('reason') : undefined;
      if (message) {
        setReasonError(message);
        setConfirming(false);
      }
    },
  });

  if (!open) {
    return (
      <Button variant="warning" onClick={() => setOpen(true)}>
        Erase<span className="govuk-visually-hidden"> {user.name}</span>
      </Button>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError('Enter why this account is being erased');
      return;
    }
    setReasonError(undefined);
    setConfirming(true);
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`${base}-heading`}>
      <h3 className="govuk-heading-s" id={`${base}-heading`}>
        Erase {user.name}
      </h3>
      <Textarea
        id={`${base}-reason`}
        name="reason"
        label="Reason"
        hint="For example, the date and way the member asked. It is kept in the audit log."
        value={reason}
        onChange={(value) => {
          setReason(value);
          setConfirming(false);
        }}
        error={reasonError}
        rows={3}
        maxLength={2000}
      />
      <Radios
        idPrefix={`${base}-uploads`}
        name={`${base}-uploads`}
        legend="Their uploads to the library"
        small
        items={[
          { value: 'keep', label: 'Keep them, shown as by “Former member”' },
          { value: 'remove', label: 'Remove them' },
        ]}
        value={uploads}
        onChange={(value) => {
          setUploads(value);
          setConfirming(false);
        }}
      />
      {confirming ? (
        <ConfirmPanel
          id={base}
          question={`Erase ${user.name}’s account? Their profile is erased, they are signed out everywhere, and this cannot be undone.`}
          confirmLabel={`Yes, erase ${user.name}`}
          error={erase.isError ? errorMessage(erase.error) : null}
          busy={erase.isPending}
          onConfirm={() => erase.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="govuk-button-group">
          <Button type="submit" variant="warning">
            Continue
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setOpen(false);
              setReasonError(undefined);
            }}
          >
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}
