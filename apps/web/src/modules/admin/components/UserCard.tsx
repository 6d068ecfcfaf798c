import { useState, type FormEvent } from 'react';
import { GRANTABLE_ROLES, type GrantableRole, type Role } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { countryName } from '@web/lib/countries';
import { formatDate } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { Checkboxes } from '@web/ui/Checkboxes';
import { ErrorMessage } from '@web/ui/FieldParts';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import { EraseUser, isErasedAccount } from '@web/modules/data-rights/components/EraseUser';
import type { AdminUser } from '../api/admin-api';
import { useDisableUser, useEnableUser, useSetRoles } from '../hooks/use-users';
import { STATUS_TAG } from './ApplicationCard';

export const ROLE_LABELS: Record<Role, string> = {
  applicant: 'Applicant',
  member: 'Member',
  editor: 'Editor',
  moderator: 'Moderator',
  contact_officer: 'Contact officer',
  admin: 'Admin',
};

const ROLE_HINTS: Partial<Record<GrantableRole, string>> = {
  editor: 'Drafts, schedules and publishes newsletters; manages events',
  moderator: 'Reviews quarantined documents',
  contact_officer: 'Answers the shared contact point inbox',
  admin: 'Approves applications, grants roles, reads the audit log',
};

function isGrantable(role: Role): role is GrantableRole {
  return (GRANTABLE_ROLES as readonly string[]).includes(role);
}

export interface UserCardProps {
  user: AdminUser;
  sectorLabel: (id: string) => string;
  isSelf: boolean;
}

export function UserCard({ user, sectorLabel, isSelf }: UserCardProps) {
  const setRoles = useSetRoles();
  const disable = useDisableUser();
  const enable = useEnableUser();
  const current = user.roles.filter(isGrantable);
  const [roles, setRolesValue] = useState<string[]>(current);
  // Roles changed on the server (this save, or someone else's): the boxes follow them.
  const savedRoles = current.join(',');
  const [shownRoles, setShownRoles] = useState(savedRoles);
  if (shownRoles !== savedRoles) {
    setShownRoles(savedRoles);
    setRolesValue(current);
  }
  const [rolesMessage, setRolesMessage] = useState<string | null>(null);
  const [rolesError, setRolesError] = useState<string | undefined>();
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [disableError, setDisableError] = useState<string | null>(null);
  const headingId = `user-${user.id}-name`;
  const tag = STATUS_TAG[user.status];
  const ownAccountMessage = 'You cannot change your own account';
  const erased = isErasedAccount(user);

  const onSaveRoles = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (setRoles.isPending) return;
    setRolesMessage(null);
    setRolesError(undefined);
    const chosen = GRANTABLE_ROLES.filter((role) => role === 'member' || roles.includes(role));
    setRoles.mutate(
      { userId: user.id, roles: [...chosen] },
      {
        onSuccess: () => setRolesMessage('Roles saved'),
        onError: (failure) =>
          setRolesError(
            isApiError(failure) && failure.code === 'CANNOT_CHANGE_OWN_ACCOUNT'
              ? ownAccountMessage
              : errorMessage(failure),
          ),
      },
    );
  };

  const onDisable = () => {
    setDisableError(null);
    disable.mutate(user.id, {
      onSuccess: () => setConfirmingDisable(false),
      onError: (failure) =>
        setDisableError(
          isApiError(failure) && failure.code === 'CANNOT_CHANGE_OWN_ACCOUNT'
            ? ownAccountMessage
            : errorMessage(failure),
        ),
    });
  };

  return (
    <article className="app-card" data-testid={`user-${user.id}`} aria-labelledby={headingId}>
      <div className="app-card__header">
        <h2 className="govuk-heading-m app-card__title" id={headingId}>
          {user.name}
          {isSelf ? <span className="govuk-caption-m">This is you</span> : null}
        </h2>
        <Tag colour={tag.colour}>{tag.label}</Tag>
      </div>
      <SummaryList
        rows={[
          { key: 'Email address', value: user.email },
          { key: 'Organisation', value: user.organisation },
          { key: 'Sector', value: sectorLabel(user.sector) },
          { key: 'Country', value: countryName(user.country) },
          {
            key: 'Applied',
            value: <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>,
          },
          {
            key: 'Roles',
            value: user.roles.map((role) => ROLE_LABELS[role] ?? role).join(', ') || 'None',
          },
        ]}
      />

      {user.status === 'approved' && !isSelf ? (
        <form noValidate onSubmit={onSaveRoles}>
          <Checkboxes
            idPrefix={`roles-${user.id}`}
            name="roles"
            legend={
              <>
                Roles<span className="govuk-visually-hidden"> for {user.name}</span>
              </>
            }
            small
            hint="Every approved user keeps the member role."
            items={GRANTABLE_ROLES.map((role) => ({
              value: role,
              label: ROLE_LABELS[role],
              hint: ROLE_HINTS[role],
              disabled: role === 'member',
            }))}
            values={[...new Set(['member', ...roles])]}
            onChange={(values) => {
              setRolesValue(values);
              setRolesMessage(null);
            }}
            error={rolesError}
          />
          <div className="govuk-button-group">
            <Button type="submit" variant="secondary" busy={setRoles.isPending}>
              Save roles
            </Button>
            <p className="govuk-body app-inline-status" role="status">
              {rolesMessage ?? ''}
            </p>
          </div>
        </form>
      ) : null}

      {user.status === 'disabled' && !isSelf && !erased ? (
        <>
          {disableError ? (
            <ErrorMessage id={`${headingId}-enable-error`}>{disableError}</ErrorMessage>
          ) : null}
          <Button
            variant="secondary"
            busy={enable.isPending}
            onClick={() => {
              setDisableError(null);
              enable.mutate(user.id, {
                onError: (failure) => setDisableError(errorMessage(failure)),
              });
            }}
          >
            Enable account
          </Button>
        </>
      ) : null}

      {user.status !== 'disabled' && !isSelf ? (
        confirmingDisable ? (
          <div className="app-confirm" role="group" aria-labelledby={`${headingId}-confirm`}>
            <p className="govuk-body govuk-!-font-weight-bold" id={`${headingId}-confirm`}>
              Disable {user.name}&rsquo;s account? They will be signed out everywhere and will not
              be able to sign in again.
            </p>
            {disableError ? (
              <ErrorMessage id={`${headingId}-disable-error`}>{disableError}</ErrorMessage>
            ) : null}
            <div className="govuk-button-group">
              <Button variant="warning" onClick={onDisable} busy={disable.isPending}>
                Yes, disable this account
              </Button>
              <Button variant="secondary" onClick={() => setConfirmingDisable(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="warning" onClick={() => setConfirmingDisable(true)}>
            Disable
          </Button>
        )
      ) : null}

      {!isSelf && !erased ? <EraseUser user={user} /> : null}
    </article>
  );
}
