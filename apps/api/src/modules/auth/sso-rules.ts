import type { OidcProviderConfig } from '@api/config/app-config';
import { patternsFor } from '../invitations/domain-pattern';

/** True when `email`'s domain is one the provider signs in (`force.police.uk`, `*.police.uk`). */
export function providerSignsIn(
  provider: Pick<OidcProviderConfig, 'domains'>,
  email: string,
): boolean {
  return patternsFor(email).some((pattern) => provider.domains.includes(pattern));
}

/** A loopback host: the only place an issuer may be reached over plain http (tests, a laptop). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A name fit for the directory from a provider's claims: one line of plain text, at most 200
 * characters; the address's local part when the claims give none.
 */
export function displayName(name: string, email: string): string {
  const clean = (s: string) =>
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f<>]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200)
      .trim();
  return clean(name) || clean(email.slice(0, email.lastIndexOf('@'))) || 'Member';
}
