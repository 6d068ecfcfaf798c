#!/usr/bin/env node
// The sign-in benchmark's baseline: bare node:http + pg + argon2 doing the database work and
// the password check of the app's POST /api/auth/login for an account without a second
// factor, minus the throttle (and minus the framework: no Nest, Fastify, passport or
// class-validator). Per sign-in, on a pg.Pool of the app's size (20):
//   1. SELECT the user by lower(trim(email)): the columns UserEntity selects, with password_hash;
//   2. argon2.verify through the app's built verifyPassword (dist/…/auth/passwords.js: argon2id,
//      19 MiB, 2 passes, 1 lane; the same dummy work for an unknown address);
//   3. SELECT count(*) FROM passkeys (AuthService.signIn: which factors the account has);
//   4. one transaction (AuthService.startSession): INSERT a sessions row, INSERT a
//      refresh_tokens row (SHA-256 of 32 random bytes), SELECT count(*) FROM passkeys again
//      (userResponse);
//   5. an HS256 access token (jsonwebtoken: sub, sid, aud and iss "ocvrn", ACCESS_TOKEN_TTL);
//   6. INSERT the audit_log row auth.sign_in (one autocommit statement where TypeORM's save
//      wraps it in BEGIN/COMMIT);
//   7. the answer { accessToken, expiresIn, user } — user by the app's built toUserResponse()
//      with its factors — the refresh cookie and a device cookie (HMAC), Cache-Control no-store.
// A wrong password answers 401 after an audit_log row auth.sign_in_failed, as the app does.
//
// POST /login is that. POST /login-throttled does the same between the app's own sign-in
// limiter, built (dist/…/auth/sign-in-limiter.js over throttle/rate-limiter.js and the
// PostgresRateLimitStore of throttle/rate-limit.store.js, its DataSource replaced by the
// pool): before the lookup it counts the attempt under the three keys the app uses for a
// client without a device cookie (login:ip:, login:account-ip:, login:account:: three upserts
// one after the other), and after a right password it deletes the account-ip key. The two
// routes differ by exactly the throttle; the app differs from both by its framework too.
// A 200 carries Server-Timing: throttle (the limiter's calls, 0 on /login), argon2 (the verify)
// and total (the handler, from the first check to the answer), in ms.
// The client address is the last X-Forwarded-For entry when the peer is 127.0.0.1 (as the app
// with TRUST_PROXY=127.0.0.1), else the peer.
//
// Env: DATABASE_URL and JWT_SECRET (required), PORT (0 = any), HOST (127.0.0.1), POOL_SIZE (20),
// ACCESS_TOKEN_TTL (900), REFRESH_TOKEN_DAYS (14), SESSION_MAX_DAYS (30), AUTH_RATE_LIMIT (10),
// AUTH_IP_RATE_LIMIT (100), AUTH_ACCOUNT_RATE_LIMIT (50): the app's defaults.
// Prints `BARE_READY <port> pool=<n>` once listening; stops on SIGTERM/SIGINT.
//
// Also imported by bench/signin-step.mjs for signInLimiter() (timing the throttle's statements
// directly) and the built modules.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const DIST = join(ROOT, 'dist', 'apps', 'api', 'src', 'modules');
/** { hashPassword, verifyPassword } as the app hashes and checks passwords. */
export const passwords = require(join(DIST, 'auth', 'passwords.js'));
const { SignInLimiter } = require(join(DIST, 'auth', 'sign-in-limiter.js'));
const { RateLimiter } = require(join(DIST, 'throttle', 'rate-limiter.js'));
/** { PostgresRateLimitStore, RedisRateLimitStore } */
export const stores = require(join(DIST, 'throttle', 'rate-limit.store.js'));
const { toUserResponse } = require(join(DIST, 'users', 'dto', 'user.response.js'));

const DAY = 86_400_000;

const intEnv = (name, fallback) => {
  const v = Number(process.env[name] || fallback);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

/** The limits as the app reads them (AppConfig's names). */
export function limitsFromEnv(env = process.env) {
  const n = (name, fallback) => {
    const v = Number(env[name] || fallback);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return {
    authRateLimit: n('AUTH_RATE_LIMIT', 10),
    authIpRateLimit: n('AUTH_IP_RATE_LIMIT', 100),
    authAccountRateLimit: n('AUTH_ACCOUNT_RATE_LIMIT', 50),
  };
}

/** What PostgresRateLimitStore needs of TypeORM's DataSource: query(sql, params) → rows. */
export function poolDataSource(pool) {
  return { query: (sql, params) => pool.query(sql, params).then((r) => r.rows) };
}

/** The app's SignInLimiter (built) over `store`, with `limits` as AppConfig holds them. */
export function signInLimiter(store, limits) {
  return new SignInLimiter(new RateLimiter(store), limits);
}

const USER_COLUMNS = `id, email, password_hash, name, organisation, sector, country, statement,
  title, level, expertise, bio, orcid, website, phone, visibility, status, roles,
  rejection_reason, decided_at, decided_by, disabled_at, email_verified_at, must_change_password,
  password_changed_at, totp_confirmed_at, created_at, updated_at`;

/** A users row as UserEntity holds it (the fields toUserResponse reads). */
function entityOf(row) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    sector: row.sector,
    country: row.country,
    statement: row.statement,
    status: row.status,
    roles: row.roles,
    rejectionReason: row.rejection_reason,
    createdAt: row.created_at,
    emailVerifiedAt: row.email_verified_at,
    totpConfirmedAt: row.totp_confirmed_at,
    mustChangePassword: row.must_change_password,
  };
}

class Refused extends Error {
  constructor(status, code, detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

const sha256 = (v) => createHash('sha256').update(v).digest();

function clientIp(req) {
  const peer = req.socket.remoteAddress ?? '';
  const trusted = peer === '127.0.0.1' || peer === '::ffff:127.0.0.1';
  const xff = req.headers['x-forwarded-for'];
  if (trusted && typeof xff === 'string' && xff.trim()) {
    const hops = xff.split(',').map((s) => s.trim());
    return hops[hops.length - 1];
  }
  return peer.startsWith('::ffff:') ? peer.slice(7) : peer;
}

async function passkeyCount(q, userId) {
  const { rows } = await q.query('SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1', [
    userId,
  ]);
  return rows[0]?.n ?? 0;
}

function makeSignIn({ pool, jwt, secret, limiter, cfg }) {
  const deviceTag = (email) =>
    createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 16);
  const deviceCookie = (email) => {
    const payload = `${deviceTag(email)}.${randomUUID()}`;
    const mac = createHmac('sha256', secret).update(`device|${payload}`).digest('base64url');
    return `ocvrn_device=${payload}.${mac}; Max-Age=${365 * 86_400}; Path=/api/auth; HttpOnly; SameSite=Strict`;
  };

  return async function signIn(body, ip, userAgent, throttled) {
    const { email, password } = body ?? {};
    if (typeof email !== 'string' || email.length > 254)
      throw new Refused(400, 'VALIDATION_FAILED', 'email');
    if (typeof password !== 'string' || password.length < 1 || password.length > 128)
      throw new Refused(400, 'VALIDATION_FAILED', 'password');
    const t0 = performance.now();
    if (throttled) await limiter.count(ip, email, null);
    let throttleMs = performance.now() - t0;
    const account = email.trim().toLowerCase();
    const found = await pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1 LIMIT 1`, [
      account,
    ]);
    const row = found.rows[0];
    const t1 = performance.now();
    const ok = await passwords.verifyPassword(row?.password_hash ?? null, password);
    const verifyMs = performance.now() - t1;
    if (!ok || !row) {
      await pool.query(
        `INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         VALUES (NULL, 'auth.sign_in_failed', 'user', NULL, $1)`,
        [{ email: account.slice(0, 254), ip, reason: 'wrong email or password' }],
      );
      throw new Refused(401, 'INVALID_CREDENTIALS', 'Email or password is not right');
    }
    if (throttled) {
      const t2 = performance.now();
      await limiter.succeeded(ip, email, null);
      throttleMs += performance.now() - t2;
    }
    if (row.status === 'disabled')
      throw new Refused(403, 'ACCOUNT_DISABLED', 'This account has been disabled');
    const factors = await passkeyCount(pool, row.id);
    if (row.totp_confirmed_at || factors > 0)
      throw new Refused(501, 'MFA', 'accounts with a second factor are not part of this baseline');

    const client = await pool.connect();
    let session;
    let refresh;
    let passkeys;
    try {
      await client.query('BEGIN');
      const s = await client.query(
        `INSERT INTO sessions (user_id, user_agent, ip, method, expires_at)
         VALUES ($1, $2, $3, 'password', $4)
         RETURNING id, created_at, last_used_at, revoked_at, revoked_reason`,
        [
          row.id,
          userAgent?.slice(0, 300) ?? null,
          ip.slice(0, 64),
          new Date(Date.now() + cfg.sessionMaxDays * DAY),
        ],
      );
      session = s.rows[0];
      const secretPart = randomBytes(32).toString('base64url');
      const expiresAt = new Date(
        Math.min(Date.now() + cfg.refreshTokenDays * DAY, Date.now() + cfg.sessionMaxDays * DAY),
      );
      const r = await client.query(
        `INSERT INTO refresh_tokens (session_id, token_hash, expires_at)
         VALUES ($1, $2, $3) RETURNING id, created_at, used_at`,
        [session.id, sha256(secretPart), expiresAt],
      );
      refresh = { token: `${r.rows[0].id}.${secretPart}`, expiresAt };
      passkeys = await passkeyCount(client, row.id);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const accessToken = jwt.sign({ sid: session.id }, secret, {
      subject: row.id,
      audience: 'ocvrn',
      issuer: 'ocvrn',
      algorithm: 'HS256',
      expiresIn: cfg.accessTokenTtl,
    });
    const base = toUserResponse(entityOf(row));
    const user = {
      ...base,
      mfa: { totp: Boolean(row.totp_confirmed_at), passkeys },
      // Members hold no role that must have a second factor (the bench seeds members only).
      mfaEnrolmentRequired: false,
    };
    await pool.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
       VALUES ($1, 'auth.sign_in', 'session', $2, $3)`,
      [row.id, session.id, { method: 'password', ip, userAgent: userAgent?.slice(0, 300) ?? null }],
    );
    return {
      body: { accessToken, expiresIn: cfg.accessTokenTtl, user },
      timing: `throttle;dur=${throttleMs.toFixed(3)}, argon2;dur=${verifyMs.toFixed(3)}, total;dur=${(performance.now() - t0).toFixed(3)}`,
      cookies: [
        `ocvrn_refresh=${refresh.token}; Path=/api/auth; Expires=${refresh.expiresAt.toUTCString()}; HttpOnly; SameSite=Strict`,
        deviceCookie(email),
      ],
    };
  };
}

async function main() {
  const { default: pg } = await import('pg');
  const { default: jwt } = await import('jsonwebtoken');
  const secret = process.env.JWT_SECRET;
  if (!process.env.DATABASE_URL || !secret) {
    console.error('bare-signin-server: DATABASE_URL and JWT_SECRET are required');
    process.exit(2);
  }
  const poolSize = intEnv('POOL_SIZE', 20);
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: poolSize,
    application_name: 'ocvrn-bare-signin',
  });
  pool.on('error', () => undefined); // idle connections cut at shutdown
  const limiter = signInLimiter(
    new stores.PostgresRateLimitStore(poolDataSource(pool)),
    limitsFromEnv(),
  );
  const signIn = makeSignIn({
    pool,
    jwt,
    secret,
    limiter,
    cfg: {
      accessTokenTtl: intEnv('ACCESS_TOKEN_TTL', 900),
      refreshTokenDays: intEnv('REFRESH_TOKEN_DAYS', 14),
      sessionMaxDays: intEnv('SESSION_MAX_DAYS', 30),
    },
  });
  const send = (res, status, body, headers = {}) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(json);
  };
  const server = createServer((req, res) => {
    const throttled = req.url === '/login-throttled';
    if (req.method !== 'POST' || (req.url !== '/login' && !throttled)) {
      send(res, 404, { status: 404 });
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= 16_384) chunks.push(c);
    });
    req.on('end', () => {
      let body;
      try {
        body = size <= 16_384 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
      } catch {
        body = null;
      }
      signIn(body, clientIp(req), req.headers['user-agent'], throttled).then(
        (out) =>
          send(res, 200, out.body, { 'set-cookie': out.cookies, 'server-timing': out.timing }),
        (err) => {
          // The built limiter refuses with the app's DomainError (status 429, Retry-After).
          const status = err instanceof Refused ? err.status : (err?.status ?? 500);
          const code = err instanceof Refused ? err.code : (err?.code ?? 'INTERNAL');
          send(res, status, { status, code, detail: err?.message ?? String(err) });
        },
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.PORT || 0), process.env.HOST || '127.0.0.1', () => {
    console.log(`BARE_READY ${server.address().port} pool=${poolSize}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(`bare-signin-server failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
