import { useState, type FormEvent } from 'react';
import {
  INVITATION_DEFAULT_DAYS,
  INVITATION_MAX_EMAILS,
  INVITATION_MESSAGE_MAX,
  type CreateInvitationsResponse,
} from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { isEmail } from '@web/modules/auth/components/validation';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { Select } from '@web/ui/Select';
import { Textarea } from '@web/ui/Textarea';
import { useCreateInvitations } from '../hooks/use-invitations';

type Field = 'emails' | 'message' | 'expiresInDays';

const FIELD_IDS: Record<Field, string> = {
  emails: 'invite-emails',
  message: 'invite-message',
  expiresInDays: 'invite-days',
};

const DAY_OPTIONS = [7, 14, 30, 60, 90].map((days) => ({
  value: String(days),
  label: `${days} days`,
}));

/** Addresses as typed: one per line or separated by commas (or semicolons, or spaces). */
export function parseEmails(text: string): string[] {
  const all = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(all)];
}

export interface InviteFormProps {
  onSent: (result: CreateInvitationsResponse) => void;
}

export function InviteForm({ onSent }: InviteFormProps) {
  const create = useCreateInvitations();
  const [emails, setEmails] = useState('');
  const [message, setMessage] = useState('');
  const [days, setDays] = useState(String(INVITATION_DEFAULT_DAYS));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);

  const summary: ErrorSummaryItem[] = [
    ...(Object.keys(FIELD_IDS) as Field[]).flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: FIELD_IDS[field], text }] : [];
    }),
    ...(generalError ? [{ text: generalError }] : []),
  ];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const list = parseEmails(emails);
    const found: Partial<Record<Field, string>> = {};
    const bad = list.filter((email) => !isEmail(email));
    if (list.length === 0) found.emails = 'Enter at least one email address';
    else if (bad.length > 0) {
      found.emails = `${bad.length === 1 ? 'This is' : 'These are'} not an email address: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`;
    } else if (list.length > INVITATION_MAX_EMAILS) {
      found.emails = `Enter ${INVITATION_MAX_EMAILS} addresses or fewer at a time (you entered ${list.length})`;
    }
    if (message.trim().length > INVITATION_MESSAGE_MAX) {
      found.message = `Message must be ${INVITATION_MESSAGE_MAX.toLocaleString('en-GB')} characters or fewer`;
    }
    setErrors(found);
    setGeneralError(null);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        emails: list,
        ...(message.trim() ? { message: message.trim() } : {}),
        expiresInDays: Number(days),
      },
      {
        onSuccess: (result) => {
          setEmails('');
          setMessage('');
          onSent(result);
        },
        onError: (error) => {
          if (isApiError(error) && error.fieldErrors.length > 0) {
            const fromServer: Partial<Record<Field, string>> = {};
            for (const field of Object.keys(FIELD_IDS) as Field[]) {
              const text = error.fieldMessage(field);
              if (text) fromServer[field] = text;
            }
            setErrors(fromServer);
            if (Object.keys(fromServer).length === 0) setGeneralError(errorMessage(error));
            return;
          }
          setGeneralError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="invite-heading">
      <ErrorSummary items={summary} />
      <h2 className="govuk-heading-m" id="invite-heading">
        Send invitations
      </h2>
      <Textarea
        id={FIELD_IDS.emails}
        name="emails"
        label="Email addresses"
        hint={`One per line, or separated by commas. Up to ${INVITATION_MAX_EMAILS} at a time. People who already have an account or an invitation are left out.`}
        value={emails}
        onChange={setEmails}
        error={errors.emails}
        rows={5}
      />
      <Textarea
        id={FIELD_IDS.message}
        name="message"
        label="Message (optional)"
        hint="Added to each invitation email, as plain text."
        value={message}
        onChange={setMessage}
        error={errors.message}
        maxLength={INVITATION_MESSAGE_MAX}
        rows={4}
      />
      <Select
        id={FIELD_IDS.expiresInDays}
        name="expiresInDays"
        label="The link works for"
        options={DAY_OPTIONS}
        value={days}
        onChange={setDays}
        error={errors.expiresInDays}
      />
      <Button type="submit" busy={create.isPending}>
        Send invitations
      </Button>
      {create.isPending ? (
        <p className="govuk-body" role="status">
          Sending invitations…
        </p>
      ) : null}
    </form>
  );
}
