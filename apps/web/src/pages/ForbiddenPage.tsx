import { Link } from 'react-router';
import { usePageTitle } from '@web/lib/use-page-title';

export function ForbiddenPage() {
  usePageTitle('You do not have permission to see this page');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
        <p className="govuk-body">This page is for network administrators.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the OCVRN home page
          </Link>
        </p>
      </div>
    </div>
  );
}
