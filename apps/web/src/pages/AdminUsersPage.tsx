import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { USER_STATUSES, type UserStatus } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { humanise } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import { UserCard } from '@web/modules/admin/components/UserCard';
import { useUsers } from '@web/modules/admin/hooks/use-users';
import { useSectors } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';

function parseStatus(value: string | null): UserStatus | '' {
  return USER_STATUSES.find((status) => status === value) ?? '';
}

export function AdminUsersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = parseStatus(params.get('status'));
  const [query, setQuery] = useState(q);
  const [statusValue, setStatusValue] = useState<string>(status);
  const users = useUsers({ q, status });
  const { sectorLabel } = useSectors();
  const { user: me } = useAuth();
  usePageTitle('Users');

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (query.trim()) next.set('q', query.trim());
    if (statusValue) next.set('status', statusValue);
    setParams(next);
  };

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <form className="app-search" role="search" aria-label="Users" noValidate onSubmit={onSearch}>
        <TextInput
          id="users-q"
          name="q"
          type="search"
          label="Search by name, email or organisation"
          value={query}
          onChange={setQuery}
          spellCheck={false}
        />
        <Select
          id="users-status"
          name="status"
          label="Status"
          placeholder="Any status"
          options={USER_STATUSES.map((value) => ({ value, label: humanise(value) }))}
          value={statusValue}
          onChange={setStatusValue}
        />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <h2 className="govuk-heading-m" id="users-results">
        {q || status ? 'Matching users' : 'All users'}
      </h2>
      {users.isPending ? (
        <LoadingState label="Loading users…" />
      ) : users.isError ? (
        <ErrorState message={errorMessage(users.error)} onRetry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <p className="govuk-body app-empty">No users match your search</p>
      ) : (
        <>
          <div className="app-card-list">
            {items.map((user) => (
              <UserCard
                // Stable across a save: the card keeps its "Roles saved" message.
                key={user.id}
                user={user}
                sectorLabel={sectorLabel}
                isSelf={user.id === me?.id}
              />
            ))}
          </div>
          {users.hasNextPage ? (
            <Button
              variant="secondary"
              busy={users.isFetchingNextPage}
              onClick={() => void users.fetchNextPage()}
            >
              {users.isFetchingNextPage ? 'Loading…' : 'Load more users'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
