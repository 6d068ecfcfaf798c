import { useState, type FormEvent } from 'react';
import type { ContactReceipt } from '@contracts';
import { useAuth } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { usePageTitle } from '@web/lib/use-page-title';
import { sendContact } from '@web/modules/contact/api/contact-api';
import { isAbortError } from '@web/modules/contact/api/contact-request';
import { ContactFields } from '@web/modules/contact/components/ContactFields';
import { MyMessages } from '@web/modules/contact/components/MyMessages';
import { ReceiptPanel } from '@web/modules/contact/components/ReceiptPanel';
import { SendProgress } from '@web/modules/contact/components/SendProgress';
import { sendFailure } from '@web/modules/contact/contact-errors';
import {
  contactSummary,
  EMPTY_CONTACT,
  fromServerErrors,
  toContactRequest,
  validateContact,
  type ContactErrors,
  type ContactValues,
} from '@web/modules/contact/contact-values';
import { useSend } from '@web/modules/contact/hooks/use-send';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import '@web/modules/contact/contact.css';

interface Sent {
  receipt: ContactReceipt;
  email: string;
}

/**
 * `/contact`: the network's single point of contact. Anyone can write (name, email, what
 * about, subject, message, files); a signed-in member's name and email are their account's,
 * and their earlier messages are listed. The answer is a reference and a private link to
 * follow the conversation.
 */
export function ContactPage() {
  const { status, user } = useAuth();
  // Approved members write as their account; applicants give a name and address like anyone.
  const account = status === 'signed-in' && user?.status === 'approved';
  const [values, setValues] = useState<ContactValues>(EMPTY_CONTACT);
  const [errors, setErrors] = useState<ContactErrors>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [sent, setSent] = useState<Sent | null>(null);
  const send = useSend();
  usePageTitle(sent ? 'Message sent' : 'Contact us', summary.length > 0);

  // Signed in, the name and email shown are the account's.
  const shown: ContactValues =
    account && user ? { ...values, name: user.name, email: user.email } : values;

  const showErrors = (fields: ContactErrors, other: string[] = []) => {
    setErrors(fields);
    setSummary(contactSummary(fields, other));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.busy) return;
    const found = validateContact(shown, account);
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    const request = toContactRequest(shown, account);
    const files = shown.files;
    send
      .run((options) => sendContact(request, files, options), files.length > 0)
      .then((receipt) => {
        setSent({ receipt, email: shown.email.trim() });
        setValues(EMPTY_CONTACT);
        showErrors({});
        if (account) void queryClient.invalidateQueries({ queryKey: queryKeys.contactMine });
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        const failure = sendFailure(error);
        const server = fromServerErrors(
          Object.entries(failure.fields).map(([field, message]) => ({ field, message })),
        );
        showErrors(server.fields, [...server.other, ...failure.other]);
      });
  };

  if (sent) {
    return (
      <ReceiptPanel
        receipt={sent.receipt}
        email={sent.email}
        account={account}
        onAnother={() => setSent(null)}
      />
    );
  }

  return (
    <>
      <ErrorSummary items={summary} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Contact us</h1>
          <p className="govuk-body">
            The network&rsquo;s contact point answers questions about OCVRN: joining, events, the
            newsletter, or research you would like to share. You do not need an account to write to
            us.
          </p>
          <p className="govuk-body">
            You will get a reference number and a link to follow the conversation and reply.
          </p>
          <form noValidate onSubmit={onSubmit} aria-label="Your message to the contact point">
            <ContactFields
              values={shown}
              onChange={(patch) => setValues((old) => ({ ...old, ...patch }))}
              errors={errors}
              account={account}
              busy={send.busy}
            />
            <SendProgress id="contact-progress" progress={send.progress} />
            <Button type="submit" busy={send.busy}>
              {send.busy ? 'Sending…' : 'Send message'}
            </Button>
          </form>
          {account ? <MyMessages /> : null}
        </div>
      </div>
    </>
  );
}
