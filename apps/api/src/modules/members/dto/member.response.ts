import type { MemberProfile, ProfileVisibility, Visibility } from '@contracts';

export interface ProfileRow {
  id: string;
  email: string;
  name: string;
  title: string | null;
  organisation: string;
  sector: string;
  country: string;
  level: string | null;
  expertise: string[];
  bio: string | null;
  orcid: string | null;
  website: string | null;
  phone: string | null;
  visibility: ProfileVisibility;
  updated_at: Date;
}

/** Who is looking: the member themselves, an admin, or any other member. */
export interface Viewer {
  id: string;
  isAdmin: boolean;
}

export const ANY_MEMBER: Viewer = { id: '', isAdmin: false };

export function maySee(visibility: Visibility, owner: string, viewer: Viewer): boolean {
  if (viewer.id === owner) return true;
  if (visibility === 'members') return true;
  return visibility === 'admins' && viewer.isAdmin;
}

/** A profile with the contact fields the viewer may not see left out altogether. */
export function toMemberProfile(row: ProfileRow, viewer: Viewer): MemberProfile {
  const v = row.visibility;
  const profile: MemberProfile = {
    id: row.id,
    name: row.name,
    title: row.title,
    organisation: row.organisation,
    sector: row.sector,
    country: row.country,
    level: row.level,
    expertise: row.expertise,
    bio: row.bio,
    orcid: row.orcid,
    visibility: { email: v.email, phone: v.phone, website: v.website },
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  if (maySee(v.email, row.id, viewer)) profile.email = row.email;
  if (maySee(v.phone, row.id, viewer)) profile.phone = row.phone;
  if (maySee(v.website, row.id, viewer)) profile.website = row.website;
  return profile;
}
