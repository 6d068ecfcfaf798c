import type {
  AuditEntryResponse,
  AuditVerifyResponse,
  CannedReply,
  NetworkEvent,
} from '@contracts';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrate';
import { verifyAuditChain } from '@api/modules/audit/audit-chain';
import { AuditChain1796630000000 } from '../migrations/1796630000000-AuditChain';
import { workerDatabase } from '@testing/database';
import { createUser, login, signedInAs, type Session } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The audit log is append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained (each entry's hash covers the previous one's), the chain is checked by
 * `npm run audit:verify` and `GET /api/admin/audit/verify`, and the staff actions that were
 * missing from it are recorded.
 */

const ROOT = join(__dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'audit-verify.mjs');
const HOUR = 60 * 60 * 1000;

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run audit:verify` without the build step, as a child process against `url`. */
function runVerifyScript(url: string, args: string[] = []): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('audit log', () => {
  let t: TestApp;
  let admin: Session;
  let officer: Session;
  let editor: Session;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, officer, editor] = await Promise.all([
      signedInAs(t.db, t.url, 'admin'),
      signedInAs(t.db, t.url, 'contact_officer'),
      signedInAs(t.db, t.url, 'editor'),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (s: Session) => ({ authorization: `Bearer ${s.token}` });

  async function verify(): Promise<AuditVerifyResponse> {
    const res = await request(t.url).get('/api/admin/audit/verify').set(as(admin));
    if (res.status !== 200) throw new Error(`verify: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuditVerifyResponse;
  }

  async function entries(query: Record<string, string>): Promise<AuditEntryResponse[]> {
    const res = await request(t.url)
      .get('/api/admin/audit')
      .set(as(admin))
      .query({ limit: '100', ...query });
    if (res.status !== 200) throw new Error(`audit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items as AuditEntryResponse[];
  }

  async function lastId(): Promise<string> {
    const { rows } = await t.db.query<{ id: string }>(`SELECT max(id)::text AS id FROM audit_log`);
    return rows[0].id;
  }

  /** A change made as the superuser with the triggers bypassed, as a tamperer would. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  }

  describe('append-only', () => {
    it('refuses a direct UPDATE, DELETE or TRUNCATE, and the entry stays as it was', async () => {
      const id = await lastId();
      const before = await t.db.query(`SELECT * FROM audit_log WHERE id = $1`, [id]);
      await expect(
        t.db.query(`UPDATE audit_log SET action = 'tampered' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(t.db.query(`DELETE FROM audit_log WHERE id = $1`, [id])).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
      const after = await t.db.query(`SELECT * FROM audit_log WHERE id = $1`, [id]);
      expect(after.rows).toEqual(before.rows);
    });

    it('refuses an entry from a transaction whose snapshot could miss the latest one', async () => {
      const c = new Client({ connectionString: t.databaseUrl });
      await c.connect();
      try {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await expect(
          c.query(`INSERT INTO audit_log (action, target_type) VALUES ('test.rr', 'test')`),
        ).rejects.toThrow(/READ COMMITTED transactions only/);
        await c.query('ROLLBACK');
      } finally {
        await c.end();
      }
    });

    it('chains rows written by a single INSERT … SELECT, as the account sweeper writes them', async () => {
      await t.db.query(
        `WITH src AS (SELECT g FROM generate_series(1, 5) g)
         INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         SELECT NULL, 'test.bulk', 'test', g::text, jsonb_build_object('g', g) FROM src`,
      );
      const result = await verify();
      expect(result).toMatchObject({ ok: true, firstBrokenId: null, break: null });
    });
  });

  it('warns at start when its database role could switch the triggers off', () => {
    // The tests connect as a superuser, as a careless deployment might.
    expect(t.output()).toMatch(/is a superuser and could switch off its append-only triggers/);
  });

  describe('hash chain', () => {
    it('holds for what the app writes, reported by the route and the script alike', async () => {
      const result = await verify();
      const { rows } = await t.db.query<{ n: number; last: string }>(
        `SELECT count(*)::int AS n, max(id)::text AS last FROM audit_log`,
      );
      expect(rows[0].n).toBeGreaterThan(0);
      expect(result).toMatchObject({
        ok: true,
        checked: rows[0].n,
        lastId: rows[0].last,
        firstBrokenId: null,
      });
      expect(Date.parse(result.lastAt!)).not.toBeNaN();
      const last = await t.db.query<{ hash: string }>(
        `SELECT encode(hash, 'hex') AS hash FROM audit_log WHERE id = $1`,
        [rows[0].last],
      );
      expect(result.lastHash).toBe(last.rows[0].hash);
      const run = await runVerifyScript(t.databaseUrl);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain(`${rows[0].n} entries verified, up to entry ${rows[0].last}`);
      expect(run.stdout).toContain(`latest hash: ${last.rows[0].hash}`);
    });

    it('keeps its order under a parallel burst of audited actions', async () => {
      const before = Number(await lastId());
      const burst = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) =>
          request(t.url)
            .post('/api/inbox/canned-replies')
            .set(as(officer))
            .send({ title: `Burst ${i}`, body: `Reply number ${i}.` }),
        ),
        ...Array.from({ length: 10 }, () =>
          request(t.url)
            .post('/api/auth/login')
            .send({ email: admin.user.email, password: 'correct horse battery' }),
        ),
      ]);
      expect(burst.map((r) => r.status).sort()).toEqual([
        ...Array<number>(10).fill(200),
        ...Array<number>(20).fill(201),
      ]);
      // Transactions that overlap in the database itself: each holds its insert open a while.
      const clients = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const c = new Client({ connectionString: t.databaseUrl });
          await c.connect();
          return c;
        }),
      );
      try {
        await Promise.all(
          clients.map(async (c, i) => {
            await c.query('BEGIN');
            await c.query(
              `INSERT INTO audit_log (action, target_type, target_id) VALUES ('test.parallel', 'test', $1)`,
              [String(i)],
            );
            await c.query('SELECT pg_sleep(0.05)');
            await c.query('COMMIT');
          }),
        );
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
      const { rows } = await t.db.query<{ n: number; distinct_prev: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT prev_hash)::int AS distinct_prev
           FROM audit_log WHERE id > $1`,
        [before],
      );
      expect(rows[0].n).toBe(20 + 10 + 6);
      expect(rows[0].distinct_prev).toBe(rows[0].n);
      expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });
    });

    it('reports an entry edited behind the triggers’ back: where, and expected vs stored', async () => {
      const id = await lastId();
      const { rows } = await t.db.query<{ detail: unknown; hash: string }>(
        `SELECT detail, encode(hash, 'hex') AS hash FROM audit_log WHERE id = $1`,
        [id],
      );
      await tamper(`UPDATE audit_log SET detail = '{"rewritten": true}' WHERE id = $1`, [id]);
      try {
        const result = await verify();
        expect(result).toMatchObject({
          ok: false,
          firstBrokenId: id,
          break: { id, field: 'hash', stored: rows[0].hash },
        });
        expect(result.break!.expected).toMatch(/^[0-9a-f]{64}$/);
        expect(result.break!.expected).not.toBe(rows[0].hash);

        const run = await runVerifyScript(t.databaseUrl);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(`BROKEN at entry ${id}`);
        expect(run.stdout).toContain(`hash expected: ${result.break!.expected}`);
        expect(run.stdout).toContain(`hash stored:   ${rows[0].hash}`);
        const json = await runVerifyScript(t.databaseUrl, ['--json']);
        expect(json.code).toBe(1);
        expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBrokenId: id });
      } finally {
        await tamper(`UPDATE audit_log SET detail = $2 WHERE id = $1`, [id, rows[0].detail]);
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('reports an entry deleted behind the triggers’ back at the entry after it', async () => {
      const reply = (
        await request(t.url)
          .post('/api/inbox/canned-replies')
          .set(as(officer))
          .send({ title: 'To be removed', body: 'x' })
          .expect(201)
      ).body as CannedReply;
      await request(t.url)
        .post('/api/inbox/canned-replies')
        .set(as(officer))
        .send({ title: 'The one after', body: 'y' })
        .expect(201);
      const { rows } = await t.db.query<{ id: string; next: string }>(
        `SELECT id::text, (SELECT min(id)::text FROM audit_log n WHERE n.id > a.id) AS next
           FROM audit_log a WHERE target_id = $1`,
        [reply.id],
      );
      await tamper(`DELETE FROM audit_log WHERE id = $1`, [rows[0].id]);
      const result = await verify();
      expect(result).toMatchObject({
        ok: false,
        firstBrokenId: rows[0].next,
        break: { id: rows[0].next, field: 'prev_hash' },
      });
      const run = await runVerifyScript(t.databaseUrl);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`BROKEN at entry ${rows[0].next}`);
      // The log stays broken from here on: later tests in this file do not ask for a whole chain.
    });

    it('is verified only by admins', async () => {
      for (const s of [officer, editor]) {
        await request(t.url).get('/api/admin/audit/verify').set(as(s)).expect(403);
      }
      const member = await signedInAs(t.db, t.url, 'member');
      await request(t.url).get('/api/admin/audit/verify').set(as(member)).expect(403);
      await request(t.url).get('/api/admin/audit/verify').expect(401);
    });
  });

  describe('staff actions recorded', () => {
    it('records creating, changing and deleting a canned reply', async () => {
      const created = (
        await request(t.url)
          .post('/api/inbox/canned-replies')
          .set(as(officer))
          .send({ title: 'Joining', body: 'Apply at /apply.' })
          .expect(201)
      ).body as CannedReply;
      await request(t.url)
        .patch(`/api/inbox/canned-replies/${created.id}`)
        .set(as(officer))
        .send({ title: 'Joining the network', body: 'Apply at /apply.' })
        .expect(200);
      await request(t.url)
        .delete(`/api/inbox/canned-replies/${created.id}`)
        .set(as(officer))
        .expect(204);
      const log = await entries({ targetId: created.id });
      expect(log.map((e) => [e.action, e.actorId, e.targetType]).reverse()).toEqual([
        ['inbox.canned_reply.created', officer.user.id, 'canned_reply'],
        ['inbox.canned_reply.updated', officer.user.id, 'canned_reply'],
        ['inbox.canned_reply.deleted', officer.user.id, 'canned_reply'],
      ]);
      expect(log[1].detail).toEqual({ title: { from: 'Joining', to: 'Joining the network' } });
      // A refused change leaves no record.
      await request(t.url)
        .delete(`/api/inbox/canned-replies/${created.id}`)
        .set(as(officer))
        .expect(404);
      expect(await entries({ targetId: created.id })).toHaveLength(3);
    });

    it('records the attendee CSV export', async () => {
      const starts = new Date(Date.now() + 10 * 24 * HOUR).toISOString().slice(0, 16);
      const ends = new Date(Date.now() + 10 * 24 * HOUR + 3 * HOUR).toISOString().slice(0, 16);
      const event = (
        await request(t.url)
          .post('/api/events')
          .set(as(editor))
          .send({
            title: 'Export workshop',
            kind: 'workshop',
            timezone: 'UTC',
            startsAt: starts,
            endsAt: ends,
          })
          .expect(201)
      ).body as NetworkEvent;
      const attendee = await createUser(t.db, { roles: ['member'] });
      const { accessToken } = await login(t.url, attendee.email);
      await request(t.url)
        .post(`/api/events/${event.id}/registrations`)
        .auth(accessToken, { type: 'bearer' })
        .expect(201);
      await request(t.url).get(`/api/events/${event.id}/attendees.csv`).set(as(editor)).expect(200);
      const log = await entries({ action: 'event.attendees_exported', targetId: event.id });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        actorId: editor.user.id,
        targetType: 'event',
        detail: { title: 'Export workshop', format: 'csv', confirmed: 1, waitlisted: 0 },
      });
    });

    it('has role changes, domain settings and sign-ins on record', async () => {
      const member = await createUser(t.db, { roles: ['member'] });
      await request(t.url)
        .put(`/api/admin/users/${member.id}/roles`)
        .set(as(admin))
        .send({ roles: [] })
        .expect(200);
      const added = await request(t.url)
        .post('/api/admin/domains')
        .set(as(admin))
        .send({ pattern: 'audit-test.example.ac.uk' })
        .expect(201);
      await request(t.url).delete(`/api/admin/domains/${added.body.id}`).set(as(admin)).expect(204);
      await login(t.url, member.email);
      expect(await entries({ action: 'user.roles.changed', targetId: member.id })).toHaveLength(1);
      expect(
        (await entries({ targetType: 'domain', targetId: added.body.id })).map((e) => e.action),
      ).toEqual(['domain.removed', 'domain.added']);
      expect(await entries({ action: 'auth.sign_in', actorId: member.id })).toHaveLength(1);
    });
  });

  describe('the list', () => {
    it('filters by actor, action, target, time and text', async () => {
      const reply = (
        await request(t.url)
          .post('/api/inbox/canned-replies')
          .set(as(officer))
          .send({ title: 'Filterable kestrel', body: 'z' })
          .expect(201)
      ).body as CannedReply;
      const mine = (items: AuditEntryResponse[]) => items.filter((e) => e.targetId === reply.id);
      expect(mine(await entries({ actor: officer.user.name }))).toHaveLength(1);
      expect(mine(await entries({ actor: admin.user.name }))).toHaveLength(0);
      expect(mine(await entries({ action: 'inbox.canned_reply.created' }))).toHaveLength(1);
      expect(mine(await entries({ action: 'inbox.canned_reply.deleted' }))).toHaveLength(0);
      expect(mine(await entries({ targetType: 'canned_reply' }))).toHaveLength(1);
      expect(mine(await entries({ targetType: 'user' }))).toHaveLength(0);
      expect(await entries({ q: 'kestrel' })).toEqual([
        expect.objectContaining({ targetId: reply.id, actorName: officer.user.name }),
      ]);
      const at = Date.parse((await entries({ targetId: reply.id }))[0].at);
      const iso = (ms: number) => new Date(ms).toISOString();
      expect(
        await entries({ targetId: reply.id, from: iso(at - 1000), to: iso(at + 1000) }),
      ).toHaveLength(1);
      expect(await entries({ targetId: reply.id, from: iso(at + 1000) })).toHaveLength(0);
      expect(await entries({ targetId: reply.id, to: iso(at - 1000) })).toHaveLength(0);
    });

    it('answers bad filters with a problem naming the field', async () => {
      for (const [query, field] of [
        ['from=yesterday', 'from'],
        ['to=2026-13-01', 'to'],
        ['from=2026-02-01&to=2026-01-01', 'to'],
        ['targetType=Robert%27);DROP', 'targetType'],
        ['actor=%3Cscript%3E', 'actor'],
        ['q=' + 'x'.repeat(201), 'q'],
        ['colour=red', 'colour'],
      ] as const) {
        const res = await request(t.url).get(`/api/admin/audit?${query}`).set(as(admin));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.stringify(res.body.errors)).toContain(field);
      }
      await request(t.url).get('/api/admin/audit?q=x').set(as(officer)).expect(403);
    });
  });
});

describe('audit chain migration', () => {
  it('chains the entries written before it, oldest first', async () => {
    const url = await workerDatabase('auditchain');
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    } finally {
      await c.end();
    }
    await runMigrations(url);
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const migration = new AuditChain1796630000000();
      const runner = ds.createQueryRunner();
      await migration.down(runner);
      await runner.query(
        `INSERT INTO audit_log (action, target_type, target_id, detail, at)
         SELECT 'legacy.entry', 'test', g::text, jsonb_build_object('n', g, 'text', 'é ' || g),
                now() - (1000 - g) * interval '1 minute'
           FROM generate_series(1, 500) g`,
      );
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
      await runner.release();
      const result = await verifyAuditChain((sql, params) => ds.query(sql, params));
      expect(result).toMatchObject({ ok: true, checked: 500, lastId: '500', firstBrokenId: null });
      // And what comes after continues the chain.
      await ds.query(`INSERT INTO audit_log (action, target_type) VALUES ('after', 'test')`);
      expect(await verifyAuditChain((sql, params) => ds.query(sql, params))).toMatchObject({
        ok: true,
        checked: 501,
      });
    } finally {
      await ds.destroy();
    }
  });
});

describe('audit log under a role that does not own it', () => {
  it('lets the application role insert (chained) but not change, disable or replace anything', async () => {
    const url = await workerDatabase('auditrole');
    const role = `ocvrn_audit_app_${randomUUID().slice(0, 8)}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const roleUrl = new URL(url);
    roleUrl.username = role;
    roleUrl.password = 'audit-app-password';
    const app = new Client({ connectionString: roleUrl.toString() });
    try {
      // The README's recipe: the table and its functions belong to a role the app is not.
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'audit-app-password'`);
      await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await admin.query(`GRANT SELECT, INSERT ON audit_log TO ${role}`);
      await admin.query(`GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${role}`);
      await app.connect();
      await app.query(`INSERT INTO audit_log (action, target_type) VALUES ('as.app.role', 'test')`);
      await expect(app.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).rejects.toThrow(
        /must be owner/,
      );
      await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(
        app.query(
          `CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
             LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
        ),
      ).rejects.toThrow(/must be owner|permission denied/);
      const result = await verifyAuditChain(
        async (sql, params) => (await app.query(sql, params)).rows,
      );
      expect(result).toMatchObject({ ok: true });
    } finally {
      await app.end().catch(() => undefined);
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
