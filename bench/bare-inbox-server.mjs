#!/usr/bin/env node
// The inbox benchmark's baseline: bare node:http + pg answering GET /threads?… with EXACTLY
// the SQL the app runs for GET /api/inbox/threads (inboxListSql from the built
// dist/apps/api/src/modules/inbox/inbox-list.sql.js): its two statements (the page, and the
// total with the average time to first response) in parallel on a pg.Pool of the app's size
// (20), and an answer of the same shape ({ items, nextCursor, total,
// averageFirstResponseSeconds }), the items mapped by the app's own built toSummary()
// (inbox.repository.js), the cursor encoded as the app's encodeCursor does.
// No framework, no validation beyond parsing, no auth: `assignee=me` is the officer whose id
// is in ACTOR_ID (the bench's signed-in officer on the app).
//
// Env: DATABASE_URL and ACTOR_ID (required), PORT (0 = any), HOST (127.0.0.1), POOL_SIZE (20).
// Prints `BARE_READY <port> pool=<n>` once listening; stops on SIGTERM/SIGINT.
//
// Also imported by bench/inbox-step.mjs for filterFromQuery() and sql (EXPLAIN of the same
// statements with the same parameters).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const INBOX = join(ROOT, 'dist', 'apps', 'api', 'src', 'modules', 'inbox');
export const SQL_MODULE = join(INBOX, 'inbox-list.sql.js');
/** { inboxListSql } */
export const sql = require(SQL_MODULE);
const { toSummary } = require(join(INBOX, 'inbox.repository.js'));

const STATUSES = ['new', 'open', 'waiting', 'closed'];
const CATEGORIES = ['general', 'research_findings', 'join', 'events', 'newsletter', 'other'];
const ASSIGNEE = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export class BadRequest extends Error {}

/** `a=1,2` and `a=1&a=2` alike, as the app's toList(): trimmed, non-empty; each one allowed. */
const list = (sp, name, allowed) => {
  const values = sp
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.some((v) => !allowed.includes(v))) throw new BadRequest(name);
  return values.length ? values : undefined;
};

/**
 * The app's InboxQuery from a query string, minimally (the same defaults: oldest first, limit
 * 20) and the cursor decoded as decodeCursor(cursor, ['timestamp', 'uuid']) does.
 */
export function filterFromQuery(searchParams) {
  const sp =
    searchParams instanceof URLSearchParams ? searchParams : new URLSearchParams(searchParams);
  const assignee = sp.get('assignee') ?? undefined;
  if (assignee !== undefined && !ASSIGNEE.test(assignee)) throw new BadRequest('assignee');
  const q = sp.get('q') ?? undefined;
  if (q !== undefined && q.length > 200) throw new BadRequest('q');
  const sort = sp.get('sort') ?? undefined;
  if (sort !== undefined && sort !== 'oldest' && sort !== 'newest') throw new BadRequest('sort');
  const limitRaw = sp.get('limit');
  const limit = limitRaw === null ? DEFAULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequest('limit');
  let after = null;
  const cursor = sp.get('cursor');
  if (cursor !== null) {
    let key;
    try {
      key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new BadRequest('cursor');
    }
    if (
      !Array.isArray(key) ||
      key.length !== 2 ||
      typeof key[0] !== 'string' ||
      !ISO.test(key[0]) ||
      typeof key[1] !== 'string' ||
      !UUID.test(key[1])
    )
      throw new BadRequest('cursor');
    after = key;
  }
  return {
    filter: {
      status: list(sp, 'status', STATUSES),
      category: list(sp, 'category', CATEGORIES),
      assignee,
      q,
      sort,
      limit,
    },
    after,
  };
}

async function listThreads(pool, actorId, searchParams) {
  const { filter, after } = filterFromQuery(searchParams);
  const plan = sql.inboxListSql(filter, actorId, after);
  if (!plan) return { items: [], nextCursor: null, total: 0, averageFirstResponseSeconds: null };
  const [page, count] = await Promise.all([
    pool.query(plan.page, plan.pageParams),
    pool.query(plan.count, plan.countParams),
  ]);
  const rows = page.rows;
  const stats = count.rows[0];
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toSummary),
    nextCursor:
      rows.length > filter.limit && last
        ? Buffer.from(JSON.stringify([last.sort_key ?? '', last.id])).toString('base64url')
        : null,
    total: stats.total,
    averageFirstResponseSeconds: stats.average,
  };
}

async function main() {
  const { default: pg } = await import('pg');
  const actorId = process.env.ACTOR_ID;
  if (!process.env.DATABASE_URL || !actorId || !UUID.test(actorId)) {
    console.error('bare-inbox-server: DATABASE_URL and ACTOR_ID (a user id) are required');
    process.exit(2);
  }
  const poolSize = Number(process.env.POOL_SIZE || 20);
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: poolSize,
    application_name: 'ocvrn-bare-inbox',
  });
  pool.on('error', () => undefined); // idle connections cut at shutdown
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://bare');
    if (req.method !== 'GET' || url.pathname !== '/threads') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
      return;
    }
    listThreads(pool, actorId, url.searchParams).then(
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
    console.error(`bare-inbox-server failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
