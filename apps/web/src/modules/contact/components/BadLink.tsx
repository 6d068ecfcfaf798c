import { Link } from 'react-router';

export interface BadLinkProps {
  /** The link carried no key at all (as the links in our reply emails do). */
  noKey: boolean;
}

export const BAD_LINK_TITLE = 'This link does not open a conversation';
export const NO_KEY_TITLE = 'Open the link from your confirmation email';

/**
 * A tracking link that does not open a conversation. It says the same whatever was wrong with
 * a key, so it never tells whether a reference exists.
 */
export function BadLink({ noKey }: BadLinkProps) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{noKey ? NO_KEY_TITLE : BAD_LINK_TITLE}</h1>
        {noKey ? (
          <p className="govuk-body">
            A conversation with the contact point opens only through the private link in the
            confirmation email we sent when you wrote to us. Open that link to read our replies and
            answer them.
          </p>
        ) : (
          <p className="govuk-body">
            The link may be incomplete. Check that you copied the whole link from the confirmation
            email we sent you, or open it from the email again.
          </p>
        )}
        <p className="govuk-body">
          If you cannot find the email,{' '}
          <Link className="govuk-link" to="/contact">
            send us a new message
          </Link>{' '}
          and give your reference number.
        </p>
      </div>
    </div>
  );
}
