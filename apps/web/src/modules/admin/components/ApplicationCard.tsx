import { useRef, useState } from 'react';
import type { ApplicationResponse } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { countryName } from '@web/lib/countries';
import { formatDate } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { Tag, type TagColour } from '@web/ui/Tag';
import { useApproveApplication } from '../hooks/use-applications';
import { RejectApplicationForm } from './RejectApplicationForm';

export interface ApplicationCardProps {
  application: ApplicationResponse;
  sectorLabel: (id: string) => string;
  /** Called with a sentence for the page's success banner. */
  onDecided: (message: string) => void;
}

export const STATUS_TAG: Record<
  ApplicationResponse['status'],
  { label: string; colour: TagColour }
> = {
  pending: { label: 'Waiting', colour: 'blue' },
  approved: { label: 'Approved', colour: 'green' },
  rejected: { label: 'Rejected', colour: 'red' },
  disabled: { label: 'Disabled', colour: 'grey' },
};

export function ApplicationCard({ application, sectorLabel, onDecided }: ApplicationCardProps) {
  const approve = useApproveApplication();
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rejectButtonRef = useRef<HTMLDivElement>(null);
  const headingId = `application-${application.id}-name`;
  const tag = STATUS_TAG[application.status];

  const rows: SummaryListRow[] = [
    {
      key: 'Email address',
      value: (
        <>
          {application.email}{' '}
          {application.emailVerified ? (
            <Tag colour="green">Confirmed</Tag>
          ) : (
            <Tag colour="yellow">Not confirmed</Tag>
          )}
        </>
      ),
    },
    { key: 'Organisation', value: application.organisation },
    { key: 'Sector', value: sectorLabel(application.sector) },
    { key: 'Country', value: countryName(application.country) },
    {
      key: 'Applied',
      value: <time dateTime={application.createdAt}>{formatDate(application.createdAt)}</time>,
    },
    {
      key: 'Why they want to join',
      value: <span className="app-preserve-lines">{application.statement}</span>,
    },
  ];
  if (application.decidedAt) {
    rows.push({
      key: application.status === 'rejected' ? 'Rejected' : 'Decided',
      value: <time dateTime={application.decidedAt}>{formatDate(application.decidedAt)}</time>,
    });
  }
  if (application.rejectionReason) {
    rows.push({
      key: 'Reason',
      value: <span className="app-preserve-lines">{application.rejectionReason}</span>,
    });
  }

  const onApprove = () => {
    setError(null);
    // mutateAsync, not mutate's callbacks: the card leaves the list on success, and
    // TanStack Query drops a mutate() callback once its component has unmounted.
    approve.mutateAsync(application).then(
      () => onDecided(`${application.name} is now a member of the network.`),
      (failure: unknown) =>
        setError(
          isApiError(failure) && failure.code === 'APPLICATION_NOT_PENDING'
            ? 'Someone has already decided this application.'
            : errorMessage(failure),
        ),
    );
  };

  return (
    <article
      className="app-card"
      data-testid={`application-${application.id}`}
      aria-labelledby={headingId}
    >
      <div className="app-card__header">
        <h2 className="govuk-heading-m app-card__title" id={headingId}>
          {application.name}
        </h2>
        <Tag colour={tag.colour}>{tag.label}</Tag>
      </div>
      <SummaryList rows={rows} />
      {error ? <ErrorMessage id={`${headingId}-error`}>{error}</ErrorMessage> : null}
      {application.status === 'pending' ? (
        rejecting ? (
          <RejectApplicationForm
            application={application}
            onCancel={() => {
              setRejecting(false);
              requestAnimationFrame(() =>
                rejectButtonRef.current
                  ?.querySelector<HTMLButtonElement>('button:last-of-type')
                  ?.focus(),
              );
            }}
            onRejected={() =>
              onDecided(`You turned down the application from ${application.name}.`)
            }
          />
        ) : (
          <div className="govuk-button-group" ref={rejectButtonRef}>
            <Button onClick={onApprove} busy={approve.isPending}>
              Approve
            </Button>
            <Button
              variant="warning"
              onClick={() => setRejecting(true)}
              disabled={approve.isPending}
            >
              Reject
            </Button>
          </div>
        )
      ) : null}
    </article>
  );
}
