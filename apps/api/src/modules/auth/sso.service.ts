import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { MfaChallengeResponse, SsoErrorCode, SsoProviderResponse } from '@contracts';
import { isEmail } from 'class-validator';
import * as oidc from 'openid-client';
import { DataSource } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig, type OidcProviderConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { AuthChallengesService } from './auth-challenges.service';
import { AuthService, type IssuedSession, type SignInContext } from './auth.service';
import { SessionsService } from './sessions.service';
import { SsoAccountsService } from './sso-accounts.service';
import { isLoopback, providerSignsIn } from './sso-rules';

/** The AuthChallengesService purpose of a sign-in under way at a provider. */
export const SSO_CHALLENGE = 'oidc';
/** How long a person has to sign in at the provider. */
export const SSO_CHALLENGE_TTL_MS = 10 * 60_000;
/** Binds a sign-in under way to the browser that began it (its value names the challenge). */
export const SSO_COOKIE = 'ocvrn_sso';
export const SSO_COOKIE_PATH = '/api/auth/sso';
/** A provider's discovery document is fetched again after this long. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** Seconds any request to a provider may take. */
const PROVIDER_TIMEOUT_S = 10;
const SCOPE = 'openid email profile';

interface OidcChallenge {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | null;
}

export interface SsoStart {
  /** The provider's authorization endpoint, with the request. */
  url: string;
  /** Goes into the SSO cookie. */
  challenge: string;
}

/** A session at once, or, with a second factor on the account, the pending second step. */
export type SsoSignIn = (
  { issued: IssuedSession; mfa?: undefined } | { issued?: undefined; mfa: MfaChallengeResponse }
) & { email: string; returnTo: string | null };

/** A refusal the person is told about, by its code, on the SPA's `/sso/complete` page. */
const refused = (code: SsoErrorCode, message: string) => new DomainError(code, message);
const failed = (message = 'The sign-in could not be completed: please try again') =>
  refused('SSO_FAILED', message);

/** What a provider asserted, as far as it was read: for the audit entry of a refusal. */
interface Seen {
  subject?: string;
  email?: string;
}

/**
 * Single sign-on with OpenID Connect providers (OIDC_PROVIDERS): the authorization code flow
 * with PKCE (S256), `state` and `nonce`, kept server-side as a single-use challenge for 10
 * minutes and bound to the browser by a cookie. The ID token's verified email, in one of the
 * provider's domains, decides the account (SsoAccountsService). What a provider answered is
 * logged, never shown: people see a code.
 */
@Injectable()
export class SsoService implements OnModuleInit {
  private readonly logger = new Logger(SsoService.name);
  private readonly discovered = new Map<
    string,
    { at: number; configuration: Promise<oidc.Configuration> }
  >();

  constructor(
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly challenges: AuthChallengesService,
    private readonly accounts: SsoAccountsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const p of this.config.oidcProviders) {
      const issuer = new URL(p.issuer);
      if (issuer.protocol !== 'https:' && !isLoopback(issuer.hostname)) {
        this.logger.warn(`single sign-on "${p.id}" is off: its issuer must use https`);
      }
      if (p.domains.length === 0) {
        this.logger.warn(`single sign-on "${p.id}" lists no domains: it signs nobody in`);
      }
    }
  }

  /** The providers, or those that sign in `email`. */
  list(email?: string): SsoProviderResponse[] {
    return this.config.oidcProviders
      .filter((p) => email === undefined || providerSignsIn(p, email))
      .map((p) => ({ id: p.id, label: p.label, domains: [...p.domains] }));
  }

  provider(id: string): OidcProviderConfig {
    const found = this.config.oidcProviders.find((p) => p.id === id);
    if (!found) throw new DomainError('SSO_PROVIDER_NOT_FOUND', 'No such sign-in provider');
    return found;
  }

  /** The callback registered at the provider, on PUBLIC_URL. */
  redirectUri(id: string): string {
    return `${this.config.publicUrl}/api/auth/sso/${id}/callback`;
  }

  /** Begins a sign-in: where to send the browser, and the challenge its cookie names. */
  async start(id: string, options: { email?: string; returnTo?: string }): Promise<SsoStart> {
    const provider = this.provider(id);
    const configuration = await this.configuration(provider);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const challenge = await this.challenges.create<OidcChallenge>(
      SSO_CHALLENGE,
      null,
      { provider: id, state, nonce, verifier, returnTo: options.returnTo ?? null },
      SSO_CHALLENGE_TTL_MS,
    );
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(id),
      response_type: 'code',
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(options.email ? { login_hint: options.email } : {}),
    });
    return { url: url.href, challenge };
  }

  /**
   * Finishes a sign-in from the provider's redirect: the challenge (taken, so good once), the
   * code exchanged with its verifier, the ID token's state and nonce checked, then the claims.
   */
  async complete(
    id: string,
    challengeToken: string | undefined,
    query: string,
    ctx: SignInContext,
  ): Promise<SsoSignIn> {
    const provider = this.provider(id);
    const taken = await this.challenges.take<OidcChallenge>(SSO_CHALLENGE, challengeToken);
    if (!taken || taken.data.provider !== id) {
      this.logger.warn(`single sign-on "${id}": no sign-in under way for this browser`);
      throw failed('This sign-in has expired or was already used: please start again');
    }
    const { state, nonce, verifier, returnTo } = taken.data;
    const seen: Seen = {};
    try {
      const who = await this.verifiedIdentity(provider, query, { state, nonce, verifier }, seen);
      const account = await this.accounts.resolve(provider, who);
      this.sessions.disconnect(account.endedSessions, 'credentials withdrawn');
      // The provider proves who it is; a second factor on the account is still asked for.
      const result = await this.auth.signIn(account.user, ctx, `sso:${id}`);
      return 'mfaRequired' in result
        ? { mfa: result, email: account.user.email, returnTo }
        : { issued: result, email: account.user.email, returnTo };
    } catch (err) {
      await this.recordRefusal(provider, err, query, seen, ctx);
      throw err;
    }
  }

  /** The subject and verified address the provider asserts, or a refusal. */
  private async verifiedIdentity(
    provider: OidcProviderConfig,
    query: string,
    checks: { state: string; nonce: string; verifier: string },
    seen: Seen,
  ) {
    const params = new URLSearchParams(query);
    const error = params.get('error');
    if (error) {
      this.logger.warn(
        `single sign-on "${provider.id}": the provider answered ${error.slice(0, 100)}`,
      );
      throw failed(
        error === 'access_denied'
          ? 'The sign-in was cancelled at the provider'
          : 'The provider could not sign you in: please try again',
      );
    }
    const configuration = await this.configuration(provider);
    const current = new URL(this.redirectUri(provider.id));
    current.search = params.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = { ...idClaims };
      if (claims.email === undefined || claims.email_verified === undefined) {
        // Providers that keep the scopes' claims out of the ID token serve them here.
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims, email: claims.email ?? info.email };
        claims.email_verified = idClaims.email_verified ?? info.email_verified;
      }
    } catch (err) {
      this.logger.warn(
        `single sign-on "${provider.id}": the code exchange failed: ${describe(err)}`,
      );
      throw failed();
    }
    const subject = claims.sub;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (typeof subject !== 'string' || !subject || subject.length > 255) throw failed();
    seen.subject = subject;
    if (!email || email.length > 254 || !isEmail(email, { allow_ip_domain: false })) {
      throw refused('SSO_EMAIL_UNVERIFIED', 'The provider did not give an email address');
    }
    seen.email = email;
    if (claims.email_verified !== true) {
      throw refused('SSO_EMAIL_UNVERIFIED', 'The provider has not confirmed this email address');
    }
    if (!providerSignsIn(provider, email)) {
      throw refused(
        'SSO_DOMAIN_NOT_ALLOWED',
        `${provider.label} does not sign in addresses of this domain`,
      );
    }
    const name =
      typeof claims.name === 'string' && claims.name.trim()
        ? claims.name
        : [claims.given_name, claims.family_name].filter((s) => typeof s === 'string').join(' ');
    return { subject, email, name };
  }

  /** Audits a sign-in the provider answered but that was refused or failed. */
  private async recordRefusal(
    provider: OidcProviderConfig,
    err: unknown,
    query: string,
    seen: Seen,
    ctx: SignInContext,
  ): Promise<void> {
    const code = err instanceof DomainError ? err.code : 'INTERNAL';
    const providerError = new URLSearchParams(query).get('error');
    await this.audit
      .record(this.dataSource.manager, {
        actorId: null,
        action: 'auth.sso_refused',
        targetType: 'sso_provider',
        targetId: null,
        detail: {
          provider: provider.id,
          reason: code,
          message: err instanceof DomainError ? err.message : 'internal error',
          ...(providerError ? { providerError: providerError.slice(0, 100) } : {}),
          ...seen,
          ip: ctx.ip,
        },
      })
      .catch((auditErr: unknown) =>
        this.logger.error(`could not audit a refused single sign-on: ${describe(auditErr)}`),
      );
  }

  /** The provider's configuration, discovered from its issuer and kept for an hour. */
  private configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let entry = this.discovered.get(provider.id);
    if (!entry || Date.now() - entry.at >= DISCOVERY_TTL_MS) {
      const configuration = this.discover(provider);
      entry = { at: Date.now(), configuration };
      this.discovered.set(provider.id, entry);
      // A failure is not kept: the next sign-in tries again.
      configuration.catch((err: unknown) => {
        if (this.discovered.get(provider.id)?.configuration === configuration) {
          this.discovered.delete(provider.id);
        }
        this.logger.warn(`single sign-on "${provider.id}": discovery failed: ${describe(err)}`);
      });
    }
    return entry.configuration.catch(() => {
      throw failed('The sign-in service cannot be reached just now: please try again later');
    });
  }

  private async discover(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    const issuer = new URL(provider.issuer);
    const insecure = issuer.protocol !== 'https:';
    if (insecure && !isLoopback(issuer.hostname)) {
      throw new Error('the issuer must use https');
    }
    const execute = insecure ? [oidc.allowInsecureRequests] : [];
    const found = await oidc.discovery(issuer, provider.clientId, undefined, oidc.None(), {
      execute,
      timeout: PROVIDER_TIMEOUT_S,
    });
    const server = found.serverMetadata();
    const secret = provider.clientSecret;
    const methods = server.token_endpoint_auth_methods_supported;
    // client_secret_basic is the default of the spec; client_secret_post where only it is offered.
    const authentication = !secret
      ? oidc.None()
      : !methods || methods.includes('client_secret_basic')
        ? oidc.ClientSecretBasic(secret)
        : oidc.ClientSecretPost(secret);
    const configuration = new oidc.Configuration(
      server,
      provider.clientId,
      secret ? { client_secret: secret } : undefined,
      authentication,
    );
    configuration.timeout = PROVIDER_TIMEOUT_S;
    for (const run of execute) run(configuration);
    return configuration;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}
