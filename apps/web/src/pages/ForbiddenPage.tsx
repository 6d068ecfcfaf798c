import { Link } from 'react-router';
import { usePageTitle } from '@web/lib/use-page-title';

const FOR: Record<string, string> = {
  admin: 'network administrators',
  editor: 'newsletter editors',
  moderator: 'library moderators',
  contact_officer: 'contact officers',
};

/** Shown for a page that needs a role the user does not hold. */
export function ForbiddenPage({ role }: { role?: string }) {
  usePageTitle('You do not have permission to see this page');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
        <p className="govuk-body">
          This page is for {(role && FOR[role]) ?? 'members with another role'}. An administrator
          can give you that role.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the OCVRN home page
          </Link>
        </p>
      </div>
    </div>
  );
}
