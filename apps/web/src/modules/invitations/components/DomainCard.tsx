import { useRef, useState } from 'react';
import type { AutoApproveDomain } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { formatDate } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { SummaryList } from '@web/ui/SummaryList';
import { useRemoveDomain } from '../hooks/use-domains';

export interface DomainCardProps {
  domain: AutoApproveDomain;
  /** Called with a sentence for the page's success banner. */
  onRemoved: (message: string) => void;
}

/** What a pattern lets in, in words. */
export function describePattern(pattern: string): string {
  return pattern.startsWith('*.')
    ? `Addresses at any subdomain of ${pattern.slice(2)} (not ${pattern.slice(2)} itself)`
    : `Addresses at ${pattern} only`;
}

export function DomainCard({ domain, onRemoved }: DomainCardProps) {
  const remove = useRemoveDomain();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeRef = useRef<HTMLDivElement>(null);
  const headingId = `domain-${domain.id}-pattern`;

  const onRemove = () => {
    setError(null);
    // mutateAsync: the card leaves the list on success (see ApplicationCard).
    remove.mutateAsync(domain.id).then(
      () =>
        onRemoved(
          `${domain.pattern} has been removed. New applicants from it will wait for a decision.`,
        ),
      (failure: unknown) =>
        isApiError(failure) && failure.code === 'DOMAIN_NOT_FOUND'
          ? onRemoved(`${domain.pattern} had already been removed.`)
          : setError(errorMessage(failure)),
    );
  };

  return (
    <article className="app-card" data-testid={`domain-${domain.id}`} aria-labelledby={headingId}>
      <div className="app-card__header">
        <h3 className="govuk-heading-m app-card__title app-break" id={headingId}>
          {domain.pattern}
        </h3>
      </div>
      <SummaryList
        rows={[
          { key: 'Approves', value: describePattern(domain.pattern) },
          { key: 'Added by', value: domain.createdBy.name },
          {
            key: 'Added',
            value: <time dateTime={domain.createdAt}>{formatDate(domain.createdAt)}</time>,
          },
        ]}
      />
      {confirming ? (
        <ConfirmPanel
          id={headingId}
          question={
            <>
              Stop approving applicants from {domain.pattern} automatically? People who already
              joined stay members.
            </>
          }
          confirmLabel="Yes, remove this domain"
          error={error}
          busy={remove.isPending}
          onConfirm={onRemove}
          onCancel={() => {
            setConfirming(false);
            setError(null);
            requestAnimationFrame(() =>
              removeRef.current?.querySelector<HTMLButtonElement>('button')?.focus(),
            );
          }}
        />
      ) : (
        <div className="govuk-button-group" ref={removeRef}>
          <Button variant="warning" onClick={() => setConfirming(true)}>
            Remove<span className="govuk-visually-hidden"> {domain.pattern}</span>
          </Button>
        </div>
      )}
    </article>
  );
}
