import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { usePageTitle } from '@web/lib/use-page-title';
import { NotFoundPage } from '@web/pages/NotFoundPage';

/** Shown when a route throws while rendering. */
export function RouteError() {
  const error = useRouteError();
  usePageTitle('Sorry, there is a problem with the service');
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <div className="govuk-width-container">
      <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
        <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
        <p className="govuk-body">Try again later.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/" reloadDocument>
            Go to the home page
          </Link>
        </p>
      </main>
    </div>
  );
}
