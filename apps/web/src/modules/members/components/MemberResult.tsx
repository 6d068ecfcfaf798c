import { Link } from 'react-router';
import type { MemberProfile } from '@contracts';
import { countryName } from '@web/lib/countries';
import { Tag } from '@web/ui/Tag';

/** A result shows this many expertise tags, then "and N more". */
export const RESULT_TAGS = 4;

export interface MemberResultProps {
  member: MemberProfile;
  sectorLabel: (id: string) => string;
  topicLabel: (id: string) => string;
  /** The directory search this result is part of (the profile's back link returns to it). */
  directoryHref: string;
}

export function memberLinkId(id: string): string {
  return `member-link-${id}`;
}

/** One directory result: name (a link to the profile), what they do, where, and their topics. */
export function MemberResult({
  member,
  sectorLabel,
  topicLabel,
  directoryHref,
}: MemberResultProps) {
  const tags = member.expertise.slice(0, RESULT_TAGS);
  const more = member.expertise.length - tags.length;
  const where = [sectorLabel(member.sector), countryName(member.country)].filter(Boolean);
  return (
    <li className="app-member" data-testid={`member-${member.id}`}>
      <h3 className="govuk-heading-s app-member__name">
        <Link
          className="govuk-link"
          to={`/members/${encodeURIComponent(member.id)}`}
          state={{ directory: directoryHref }}
          id={memberLinkId(member.id)}
        >
          {member.name}
        </Link>
      </h3>
      {member.title ? <p className="govuk-body-s app-member__line">{member.title}</p> : null}
      <p className="govuk-body-s app-member__line">{member.organisation}</p>
      <p className="govuk-body-s app-member__line app-secondary-text">{where.join(', ')}</p>
      {tags.length > 0 ? (
        <ul className="app-tag-list" aria-label={`Expertise of ${member.name}`}>
          {tags.map((id) => (
            <li key={id}>
              <Tag colour="blue">{topicLabel(id)}</Tag>
            </li>
          ))}
          {more > 0 ? (
            <li className="govuk-body-s app-secondary-text app-tag-list__more">and {more} more</li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}
