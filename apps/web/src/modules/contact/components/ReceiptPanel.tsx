import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ContactReceipt } from '@contracts';
import { minePath, trackingPath } from '../contact-labels';

export interface ReceiptPanelProps {
  receipt: ContactReceipt;
  /** Where the confirmation went. */
  email: string;
  /** Signed in: the message is also listed on the contact page. */
  account: boolean;
  onAnother: () => void;
}

/** The confirmation of a message sent: its reference and the link to follow it. */
export function ReceiptPanel({ receipt, email, account, onAnother }: ReceiptPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);

  // The form is gone: the focus goes to what happened.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation app-panel">
          <h1 className="govuk-panel__title" ref={heading} tabIndex={-1}>
            Message sent
          </h1>
          <div className="govuk-panel__body">
            Your reference number
            <br />
            <strong data-testid="contact-reference">{receipt.reference}</strong>
          </div>
        </div>
        <p className="govuk-body">
          We have sent a confirmation to <strong className="app-break">{email}</strong>, with a link
          to follow the conversation and reply. Our replies will go to the same address.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={trackingPath(receipt.reference, receipt.trackingToken)}>
            Follow your conversation
          </Link>
        </p>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Keep the link private: anyone who has it can read the conversation.
          </strong>
        </div>
        {account ? (
          <p className="govuk-body">
            You can also find it among{' '}
            <Link className="govuk-link" to={minePath(receipt.reference)}>
              your messages
            </Link>{' '}
            whenever you are signed in.
          </p>
        ) : null}
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          A contact officer of the network will read your message and reply by email. The reply also
          shows on the page the link opens, where you can answer it.
        </p>
        <p className="govuk-body">
          <button type="button" className="app-link-button" onClick={onAnother}>
            Send another message
          </button>
        </p>
      </div>
    </div>
  );
}
