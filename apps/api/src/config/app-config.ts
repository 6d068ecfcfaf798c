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
  @IsOptional() @Transform(emptyToUndefined) @Length(8, 128) ADMIN_PASSWORD?: string;
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
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400) ACCESS_TOKEN_TTL?: number;
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
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100000) DIRECTORY_CACHE_SIZE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100000) LIBRARY_CACHE_SIZE?: number;
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
  /** Directory answers kept per instance (checked against `data_versions`); 0: none. */
  directoryCacheSize: number;
  /** Library search answers kept per instance (checked against `data_versions`); 0: none. */
  libraryCacheSize: number;
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
    directoryCacheSize: parsed.DIRECTORY_CACHE_SIZE ?? 500,
    libraryCacheSize: parsed.LIBRARY_CACHE_SIZE ?? 500,
    secureCookies: parsed.SECURE_COOKIES
      ? parsed.SECURE_COOKIES === 'true'
      : publicUrl.startsWith('https://'),
  };
}
