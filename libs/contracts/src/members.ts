import type { Page } from './pagination';

/** Who may see a contact field: every member, admins only, or nobody but its owner. */
export const VISIBILITIES = ['members', 'admins', 'hidden'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface ProfileVisibility {
  email: Visibility;
  phone: Visibility;
  website: Visibility;
}

/**
 * A member's profile. `email`, `phone` and `website` are absent when the caller may not see
 * them (their owner always may; admins see `members` and `admins` fields).
 */
export interface MemberProfile {
  id: string;
  name: string;
  title: string | null;
  organisation: string;
  sector: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  level: string | null;
  /** Topic ids from the taxonomy. */
  expertise: string[];
  bio: string | null;
  orcid: string | null;
  website?: string | null;
  email?: string;
  phone?: string | null;
  visibility: ProfileVisibility;
  updatedAt: string;
}

/** `PATCH /members/me`: any subset; `null` clears an optional field. */
export interface UpdateProfileRequest {
  name?: string;
  title?: string | null;
  organisation?: string;
  sector?: string;
  country?: string;
  level?: string | null;
  expertise?: string[];
  bio?: string | null;
  orcid?: string | null;
  website?: string | null;
  phone?: string | null;
  visibility?: Partial<ProfileVisibility>;
}

export interface FacetCount {
  id: string;
  count: number;
}

export interface MemberFacets {
  sector: FacetCount[];
  expertise: FacetCount[];
  country: FacetCount[];
  level: FacetCount[];
}

/**
 * `GET /members?q=&sector=&expertise=&country=&level=&sort=&limit=&cursor=`. Each filter may
 * be repeated (or comma-separated): values of one filter are OR-ed, filters are AND-ed.
 * Facet counts for a filter apply every other filter but not its own, so choosing a value
 * never hides its siblings. `sort` is `relevance` (default with `q`) or `name`.
 */
export interface MembersPage extends Page<MemberProfile> {
  facets: MemberFacets;
  /** Members matching the query and every filter. */
  total: number;
}

export interface MemberUpdatedPayload {
  member: MemberProfile;
}
