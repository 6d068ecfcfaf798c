import { useEffect, useRef, useState, type FormEvent } from 'react';
import { domainPatternProblem } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { DomainCard } from '@web/modules/invitations/components/DomainCard';
import { useAddDomain, useDomains } from '@web/modules/invitations/hooks/use-domains';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';

const PATTERN_ID = 'domain-pattern';

export function AdminDomainsPage() {
  const domains = useDomains();
  const add = useAddDomain();
  const [pattern, setPattern] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Auto-approved domains', error !== undefined);

  useEffect(() => {
    if (message) bannerRef.current?.focus();
  }, [message]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    const value = pattern.trim().toLowerCase();
    const problem = domainPatternProblem(value);
    if (problem) {
      setError(problem);
      return;
    }
    setError(undefined);
    add.mutate(value, {
      onSuccess: (domain) => {
        setPattern('');
        setMessage(`${domain.pattern} added. Applicants from it are now approved at once.`);
      },
      onError: (failure) =>
        setError(
          isApiError(failure) && failure.code === 'DOMAIN_EXISTS'
            ? `${value} is already on the list`
            : ((isApiError(failure) ? failure.fieldMessage('pattern') : undefined) ??
                errorMessage(failure)),
        ),
    });
  };

  const items = domains.data?.items ?? [];

  return (
    <>
      {message ? (
        <NotificationBanner type="success" id="domains-result" ref={bannerRef}>
          <p className="govuk-notification-banner__heading">{message}</p>
        </NotificationBanner>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={error ? [{ fieldId: PATTERN_ID, text: error }] : []} />
          <h1 className="govuk-heading-l">Auto-approved domains</h1>
          <p className="govuk-body">
            People who apply with an email address at one of these domains become members at once,
            without waiting for a decision. Every approval is recorded in the audit log.
          </p>
          <form noValidate onSubmit={onSubmit} aria-labelledby="add-domain-heading">
            <h2 className="govuk-heading-m" id="add-domain-heading">
              Add a domain
            </h2>
            <TextInput
              id={PATTERN_ID}
              name="pattern"
              label="Domain"
              hint={
                <>
                  Enter a domain such as <code>example.org</code> to approve addresses at exactly
                  that domain. Start it with <code>*.</code> to approve every subdomain:{' '}
                  <code>*.police.uk</code> covers <code>met.police.uk</code> and{' '}
                  <code>kent.police.uk</code>, but not <code>police.uk</code> itself (add that
                  separately if you need it).
                </>
              }
              value={pattern}
              onChange={setPattern}
              error={error}
              spellCheck={false}
              autoComplete="off"
              widthClass="govuk-!-width-two-thirds"
            />
            <Button type="submit" busy={add.isPending}>
              Add domain
            </Button>
          </form>
        </div>
      </div>
      <h2 className="govuk-heading-m">Domains approved at once</h2>
      {domains.isPending ? (
        <LoadingState label="Loading domains…" />
      ) : domains.isError ? (
        <ErrorState message={errorMessage(domains.error)} onRetry={() => void domains.refetch()} />
      ) : items.length === 0 ? (
        <p className="govuk-body govuk-!-font-weight-bold app-empty">
          No domains yet: every application waits for an administrator
        </p>
      ) : (
        <div className="app-card-list">
          {items.map((domain) => (
            <DomainCard key={domain.id} domain={domain} onRemoved={(text) => setMessage(text)} />
          ))}
        </div>
      )}
    </>
  );
}
