#!/usr/bin/env node
// The directory benchmark's baseline: bare node:http + pg answering GET /members?… with
// EXACTLY the SQL the app runs (directorySearch from the built
// dist/apps/api/src/modules/members/member-search.sql.js), its statements in
// parallel on a pg.Pool of the app's size (20), and an answer of the same shape
// ({ items, nextCursor, facets, total }, contact fields filtered as for a plain member).
// No framework, no validation beyond parsing, no auth.
//
// Env: DATABASE_URL (required), PORT (0 = any), HOST (127.0.0.1), POOL_SIZE (20).
// Prints `BARE_READY <port> pool=<n>` once listening; stops on SIGTERM/SIGINT.
//
// Also imported by bench/run.mjs for paramsFromQuery() (same parameters for EXPLAIN).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const SQL_MODULE = join(
  ROOT,
  'dist',
  'apps',
  'api',
  'src',
  'modules',
  'members',
  'member-search.sql.js',
);
export const sql = require(SQL_MODULE);

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

class BadRequest extends Error {}

const list = (sp, name, upper = false) => {
  const values = sp
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => (upper ? v.toUpperCase() : v));
  return values.length ? values : undefined;
};

/**
 * The app's MembersService.search() parameters from a query string, minimally: the same
 * defaults (sort by relevance when q has words, else by name; limit 20) and cursor decoding.
 */
export function paramsFromQuery(searchParams) {
  const sp =
    searchParams instanceof URLSearchParams ? searchParams : new URLSearchParams(searchParams);
  const q = sp.get('q')?.trim() || undefined;
  const hasText = !!(q && sql.toPrefixQuery(q));
  const sortParam = sp.get('sort');
  if (sortParam && sortParam !== 'relevance' && sortParam !== 'name') throw new BadRequest('sort');
  const sort = sortParam ?? (hasText ? 'relevance' : 'name');
  const limitRaw = sp.get('limit');
  const limit = limitRaw === null ? DEFAULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequest('limit');
  const kind = sort === 'relevance' && hasText ? 'relevance' : 'name';
  let after = null;
  const cursor = sp.get('cursor');
  if (cursor) {
    let key;
    try {
      key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new BadRequest('cursor');
    }
    if (!Array.isArray(key) || key.length !== 3 || key[0] !== kind) throw new BadRequest('cursor');
    after = [String(key[1]), String(key[2])];
  }
  return {
    params: {
      q,
      sector: list(sp, 'sector'),
      expertise: list(sp, 'expertise'),
      country: list(sp, 'country', true),
      level: list(sp, 'level'),
      sort,
      limit,
      after,
    },
    kind,
  };
}

const maySee = (visibility) => visibility === 'members';

function toProfile(r) {
  const v = r.visibility;
  const p = {
    id: r.id,
    name: r.name,
    title: r.title,
    organisation: r.organisation,
    sector: r.sector,
    country: r.country,
    level: r.level,
    expertise: r.expertise,
    bio: r.bio,
    orcid: r.orcid,
    visibility: { email: v.email, phone: v.phone, website: v.website },
    updatedAt: new Date(r.updated_at).toISOString(),
  };
  if (maySee(v.email)) p.email = r.email;
  if (maySee(v.phone)) p.phone = r.phone;
  if (maySee(v.website)) p.website = r.website;
  return p;
}

async function search(pool, searchParams) {
  const { params, kind } = paramsFromQuery(searchParams);
  const plan = sql.directorySearch(params);
  const results = await Promise.all(
    plan.queries.map(async (q) => (await pool.query(q.text, q.values)).rows),
  );
  const { rows, facets, total } = plan.read(results);
  const more = rows.length > params.limit;
  const items = rows.slice(0, params.limit);
  const last = items[items.length - 1];
  const nextCursor =
    more && last
      ? Buffer.from(JSON.stringify([kind, String(last.sort_key), last.id])).toString('base64url')
      : null;
  return { items: items.map(toProfile), nextCursor, facets, total };
}

async function main() {
  const { default: pg } = await import('pg');
  if (!process.env.DATABASE_URL) {
    console.error('bare-directory-server: DATABASE_URL is required');
    process.exit(2);
  }
  const poolSize = Number(process.env.POOL_SIZE || 20);
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: poolSize,
    application_name: 'ocvrn-bare-directory',
  });
  pool.on('error', () => undefined); // idle connections cut at shutdown
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://bare');
    if (req.method !== 'GET' || url.pathname !== '/members') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
      return;
    }
    search(pool, url.searchParams).then(
      (body) => {
        const json = JSON.stringify(body);
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(json),
        });
        res.end(json);
      },
      (err) => {
        const status = err instanceof BadRequest ? 400 : 500;
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status, detail: err.message }));
      },
    );
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
    console.error(`bare-directory-server failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
