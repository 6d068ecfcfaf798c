import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { AuditTable } from '@web/modules/admin/components/AuditTable';
import { useAudit } from '@web/modules/admin/hooks/use-audit';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';

export function AdminAuditPage() {
  const audit = useAudit();
  usePageTitle('Audit log');
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every action taken by administrators, editors, moderators and contact officers.
      </p>
      {audit.isPending ? (
        <LoadingState label="Loading the audit log…" />
      ) : audit.isError ? (
        <ErrorState message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <p className="govuk-body app-empty">Nothing has been recorded yet</p>
      ) : (
        <>
          <AuditTable entries={entries} />
          {audit.hasNextPage ? (
            <Button
              variant="secondary"
              busy={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
            >
              {audit.isFetchingNextPage ? 'Loading…' : 'Load more entries'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
