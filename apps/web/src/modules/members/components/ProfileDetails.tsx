import type { ReactNode } from 'react';
import type { MemberProfile, Visibility } from '@contracts';
import { countryName } from '@web/lib/countries';
import { formatDate } from '@web/lib/format';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import { orcidUrl, safeHttpUrl, telHref, VISIBILITY_NOTES } from '../profile-fields';

export interface ProfileDetailsProps {
  profile: MemberProfile;
  /** The owner also reads who may see each contact field. */
  isMe: boolean;
  taxonomy: TaxonomyLabels;
}

function withNote(value: ReactNode, visibility: Visibility | undefined, isMe: boolean): ReactNode {
  if (!isMe || !visibility) return value;
  return (
    <>
      {value}
      <span className="govuk-body-s app-secondary-text app-profile__note">
        {VISIBILITY_NOTES[visibility]}
      </span>
    </>
  );
}

/** A profile's facts as a GOV.UK summary list, then the member's own words. */
export function ProfileDetails({ profile, isMe, taxonomy }: ProfileDetailsProps) {
  const rows: SummaryListRow[] = [{ key: 'Sector', value: taxonomy.sectorLabel(profile.sector) }];
  if (profile.level) rows.push({ key: 'Level', value: taxonomy.levelLabel(profile.level) });
  rows.push({ key: 'Country', value: countryName(profile.country) });
  if (profile.expertise.length > 0 || isMe) {
    rows.push({
      key: 'Expertise',
      value:
        profile.expertise.length > 0 ? (
          <ul className="app-tag-list">
            {profile.expertise.map((id) => (
              <li key={id}>
                <Tag colour="blue">{taxonomy.topicLabel(id)}</Tag>
              </li>
            ))}
          </ul>
        ) : (
          <span className="app-secondary-text">None chosen yet</span>
        ),
    });
  }
  if (profile.orcid) {
    const href = orcidUrl(profile.orcid);
    rows.push({
      key: 'ORCID iD',
      value: href ? (
        <a className="govuk-link" href={href} rel="noopener noreferrer">
          {href}
        </a>
      ) : (
        profile.orcid
      ),
    });
  }
  if (profile.website) {
    const href = safeHttpUrl(profile.website);
    rows.push({
      key: 'Website',
      value: withNote(
        href ? (
          <a className="govuk-link app-break" href={href} rel="noopener noreferrer">
            {profile.website}
          </a>
        ) : (
          <span className="app-break">{profile.website}</span>
        ),
        profile.visibility.website,
        isMe,
      ),
    });
  }
  if (profile.email) {
    rows.push({
      key: 'Email address',
      value: withNote(
        <a className="govuk-link app-break" href={`mailto:${profile.email}`}>
          {profile.email}
        </a>,
        profile.visibility.email,
        isMe,
      ),
    });
  }
  if (profile.phone) {
    const href = telHref(profile.phone);
    rows.push({
      key: 'Phone',
      value: withNote(
        href ? (
          <a className="govuk-link" href={href}>
            {profile.phone}
          </a>
        ) : (
          profile.phone
        ),
        profile.visibility.phone,
        isMe,
      ),
    });
  }

  return (
    <>
      <SummaryList rows={rows} />
      {profile.bio ? (
        <>
          <h2 className="govuk-heading-m">About</h2>
          <p className="govuk-body app-preserve-lines">{profile.bio}</p>
        </>
      ) : null}
      {profile.updatedAt ? (
        <p className="govuk-body-s app-secondary-text">
          Profile updated <time dateTime={profile.updatedAt}>{formatDate(profile.updatedAt)}</time>
        </p>
      ) : null}
    </>
  );
}
