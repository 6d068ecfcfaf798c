import { useState } from 'react';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { ProfileForm } from '@web/modules/members/components/ProfileForm';
import { useMemberProfile } from '@web/modules/members/hooks/use-members';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';

/**
 * `/members/me/edit`. The heading stays in place while my profile loads (it keeps the focus the
 * route change gave it); the form starts from the profile as loaded and keeps its own state.
 */
export function EditProfilePage() {
  const profile = useMemberProfile('me');
  const taxonomy = useTaxonomyLabels();
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  usePageTitle('Edit your profile', summary.length > 0);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Edit your profile</h1>
        {profile.data ? (
          <>
            <p className="govuk-body">
              Other members find you in the directory by what you write here. You choose who can see
              your contact details.
            </p>
            <ProfileForm
              key={profile.data.id}
              profile={profile.data}
              taxonomy={taxonomy}
              onErrors={setSummary}
            />
          </>
        ) : profile.isPending ? (
          <LoadingState label="Loading your profile…" />
        ) : (
          <ErrorState
            message={errorMessage(profile.error)}
            onRetry={() => void profile.refetch()}
          />
        )}
      </div>
    </div>
  );
}
