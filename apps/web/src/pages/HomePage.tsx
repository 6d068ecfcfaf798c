import { Link, Navigate } from 'react-router';
import type { UserResponse } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { countryName } from '@web/lib/countries';
import { formatDateTime } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import { useApplications } from '@web/modules/admin/hooks/use-applications';
import { UpcomingEvents } from '@web/modules/events/components/UpcomingEvents';
import { ROLE_LABELS } from '@web/modules/admin/components/UserCard';
import { describeEvent } from '@web/modules/notifications/describe-event';
import { useNotifications } from '@web/modules/notifications/notifications-store';
import { useSectors } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { LoadingState } from '@web/ui/LoadingState';
import { SummaryList } from '@web/ui/SummaryList';

export const NETWORK_DESCRIPTION =
  "One place where academics, government researchers, law enforcement, industry and international partners find each other, read the network's newsletter, share unclassified documents, join workshops and seminars, and reach a single point of contact.";

function Landing() {
  usePageTitle('Organised Crime Virtual Research Network');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Organised Crime Virtual Research Network</h1>
        <p className="govuk-body-l">{NETWORK_DESCRIPTION}</p>
        <p className="govuk-body">
          The network grew out of the Home Office paper &ldquo;Future Directions for Organised Crime
          Research&rdquo; (December 2011). Its research priorities, from money laundering and cyber
          crime to victims, markets and interventions, tie members, documents, events and the
          newsletter together.
        </p>
        <Link to="/apply" className="govuk-button govuk-button--start" draggable={false}>
          Apply to join
          <svg
            className="govuk-button__start-icon"
            xmlns="http://www.w3.org/2000/svg"
            width="17.5"
            height="19"
            viewBox="0 0 33 40"
            aria-hidden="true"
            focusable="false"
          >
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </Link>
        <h2 className="govuk-heading-m">Already a member?</h2>
        <p className="govuk-body">
          <Link to="/sign-in" className="govuk-link">
            Sign in
          </Link>{' '}
          to reach the directory, library, events and newsletter archive.
        </p>
        <p className="govuk-body">
          <Link to="/events" className="govuk-link">
            See the network&rsquo;s public events
          </Link>
          .
        </p>
      </div>
    </div>
  );
}

/** The admin's queue at a glance (the header links to every admin page). */
function AdminSummary() {
  const pending = useApplications('pending');
  const count = pending.data?.pages.reduce((total, page) => total + page.items.length, 0) ?? 0;
  const more = pending.hasNextPage ? ' or more' : '';
  return (
    <>
      <h2 className="govuk-heading-m">Administration</h2>
      {pending.isPending ? (
        <LoadingState label="Counting the applications waiting…" />
      ) : pending.isError ? (
        <p className="govuk-body">{errorMessage(pending.error)}</p>
      ) : count === 0 ? (
        <p className="govuk-body">No one is waiting for a decision on their application.</p>
      ) : (
        <p className="govuk-body">
          {count}
          {more} {count === 1 && !more ? 'person is' : 'people are'} waiting for a decision.{' '}
          <Link className="govuk-link" to="/admin/applications">
            Review them now
          </Link>
          .
        </p>
      )}
    </>
  );
}

interface DashboardProps {
  user: UserResponse;
}

function Dashboard({ user }: DashboardProps) {
  usePageTitle('Home');
  const { sectorLabel } = useSectors();
  const { items } = useNotifications();
  const latest = items.slice(0, 5);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Welcome, {user.name}</h1>
        <p className="govuk-body-l">{NETWORK_DESCRIPTION}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library">
            Search the library
          </Link>{' '}
          of research, reports and data shared by members, or{' '}
          <Link className="govuk-link" to="/library/upload">
            upload a document
          </Link>
          .
        </p>
        <h2 className="govuk-heading-m">Your account</h2>
        <SummaryList
          rows={[
            { key: 'Email address', value: user.email },
            { key: 'Organisation', value: user.organisation },
            { key: 'Sector', value: sectorLabel(user.sector) },
            { key: 'Country', value: countryName(user.country) },
            { key: 'Roles', value: user.roles.map((role) => ROLE_LABELS[role] ?? role).join(', ') },
          ]}
        />
        <UpcomingEvents />
        {hasRole(user, 'admin') ? <AdminSummary /> : null}
        <h2 className="govuk-heading-m">Latest updates</h2>
        {latest.length === 0 ? (
          <p className="govuk-body">Nothing new yet. Updates appear here as they happen.</p>
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {latest.map(({ event }) => (
              <li key={event.id}>
                {describeEvent(event, user.id)}{' '}
                <span className="app-secondary-text">
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function HomePage() {
  const { status, user } = useAuth();
  if (status === 'signed-in' && user) {
    if (user.status === 'pending' || user.status === 'rejected') {
      return <Navigate to="/pending" replace />;
    }
    return <Dashboard user={user} />;
  }
  return <Landing />;
}
