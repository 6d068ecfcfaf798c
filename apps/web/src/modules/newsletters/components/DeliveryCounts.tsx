import type { NewsletterDelivery } from '@contracts';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';

export interface DeliveryCountsProps {
  delivery: NewsletterDelivery;
}

const number = (value: number) => value.toLocaleString('en-GB');

/** How the emails of a published issue are going (fetched again while some are waiting). */
export function DeliveryCounts({ delivery }: DeliveryCountsProps) {
  const rows: SummaryListRow[] = [
    { key: 'Recipients', value: number(delivery.recipients) },
    { key: 'Sent', value: number(delivery.sent) },
    { key: 'Waiting to be sent', value: number(delivery.pending) },
    { key: 'Failed', value: number(delivery.failed) },
  ];
  if (delivery.held > 0) {
    rows.push({
      key: 'Kept in the outbox',
      value: (
        <>
          {number(delivery.held)}
          <span className="govuk-body-s app-secondary-text app-profile__note">
            No mail server is configured, so these emails were kept rather than sent.
          </span>
        </>
      ),
    });
  }
  return (
    <section aria-labelledby="newsletter-delivery-heading">
      <h2 className="govuk-heading-m" id="newsletter-delivery-heading">
        Email delivery
      </h2>
      <SummaryList rows={rows} />
    </section>
  );
}
