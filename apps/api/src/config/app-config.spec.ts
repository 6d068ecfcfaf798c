import { ConfigError, parseConfig } from './app-config';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3000,
      dataDir: '.data',
      databaseUrl: undefined,
      storage: 'local',
      maxUploadBytes: 200 * 1024 * 1024,
      s3: undefined,
      publicUrl: 'http://localhost:3000',
      accessTokenTtl: 900,
      secureCookies: false,
    });
  });

  it('derives the public URL from PORT and secure cookies from https', () => {
    expect(parseConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(parseConfig({ PUBLIC_URL: 'https://ocvrn.example.org/' })).toMatchObject({
      publicUrl: 'https://ocvrn.example.org',
      secureCookies: true,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['SMTP_URL', 'http://mail'],
    ['REDIS_URL', 'localhost:6379'],
    ['STORAGE', 'ftp'],
    ['STORAGE', 's3'],
    ['MAX_UPLOAD_MB', '0'],
    ['MAX_UPLOAD_MB', 'lots'],
    ['S3_ENDPOINT', 'minio:9000'],
    ['LOG_LEVEL', 'loud'],
    ['INSPECTION_IMAGE_REVIEW', 'yes'],
    ['INSPECTION_MAX_PDF_MB', '0'],
  ])('stops on a bad %s, naming it', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });

  it('reads the S3 settings when STORAGE=s3', () => {
    expect(
      parseConfig({
        STORAGE: 's3',
        S3_BUCKET: 'docs',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_FORCE_PATH_STYLE: 'true',
        MAX_UPLOAD_MB: '5',
      }),
    ).toMatchObject({
      maxUploadBytes: 5 * 1024 * 1024,
      s3: { bucket: 'docs', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
    });
  });

  it('holds images for review and reads PDFs up to 128 MB unless told otherwise', () => {
    expect(parseConfig({})).toMatchObject({
      inspectionImageReview: true,
      inspectionMaxPdfBytes: 128 * 1024 * 1024,
    });
    expect(
      parseConfig({ INSPECTION_IMAGE_REVIEW: 'false', INSPECTION_MAX_PDF_MB: '300' }),
    ).toMatchObject({ inspectionImageReview: false, inspectionMaxPdfBytes: 300 * 1024 * 1024 });
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
    });
  });

  it('reads the account settings, with their defaults', () => {
    expect(parseConfig({})).toMatchObject({
      trustProxy: false,
      mfaRequiredRoles: ['admin', 'editor', 'moderator', 'contact_officer'],
      oidcProviders: [],
      sessionMaxDays: 30,
      unverifiedAccountDays: 7,
    });
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
    ]);
    expect(parseConfig({ MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
    expect(parseConfig({ MFA_REQUIRED_ROLES: 'admin, editor' }).mfaRequiredRoles).toEqual([
      'admin',
      'editor',
    ]);
    const providers = parseConfig({
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: 'met',
          label: 'Metropolitan Police',
          issuer: 'https://login.example.org/',
          clientId: 'ocvrn',
          domains: ['*.police.uk'],
          skipApproval: true,
        },
      ]),
    }).oidcProviders;
    expect(providers).toEqual([
      {
        id: 'met',
        label: 'Metropolitan Police',
        issuer: 'https://login.example.org',
        clientId: 'ocvrn',
        clientSecret: undefined,
        domains: ['*.police.uk'],
        skipApproval: true,
      },
    ]);
  });

  it.each([
    ['TRUST_PROXY', 'proxy.example.org'],
    ['MFA_REQUIRED_ROLES', 'admin,superuser'],
    ['OIDC_PROVIDERS', 'not json'],
    ['OIDC_PROVIDERS', '{"id":"x"}'],
    ['OIDC_PROVIDERS', '[{"id":"Bad Id","issuer":"https://x","clientId":"c"}]'],
    ['OIDC_PROVIDERS', '[{"id":"x","issuer":"ftp://x","clientId":"c"}]'],
    ['OIDC_PROVIDERS', '[{"id":"x","issuer":"https://x"}]'],
    ['SESSION_MAX_DAYS', '0'],
    ['UNVERIFIED_ACCOUNT_DAYS', 'soon'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
