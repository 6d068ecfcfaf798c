import type { Page } from './pagination';

/**
 * Invitations and auto-approved email domains: two ways into the network without waiting
 * for an admin's decision. Both are managed by admins under `/api/admin/invitations` and
 * `/api/admin/domains`; an invitation is redeemed by `POST /api/auth/register` with
 * `invitation: <token>`.
 */

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Addresses per `POST /admin/invitations`. */
export const INVITATION_MAX_EMAILS = 200;
export const INVITATION_MESSAGE_MAX = 2000;
export const INVITATION_DEFAULT_DAYS = 14;
export const INVITATION_MAX_DAYS = 90;

export interface UserRef {
  id: string;
  name: string;
}

/** An invitation as admins see it. The token is never returned: it is only in the email. */
export interface Invitation {
  id: string;
  /** Lowercase. */
  email: string;
  status: InvitationStatus;
  invitedBy: UserRef;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** `POST /admin/invitations`. */
export interface CreateInvitationsRequest {
  /** 1–200 addresses; trimmed, case-folded and de-duplicated by the server. */
  emails: string[];
  /** Plain text (≤ 2000 characters) quoted in each email. */
  message?: string;
  /** 1–90; default 14. */
  expiresInDays?: number;
}

export const INVITATION_SKIP_REASONS = ['already a member', 'already invited'] as const;
export type InvitationSkipReason = (typeof INVITATION_SKIP_REASONS)[number];

export interface SkippedInvitation {
  email: string;
  /** `already a member`: an account with this address exists (whatever its status). */
  reason: InvitationSkipReason;
}

export interface CreateInvitationsResponse {
  /** One per address invited, each sent an email. */
  items: Invitation[];
  skipped: SkippedInvitation[];
}

/** `GET /admin/invitations?status=&limit=&cursor=`: newest first. */
export type InvitationsPage = Page<Invitation>;

/** `GET /invitations/:token` (public), for a valid pending invitation only; else 404. */
export interface InvitationLookup {
  email: string;
  expiresAt: string;
}

/**
 * An auto-approved email domain. `example.org` matches that domain only; `*.police.uk`
 * matches every subdomain of police.uk (`met.police.uk`, `a.b.police.uk`) but not
 * `police.uk` itself (add `police.uk` as well for that).
 */
export interface AutoApproveDomain {
  id: string;
  pattern: string;
  createdAt: string;
  createdBy: UserRef;
}

/** `POST /admin/domains`. */
export interface AddDomainRequest {
  pattern: string;
}

/** `GET /admin/domains`: every pattern, alphabetically. */
export interface DomainsResponse {
  items: AutoApproveDomain[];
}

export const DOMAIN_PATTERN_MAX = 255;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why `pattern` is not an acceptable domain pattern, or null when it is. Patterns are
 * lowercase ASCII: a domain of at least two labels (`example.org`), optionally preceded by
 * one `*.` (`*.police.uk`). Internationalised names go in their `xn--` form. A wildcard
 * over a single label (`*.uk`) or a bare `*` is refused; the top-level label may not be
 * all digits (no IP addresses).
 */
export function domainPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'Enter a domain, like example.org or *.police.uk';
  if (pattern.length > DOMAIN_PATTERN_MAX) {
    return `Enter a domain of ${DOMAIN_PATTERN_MAX} characters or fewer`;
  }
  if (/[A-Z]/.test(pattern)) return 'Use lowercase letters only';
  if (/[^\x21-\x7e]/.test(pattern)) {
    return 'Use letters a to z, digits, hyphens and dots only (write an internationalised domain in its xn-- form), with no spaces';
  }
  const wildcard = pattern.startsWith('*.');
  const host = wildcard ? pattern.slice(2) : pattern;
  if (host.includes('*')) {
    return 'A * may only appear once, at the start, as in *.police.uk';
  }
  if (host.length > 253) return 'Enter a domain of 253 characters or fewer after the *.';
  const labels = host.split('.');
  if (labels.some((label) => label.length === 0)) {
    return 'Enter a domain like example.org, with no empty parts (..) and no dot at the start or end';
  }
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return `"${label.slice(0, 63)}" is not a valid part of a domain: use a to z, 0 to 9 and inner hyphens, at most 63 characters`;
    }
    if (label.slice(2, 4) === '--' && !label.startsWith('xn--')) {
      return `"${label}" is not a valid part of a domain: only xn-- parts may have -- in 3rd and 4th place`;
    }
  }
  if (labels.length < 2) {
    return wildcard
      ? 'A wildcard must cover a domain of at least two parts, like *.police.uk (not *.uk)'
      : 'Enter a domain of at least two parts, like example.org';
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return 'Enter a domain name, not an IP address';
  return null;
}
