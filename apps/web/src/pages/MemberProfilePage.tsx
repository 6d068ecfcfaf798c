import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { ProfileDetails } from '@web/modules/members/components/ProfileDetails';
import { VcardButton } from '@web/modules/members/components/VcardButton';
import { useMemberProfile } from '@web/modules/members/hooks/use-members';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';

/** Location state of links to a profile. */
export interface ProfileLocationState {
  /** The directory search the visitor came from, for the back link. */
  directory?: string;
  /** Set by the edit page after a save: shows the success banner once. */
  profileSaved?: boolean;
}

function directoryHref(state: ProfileLocationState | null): string {
  const from = state?.directory;
  return from?.startsWith('/members') && !from.startsWith('//') ? from : '/members';
}

interface MemberProfileViewProps {
  id: string;
}

function MemberProfileView({ id }: MemberProfileViewProps) {
  const { user } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const state = location.state as ProfileLocationState | null;
  const profile = useMemberProfile(id);
  const taxonomy = useTaxonomyLabels();
  const [saved] = useState(() => state?.profileSaved === true);
  const [backHref] = useState(() => directoryHref(state));

  // Show the banner once: a reload or a visit from history should not say it again.
  useEffect(() => {
    if (state?.profileSaved) {
      void navigate(`${location.pathname}${location.search}`, {
        replace: true,
        state: { ...state, profileSaved: undefined },
      });
    }
  }, [state, location.pathname, location.search, navigate]);

  const data = profile.data;
  // A malformed id is refused with a 400 naming `id`: to the visitor it is a missing page too.
  const notFound =
    !data &&
    isApiError(profile.error) &&
    (profile.error.status === 404 ||
      (profile.error.status === 400 && profile.error.fieldMessage('id') !== undefined));
  const heading = data?.name ?? (notFound ? 'Member not found' : 'Member profile');
  usePageTitle(heading);

  const isMe = id === 'me' || (data !== undefined && data.id === user?.id);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={backHref}>
          Member directory
        </Link>
        {saved ? (
          <NotificationBanner type="success" id="profile-saved">
            <p className="govuk-notification-banner__heading">Your profile has been updated</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l app-profile__name">{heading}</h1>
        {data ? (
          <>
            <p className="govuk-body-l app-break">
              {[data.title, data.organisation].filter(Boolean).join(', ')}
            </p>
            {isMe ? (
              <p className="govuk-body">
                <Link className="govuk-link" to="/members/me/edit">
                  Edit your profile
                </Link>
              </p>
            ) : null}
            <ProfileDetails profile={data} isMe={isMe} taxonomy={taxonomy} />
            <VcardButton memberId={data.id} name={data.name} />
          </>
        ) : profile.isPending ? (
          <LoadingState label="Loading the profile…" />
        ) : notFound ? (
          <>
            <p className="govuk-body">
              There is no member with this address. They may have left the network, or the link may
              be wrong.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/members">
                Search the member directory
              </Link>
            </p>
          </>
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

/** `/members/:id` (`/members/me` is my own): one view per member, so state never carries over. */
export function MemberProfilePage() {
  const { id = '' } = useParams();
  return <MemberProfileView key={id} id={id} />;
}
