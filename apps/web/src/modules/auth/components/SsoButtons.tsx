import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SsoProviderResponse, SsoProvidersResponse } from '@contracts';
import { isSafeReturnPath } from '@contracts';
import { api } from '@web/lib/api';

export interface SsoButtonsProps {
  /**
   * A complete email address (pass it once typed, for example when the field loses focus):
   * only the providers that sign that address in are shown, and the address is handed to the
   * provider to pre-fill its sign-in page. Without it, every provider is shown.
   */
  email?: string;
  /** A path in the SPA to come back to once signed in (such as `/members`); default `/`. */
  returnTo?: string;
}

/** `GET /api/auth/sso` (all providers, or those for one address). */
function fetchProviders(email: string | undefined, signal: AbortSignal) {
  return api.get<SsoProvidersResponse>('/auth/sso', email ? { email } : undefined, signal);
}

/** Where a "Sign in with …" link goes: the API begins the sign-in at the provider. */
export function ssoStartHref(provider: string, options: SsoButtonsProps = {}): string {
  const params = new URLSearchParams();
  if (options.email) params.set('email', options.email);
  if (options.returnTo && isSafeReturnPath(options.returnTo)) {
    params.set('returnTo', options.returnTo);
  }
  const query = params.toString();
  return `/api/auth/sso/${encodeURIComponent(provider)}/start${query ? `?${query}` : ''}`;
}

/**
 * "Sign in with <organisation>" links for the single sign-on providers the network accepts.
 * Renders nothing when there are none (or while they load, or if they cannot be listed): the
 * password form stays the way in.
 */
export function SsoButtons({ email, returnTo }: SsoButtonsProps) {
  const trimmed = email?.trim() ?? '';
  const query = useQuery({
    queryKey: ['sso-providers', trimmed],
    queryFn: ({ signal }) => fetchProviders(trimmed || undefined, signal),
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const providers: SsoProviderResponse[] = query.data?.items ?? [];
  if (providers.length === 0) return null;
  return (
    <section className="app-sso" aria-labelledby="sso-heading">
      <h2 className="govuk-heading-m" id="sso-heading">
        Sign in with your organisation
      </h2>
      <p className="govuk-body">
        If your organisation is listed, you can sign in with the account you use at work.
      </p>
      <ul className="govuk-list">
        {providers.map((provider) => (
          <li key={provider.id}>
            <a
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2"
              href={ssoStartHref(provider.id, { email: trimmed || undefined, returnTo })}
            >
              Sign in with {provider.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
