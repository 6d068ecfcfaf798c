import type { AuditVerifyResponse } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { NotificationBanner } from '@web/ui/NotificationBanner';

export interface AuditChainBannerProps {
  result: AuditVerifyResponse;
}

const count = new Intl.NumberFormat('en-GB');

/** The integrity check's verdict: verified up to the latest entry, or where the chain breaks. */
export function AuditChainBanner({ result }: AuditChainBannerProps) {
  if (result.ok) {
    return (
      <NotificationBanner
        type="success"
        title="Integrity verified"
        id="audit-chain"
        heading={
          result.checked === 0
            ? 'Nothing has been recorded yet'
            : `Verified ${count.format(result.checked)} ${result.checked === 1 ? 'entry' : 'entries'} up to ${formatDateTime(result.lastAt)}`
        }
      >
        <p className="govuk-body">
          Every entry’s hash matches its content and links to the one before it. Checked{' '}
          {formatDateTime(result.verifiedAt)}.
        </p>
      </NotificationBanner>
    );
  }
  const broken = result.break;
  return (
    <div className="govuk-error-summary" role="alert" tabIndex={-1} id="audit-chain">
      <h2 className="govuk-error-summary__title">
        The audit log has been altered: the chain is broken at entry {result.firstBrokenId}
      </h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">
          Entries from {result.firstBrokenId} onwards cannot be trusted.{' '}
          {count.format(result.checked)} entries were checked. Tell the network’s security contact;
          do not change the database.
        </p>
        {broken ? (
          <dl className="govuk-summary-list govuk-summary-list--no-border">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Field</dt>
              <dd className="govuk-summary-list__value">{broken.field}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Expected</dt>
              <dd className="govuk-summary-list__value app-break">
                <code>{broken.expected}</code>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Stored</dt>
              <dd className="govuk-summary-list__value app-break">
                <code>{broken.stored}</code>
              </dd>
            </div>
          </dl>
        ) : null}
      </div>
    </div>
  );
}
