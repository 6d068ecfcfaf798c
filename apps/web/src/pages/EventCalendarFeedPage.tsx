import { Link } from 'react-router';
import { usePageTitle } from '@web/lib/use-page-title';
import { CalendarFeedPanel } from '@web/modules/events/components/CalendarFeedPanel';
import '@web/modules/events/events.css';

/** `/events/calendar-feed` (members): the personal feed address for calendar apps. */
export function EventCalendarFeedPage() {
  usePageTitle('Your calendar feed');
  return (
    <>
      <Link className="govuk-back-link" to="/events">
        Events
      </Link>
      <span className="govuk-caption-l">Events</span>
      <h1 className="govuk-heading-l">Your calendar feed</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Subscribe to your personal feed in Outlook, Google Calendar or Apple Calendar, and the
            events you have registered for appear in your calendar and stay up to date: new times,
            places and cancellations included.
          </p>
          <p className="govuk-body">
            In your calendar app, choose to add a calendar &ldquo;from the internet&rdquo; or
            &ldquo;by URL&rdquo;, and paste the address.
          </p>
          <CalendarFeedPanel />
          <p className="govuk-body">
            To add a single event instead, use &ldquo;Add to calendar (.ics)&rdquo; on its page.
          </p>
        </div>
      </div>
    </>
  );
}
