import { GRANTABLE_ROLES, type Role } from '@contracts';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the server reads, validated once at boot. Nothing else reads
 * `process.env`. A bad value stops the start with a message naming the variable.
 */
export class EnvSchema {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() @Transform(emptyToUndefined) HOST?: string;
  @IsOptional() @IsString() @Transform(emptyToUndefined) DATA_DIR?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsEmail() ADMIN_EMAIL?: string;
  @IsOptional() @Transform(emptyToUndefined) @Length(12, 128) ADMIN_PASSWORD?: string;
  @IsOptional() @Transform(emptyToUndefined) @MinLength(32) JWT_SECRET?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() MAIL_FROM?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['local', 's3']) STORAGE?: 'local' | 's3';
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100_000) MAX_UPLOAD_MB?: number;
  @IsOptional() @Transform(emptyToUndefined) @Length(3, 63) S3_BUCKET?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() S3_REGION?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() S3_SECRET_ACCESS_KEY?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['true', 'false']) S3_FORCE_PATH_STYLE?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(5) @Max(86400) ACCESS_TOKEN_TTL?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365) REFRESH_TOKEN_DAYS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) AUTH_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) REGISTER_RATE_LIMIT?: number;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['true', 'false']) SECURE_COOKIES?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsEmail() CONTACT_ADDRESS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) CONTACT_SMTP_PORT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) CONTACT_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) CONTACT_IP_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) CONTACT_REPLY_RATE_LIMIT?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  CONTACT_REPLY_IP_RATE_LIMIT?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10 * 1024 ** 3)
  CONTACT_THREAD_ATTACHMENT_BYTES?: number;
  @IsOptional() @Transform(emptyToUndefined) @IsString() CONTACT_DNS_SERVERS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100000) DIRECTORY_CACHE_SIZE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100000) LIBRARY_CACHE_SIZE?: number;
  @IsOptional() @IsString() TRUST_PROXY?: string;
  @IsOptional() @IsString() MFA_REQUIRED_ROLES?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() OIDC_PROVIDERS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365) SESSION_MAX_DAYS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365) UNVERIFIED_ACCOUNT_DAYS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) AUTH_ACCOUNT_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) AUTH_IP_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) HTTP_IDLE_TIMEOUT_S?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400) HTTP_REQUEST_TIMEOUT_S?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) RETENTION_BATCH_SIZE?: number;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'])
  INSPECTION_IMAGE_REVIEW?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(4096) INSPECTION_MAX_PDF_MB?: number;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  jwtSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  redisUrl: string | undefined;
  storage: 'local' | 's3';
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  s3: S3Config | undefined;
  publicUrl: string;
  accessTokenTtl: number;
  refreshTokenDays: number;
  /** Failed sign-ins a minute per address and email before sign-in is refused. */
  authRateLimit: number;
  /** Applications a minute per address. */
  registerRateLimit: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  secureCookies: boolean;
  /** The contact point's address: acknowledgements come from it, replies go to it. */
  contactAddress: string;
  /** Port of the SMTP listener for mail to the contact address; none when unset. */
  contactSmtpPort: number | undefined;
  /** New conversations an hour per sender address, and per IP address. */
  contactRateLimit: number;
  contactIpRateLimit: number;
  /** Follow-ups an hour per thread, and per IP address, from the sender (web or mail). */
  contactReplyRateLimit: number;
  contactReplyIpRateLimit: number;
  /** The most all attachments of one thread may come to, in bytes. */
  contactThreadAttachmentBytes: number;
  /** DNS servers (`host` or `host:port`) for SPF/DKIM/DMARC checks; the system's when unset. */
  contactDnsServers: string[] | undefined;
  /** Directory answers kept per instance (checked against `data_versions`); 0: none. */
  directoryCacheSize: number;
  /** Library search answers kept per instance (checked against `data_versions`); 0: none. */
  libraryCacheSize: number;
  /** Fastify's `trustProxy`: false, a hop count, or the proxies' addresses and CIDRs. */
  trustProxy: false | number | string[];
  /** Roles whose holders must have a second factor before anything else. */
  mfaRequiredRoles: Role[];
  oidcProviders: OidcProviderConfig[];
  /** Absolute lifetime of a session, whatever its refreshes, in days. */
  sessionMaxDays: number;
  /** Days an account whose address was never verified is kept. */
  unverifiedAccountDays: number;
  /** Sign-in attempts a window for one account from devices it has not signed in on before. */
  authAccountRateLimit: number;
  /** Sign-in attempts a window from one address, whatever the account. */
  authIpRateLimit: number;
  /** A connection that sends nothing for this long (mid-request or idle) is closed, ms. */
  httpIdleTimeoutMs: number;
  /** The longest a whole request may take, uploads included, ms. */
  httpRequestTimeoutMs: number;
  /** Rows a retention rule deletes or anonymises in one transaction. */
  retentionBatchSize: number;
  /** Images (uploaded, in a document) and textless PDF pages hold an upload for review. */
  inspectionImageReview: boolean;
  /** The largest PDF inspected, in bytes; a larger one is held for review unread. */
  inspectionMaxPdfBytes: number;
}

export interface OidcProviderConfig {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Email domains whose users this provider signs in (`force.police.uk`, `*.police.uk`). */
  domains: string[];
  /** Its users are approved members at once, without the applicant queue. */
  skipApproval: boolean;
}

export interface S3Config {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export const DEFAULT_MFA_REQUIRED_ROLES: Role[] = [
  'admin',
  'editor',
  'moderator',
  'contact_officer',
];

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6_CIDR = /^[0-9a-f:]+(\/\d{1,3})?$/i;

function parseTrustProxy(value: string | undefined): false | number | string[] {
  const v = value?.trim();
  if (!v || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 100)
      throw new ConfigError('Invalid configuration:\n  TRUST_PROXY: at most 100 hops');
    return hops;
  }
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = list.find((x) => !IPV4_CIDR.test(x) && !(x.includes(':') && IPV6_CIDR.test(x)));
  if (bad !== undefined) {
    throw new ConfigError(
      `Invalid configuration:\n  TRUST_PROXY: "${bad}" is not a hop count, an IP address or a CIDR`,
    );
  }
  return list;
}

function parseMfaRoles(value: string | undefined): Role[] {
  if (value === undefined) return DEFAULT_MFA_REQUIRED_ROLES;
  const list = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = list.find((r) => !(GRANTABLE_ROLES as readonly string[]).includes(r));
  if (bad !== undefined) {
    throw new ConfigError(
      `Invalid configuration:\n  MFA_REQUIRED_ROLES: "${bad}" is not one of ${GRANTABLE_ROLES.join(', ')}`,
    );
  }
  return list as Role[];
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

function parseOidcProviders(value: string | undefined): OidcProviderConfig[] {
  if (!value) return [];
  const fail = (why: string) => new ConfigError(`Invalid configuration:\n  OIDC_PROVIDERS: ${why}`);
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw fail('must be a JSON list');
  }
  if (!Array.isArray(raw)) throw fail('must be a JSON list');
  const seen = new Set<string>();
  return raw.map((p: unknown, i) => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? o[k] : undefined);
    const id = str('id');
    if (!id || !PROVIDER_ID.test(id)) throw fail(`[${i}].id must be a slug (a-z, 0-9, -)`);
    if (seen.has(id)) throw fail(`[${i}].id "${id}" appears twice`);
    seen.add(id);
    const issuer = str('issuer');
    if (!issuer || !/^https?:\/\/.+/.test(issuer)) throw fail(`[${i}].issuer must be a URL`);
    const clientId = str('clientId');
    if (!clientId) throw fail(`[${i}].clientId is required`);
    const domains = o.domains ?? [];
    if (!Array.isArray(domains) || domains.some((d) => typeof d !== 'string' || !d)) {
      throw fail(`[${i}].domains must be a list of email domains`);
    }
    return {
      id,
      label: str('label') ?? id,
      issuer: issuer.replace(/\/+$/, ''),
      clientId,
      clientSecret: str('clientSecret'),
      domains: (domains as string[]).map((d) => d.toLowerCase()),
      skipApproval: o.skipApproval === true,
    };
  });
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = plainToInstance(EnvSchema, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const storage = parsed.STORAGE ?? 'local';
  if (storage === 's3' && !parsed.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: is required when STORAGE=s3');
  }
  const port = parsed.PORT ?? 3000;
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: parsed.HOST ?? '0.0.0.0',
    dataDir: parsed.DATA_DIR ?? '.data',
    databaseUrl: parsed.DATABASE_URL,
    adminEmail: parsed.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: parsed.ADMIN_PASSWORD,
    jwtSecret: parsed.JWT_SECRET,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM ?? 'OCVRN <no-reply@ocvrn.localhost>',
    redisUrl: parsed.REDIS_URL,
    storage,
    maxUploadBytes: (parsed.MAX_UPLOAD_MB ?? 200) * 1024 * 1024,
    s3:
      storage === 's3' && parsed.S3_BUCKET
        ? {
            bucket: parsed.S3_BUCKET,
            endpoint: parsed.S3_ENDPOINT,
            region: parsed.S3_REGION ?? 'us-east-1',
            accessKeyId: parsed.S3_ACCESS_KEY_ID,
            secretAccessKey: parsed.S3_SECRET_ACCESS_KEY,
            forcePathStyle: parsed.S3_FORCE_PATH_STYLE === 'true',
          }
        : undefined,
    publicUrl,
    accessTokenTtl: parsed.ACCESS_TOKEN_TTL ?? 900,
    refreshTokenDays: parsed.REFRESH_TOKEN_DAYS ?? 14,
    authRateLimit: parsed.AUTH_RATE_LIMIT ?? 10,
    registerRateLimit: parsed.REGISTER_RATE_LIMIT ?? 60,
    logLevel: parsed.LOG_LEVEL ?? 'warn',
    contactAddress: (
      parsed.CONTACT_ADDRESS ??
      `contact@${new URL(publicUrl).hostname.replace(/^localhost$/, 'ocvrn.localhost')}`
    ).toLowerCase(),
    contactSmtpPort: parsed.CONTACT_SMTP_PORT,
    contactRateLimit: parsed.CONTACT_RATE_LIMIT ?? 5,
    contactIpRateLimit: parsed.CONTACT_IP_RATE_LIMIT ?? 20,
    contactReplyRateLimit: parsed.CONTACT_REPLY_RATE_LIMIT ?? 20,
    contactReplyIpRateLimit: parsed.CONTACT_REPLY_IP_RATE_LIMIT ?? 60,
    contactThreadAttachmentBytes: parsed.CONTACT_THREAD_ATTACHMENT_BYTES ?? 100 * 1024 * 1024,
    contactDnsServers: parsed.CONTACT_DNS_SERVERS?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    directoryCacheSize: parsed.DIRECTORY_CACHE_SIZE ?? 500,
    libraryCacheSize: parsed.LIBRARY_CACHE_SIZE ?? 500,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    mfaRequiredRoles: parseMfaRoles(parsed.MFA_REQUIRED_ROLES),
    oidcProviders: parseOidcProviders(parsed.OIDC_PROVIDERS),
    sessionMaxDays: parsed.SESSION_MAX_DAYS ?? 30,
    unverifiedAccountDays: parsed.UNVERIFIED_ACCOUNT_DAYS ?? 7,
    authAccountRateLimit: parsed.AUTH_ACCOUNT_RATE_LIMIT ?? 50,
    authIpRateLimit: parsed.AUTH_IP_RATE_LIMIT ?? 100,
    httpIdleTimeoutMs: (parsed.HTTP_IDLE_TIMEOUT_S ?? 60) * 1000,
    httpRequestTimeoutMs: (parsed.HTTP_REQUEST_TIMEOUT_S ?? 3600) * 1000,
    retentionBatchSize: parsed.RETENTION_BATCH_SIZE ?? 500,
    inspectionImageReview: parsed.INSPECTION_IMAGE_REVIEW !== 'false',
    inspectionMaxPdfBytes: (parsed.INSPECTION_MAX_PDF_MB ?? 128) * 1024 * 1024,
    secureCookies: parsed.SECURE_COOKIES
      ? parsed.SECURE_COOKIES === 'true'
      : publicUrl.startsWith('https://'),
  };
}

/** Whether roles include one that must hold a second factor (MFA_REQUIRED_ROLES). */
export function mfaRequiredFor(roles: readonly string[], config: AppConfig): boolean {
  return roles.some((r) => (config.mfaRequiredRoles as readonly string[]).includes(r));
}
