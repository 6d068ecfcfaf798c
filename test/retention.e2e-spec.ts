import type { ContactReceipt, RetentionResponse } from '@contracts';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createUser, signedInAs, type Session } from '@testing/factories';
import { makePdf } from '@testing/files';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Retention: each rule deletes or anonymises exactly what is past its setting and keeps the
 * rest; settings are validated, admin-only and audited; "run now" runs once at a time under
 * a parallel burst; the daily job runs once, whichever instance finds it due.
 */

const BATCH = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let counter = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}`;

describe('retention', () => {
  let t: TestApp;
  let dataDir: string;
  let officer: Session;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ocvrn-retention-'));
    t = await startTestApp({
      env: { DATA_DIR: dataDir, RETENTION_BATCH_SIZE: String(BATCH) },
    });
    officer = await signedInAs(t.db, t.url, 'contact_officer');
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (req: request.Test, s: Session) => req.auth(s.token, { type: 'bearer' });
  const overview = async (s: Session) =>
    (await bearer(request(t.url).get('/api/admin/retention'), s).expect(200))
      .body as RetentionResponse;
  const put = (s: Session, body: unknown) =>
    bearer(request(t.url).put('/api/admin/retention'), s).send(body as object);
  const settings = async () => {
    const { rows } = await t.db.query<{ key: string; days: number | null }>(
      'SELECT key, days FROM retention_rules ORDER BY key',
    );
    return rows;
  };
  const audit = async (action: string, where = 'true', params: unknown[] = []) => {
    const { rows } = await t.db.query<{
      actor_id: string | null;
      target_id: string | null;
      detail: Record<string, unknown>;
    }>(
      `SELECT actor_id, target_id, detail FROM audit_log WHERE action = $1 AND (${where}) ORDER BY id`,
      [action, ...params],
    );
    return rows;
  };
  const exists = async (table: string, column: string, value: unknown) => {
    const { rows } = await t.db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [value]);
    return rows.length > 0;
  };

  /** "Run now" as `admin`, then waits for every rule's audit row of that run. */
  async function runNow(admin: Session): Promise<void> {
    await bearer(request(t.url).post('/api/admin/retention/run'), admin).expect(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const done = await audit('retention.rule.run', 'actor_id = $2', [admin.user.id]);
      const state = await overview(admin);
      if (done.length >= 6 && !state.running) return;
      if (Date.now() > deadline) throw new Error(`run did not finish: ${done.length} rule(s)`);
      await sleep(200);
    }
  }

  describe('settings', () => {
    it('lists every rule with its default setting and no run yet', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const body = await overview(admin);
      expect(body.rules.map((r) => [r.key, r.days, r.editable])).toEqual([
        ['unverified_accounts', 7, false],
        ['rejected_applications', 90, true],
        ['closed_contact_threads', 730, true],
        ['notifications', 90, true],
        ['sent_mail', 30, true],
        ['expired_tokens', 1, true],
      ]);
      for (const rule of body.rules) {
        expect(rule.description.length).toBeGreaterThan(20);
        expect(rule.label.length).toBeGreaterThan(3);
      }
      expect(body.running).toBe(false);
      expect(Date.parse(body.nextRunAt ?? '')).toBeGreaterThan(Date.now());
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a negative number', { notifications: -1 }, 'notifications'],
      ['below the least', { notifications: 3 }, 'notifications'],
      ['above the most', { closed_contact_threads: 3651 }, 'closed_contact_threads'],
      ['0 where keeping for ever is not allowed', { expired_tokens: 0 }, 'expired_tokens'],
      ['a fraction', { sent_mail: 1.5 }, 'sent_mail'],
      ['text', { sent_mail: 'thirty' }, 'sent_mail'],
      ['null', { rejected_applications: null }, 'rejected_applications'],
      ['a rule set by configuration', { unverified_accounts: 10 }, 'unverified_accounts'],
      ['an unknown rule', { audit_log: 30 }, 'audit_log'],
    ])('refuses %s with a 400 naming the field, changing nothing', async (_, body, field) => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const before = await settings();
      // A valid change alongside is not made either.
      const res = await put(admin, { ...body, sent_mail: body.sent_mail ?? 45 }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.body.errors)).toContain(field);
      expect(await settings()).toEqual(before);
      expect(await audit('retention.settings.changed', 'actor_id = $2', [admin.user.id])).toEqual(
        [],
      );
    });

    it('changes only the rules given, audited with old and new values', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const res = await put(admin, { notifications: 30, sent_mail: 0, expired_tokens: 1 }).expect(
        200,
      );
      const body = res.body as RetentionResponse;
      const days = Object.fromEntries(body.rules.map((r) => [r.key, r.days]));
      expect(days).toMatchObject({ notifications: 30, sent_mail: 0, rejected_applications: 90 });
      expect((await overview(admin)).rules.find((r) => r.key === 'sent_mail')?.days).toBe(0);
      expect(await audit('retention.settings.changed', 'actor_id = $2', [admin.user.id])).toEqual([
        expect.objectContaining({
          detail: {
            from: { notifications: 90, sent_mail: 30 },
            to: { notifications: 30, sent_mail: 0 },
          },
        }),
      ]);
      // Back to the defaults for the tests that follow.
      await put(admin, { notifications: 90, sent_mail: 30 }).expect(200);
    });

    it('answers only admins: 401 without a session, 403 for other roles, nothing changed', async () => {
      const before = await settings();
      for (const role of ['member', 'editor', 'moderator', 'contact_officer'] as const) {
        const s = await signedInAs(t.db, t.url, role);
        await bearer(request(t.url).get('/api/admin/retention'), s).expect(403);
        await put(s, { notifications: 10 }).expect(403);
        await bearer(request(t.url).post('/api/admin/retention/run'), s).expect(403);
        expect(await audit('retention.run.requested', 'actor_id = $2', [s.user.id])).toEqual([]);
      }
      await request(t.url).get('/api/admin/retention').expect(401);
      await request(t.url).put('/api/admin/retention').send({ notifications: 10 }).expect(401);
      await request(t.url).post('/api/admin/retention/run').expect(401);
      expect(await settings()).toEqual(before);
    });
  });

  describe('rules', () => {
    it('deletes or anonymises exactly what is past each setting and keeps the rest', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const ago = async (table: string, column: string, ids: string[], interval: string) => {
        await t.db.query(
          `UPDATE ${table} SET ${column} = now() - $2::interval WHERE id::text = ANY($1)`,
          [ids, interval],
        );
      };

      // Unconfirmed applications (UNVERIFIED_ACCOUNT_DAYS, 7 by default).
      const unconfirmedOld = await createUser(t.db, { status: 'pending', emailVerified: false });
      const unconfirmedNew = await createUser(t.db, { status: 'pending', emailVerified: false });
      await ago('users', 'created_at', [unconfirmedOld.id], '8 days');
      await ago('users', 'created_at', [unconfirmedNew.id], '6 days');

      // Rejected applications: 90 days after the decision.
      const rejected = await Promise.all(
        [1, 2, 3].map(() => createUser(t.db, { status: 'rejected' })),
      );
      const rejectedRecent = await createUser(t.db, { status: 'rejected' });
      const approvedOld = await createUser(t.db, { status: 'approved' });
      const pendingOld = await createUser(t.db, { status: 'pending' });
      await ago(
        'users',
        'decided_at',
        [...rejected.map((u) => u.id), approvedOld.id, pendingOld.id],
        '91 days',
      );
      await ago('users', 'created_at', [approvedOld.id, pendingOld.id], '200 days');
      await ago('users', 'decided_at', [rejectedRecent.id], '89 days');

      // Contact point conversations: closed ones anonymised 730 days after closing.
      const thread = async (status: 'closed' | 'open', interval: string) => {
        const email = `${unique('sender')}@example.org`;
        const res = await request(t.url)
          .post('/api/contact')
          .field('name', 'Dana Reyes')
          .field('email', email)
          .field('organisation', 'University of Leeds')
          .field('category', 'research_findings')
          .field('subject', 'Findings on county lines')
          .field('message', 'Call me on 07700 900123 about the report.')
          .attach('files', makePdf({ pages: [unique('report')] }), 'report.pdf')
          .expect(201);
        const receipt = res.body as ContactReceipt;
        const {
          rows: [row],
        } = await t.db.query<{ id: string }>('SELECT id FROM inbox_threads WHERE reference = $1', [
          receipt.reference,
        ]);
        await bearer(request(t.url).patch(`/api/inbox/threads/${row.id}`), officer)
          .send({ status })
          .expect(200);
        await ago('inbox_threads', 'updated_at', [row.id], interval);
        return { id: row.id, email, receipt };
      };
      const closedOld = await thread('closed', '731 days');
      const closedRecent = await thread('closed', '729 days');
      const openOld = await thread('open', '800 days');
      const {
        rows: [file],
      } = await t.db.query<{ sha256: string }>(
        `SELECT a.sha256 FROM inbox_attachments a JOIN inbox_messages m ON m.id = a.message_id
          WHERE m.thread_id = $1`,
        [closedOld.id],
      );
      const stored = join(
        dataDir,
        'documents',
        file.sha256.slice(0, 2),
        file.sha256.slice(2, 4),
        file.sha256,
      );
      expect(existsSync(stored)).toBe(true);
      const threadBefore = async (id: string) =>
        (
          await t.db.query(
            `SELECT reference, category, status, created_at, first_response_at, message_count
               FROM inbox_threads WHERE id = $1`,
            [id],
          )
        ).rows[0] as Record<string, unknown>;
      const statsBefore = await threadBefore(closedOld.id);

      // Notifications: 90 days.
      const notification = async (interval: string) => {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO notifications (type, rooms, data, created_at, dispatched_at)
           VALUES ('test.retention', '{members}', '{}', now() - $1::interval, now() - $1::interval)
           RETURNING id`,
          [interval],
        );
        return rows[0].id;
      };
      const notificationsOld = [
        await notification('91 days'),
        await notification('100 days'),
        await notification('365 days'),
      ];
      const notificationNew = await notification('89 days');

      // Sent mail: 30 days after sending; unsent mail stays whatever its age.
      const mail = async (status: string, sentAgo: string | null, createdAgo: string) => {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO mail_outbox (to_address, subject, text, status, sent_at, created_at)
           VALUES ($1, 'Retention test', 'Body', $2,
                   now() - $3::interval, now() - $4::interval)
           RETURNING id`,
          [`${unique('to')}@example.org`, status, sentAgo, createdAgo],
        );
        return rows[0].id;
      };
      const mailOld = await mail('sent', '31 days', '31 days');
      const mailNew = await mail('sent', '29 days', '40 days');
      const mailPending = await mail('pending', null, '60 days');
      const mailFailed = await mail('failed', null, '60 days');

      // Expired links, challenges, counters and sessions: one day after expiry.
      const holder = await createUser(t.db);
      const token = async (expiredAgo: string) => {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO account_tokens (user_id, purpose, email, token_hash, expires_at)
           VALUES ($1, 'verify_email', $2, $3, now() - $4::interval) RETURNING id`,
          [
            holder.id,
            holder.email,
            createHash('sha256').update(randomBytes(16)).digest(),
            expiredAgo,
          ],
        );
        return rows[0].id;
      };
      const tokenOld = await token('2 days');
      const tokenNew = await token('12 hours');
      const challenge = async (expiredAgo: string) => {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO auth_challenges (purpose, data, expires_at)
           VALUES ('passkey_sign_in', '{}', now() - $1::interval) RETURNING id`,
          [expiredAgo],
        );
        return rows[0].id;
      };
      const challengeOld = await challenge('25 hours');
      const challengeNew = await challenge('23 hours');
      const rateOld = unique('rate');
      const rateNew = unique('rate');
      await t.db.query(
        `INSERT INTO rate_limits (key, count, reset_at)
         VALUES ($1, 1, now() - interval '2 days'), ($2, 1, now() - interval '2 hours')`,
        [rateOld, rateNew],
      );
      const session = async (expiresAgo: string, revokedAgo: string | null) => {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO sessions (user_id, expires_at, revoked_at)
           VALUES ($1, now() - $2::interval, now() - $3::interval) RETURNING id`,
          [holder.id, expiresAgo, revokedAgo],
        );
        return rows[0].id;
      };
      const sessionExpired = await session('2 days', null);
      const sessionRevokedLongAgo = await session('-10 days', '31 days');
      const sessionRevokedRecently = await session('-10 days', '10 days');
      const sessionLive = await session('-10 days', null);

      await runNow(admin);

      // Accounts.
      expect(await exists('users', 'id', unconfirmedOld.id)).toBe(false);
      expect(await exists('users', 'id', unconfirmedNew.id)).toBe(true);
      for (const u of rejected) expect(await exists('users', 'id', u.id)).toBe(false);
      for (const u of [rejectedRecent, approvedOld, pendingOld]) {
        expect(await exists('users', 'id', u.id)).toBe(true);
      }
      expect((await audit('retention.application_deleted')).map((r) => r.target_id).sort()).toEqual(
        rejected.map((u) => u.id).sort(),
      );
      expect(
        await audit('account.unverified_expired', 'target_id = $2', [unconfirmedOld.id]),
      ).toHaveLength(1);

      // The old closed conversation: personal data gone, reference and statistics kept.
      const { rows: anonymised } = await t.db.query(
        `SELECT sender_name, sender_email, sender_organisation, sender_ip, subject, anonymised_at
           FROM inbox_threads WHERE id = $1`,
        [closedOld.id],
      );
      expect(anonymised[0]).toMatchObject({
        sender_name: 'Anonymised',
        sender_email: 'anonymised',
        sender_organisation: null,
        sender_ip: null,
        subject: 'Anonymised',
        anonymised_at: expect.any(Date),
      });
      expect(await threadBefore(closedOld.id)).toEqual(statsBefore);
      const { rows: bodies } = await t.db.query<{ body: string; author_name: string }>(
        'SELECT body, author_name FROM inbox_messages WHERE thread_id = $1',
        [closedOld.id],
      );
      expect(bodies.length).toBeGreaterThan(0);
      for (const b of bodies) expect(JSON.stringify(b)).not.toMatch(/07700|Dana Reyes/);
      expect(
        await t.db.query(
          `SELECT 1 FROM inbox_attachments a JOIN inbox_messages m ON m.id = a.message_id
            WHERE m.thread_id = $1`,
          [closedOld.id],
        ),
      ).toMatchObject({ rowCount: 0 });
      expect(existsSync(stored)).toBe(false);
      // Its tracking link no longer opens it.
      await request(t.url)
        .get(`/api/contact/${closedOld.receipt.reference}?token=${closedOld.receipt.trackingToken}`)
        .expect(404);
      // An officer still sees the thread, without the sender.
      const officerView = await bearer(
        request(t.url).get(`/api/inbox/threads/${closedOld.id}`),
        officer,
      ).expect(200);
      expect(JSON.stringify(officerView.body)).not.toContain(closedOld.email);
      // The recent closed one and the old open one are untouched.
      for (const kept of [closedRecent, openOld]) {
        const { rows } = await t.db.query(
          'SELECT sender_email, anonymised_at FROM inbox_threads WHERE id = $1',
          [kept.id],
        );
        expect(rows[0]).toEqual({ sender_email: kept.email, anonymised_at: null });
        await request(t.url)
          .get(`/api/contact/${kept.receipt.reference}?token=${kept.receipt.trackingToken}`)
          .expect(200);
      }
      expect(await audit('retention.thread_anonymised')).toEqual([
        expect.objectContaining({ target_id: closedOld.id, detail: {} }),
      ]);

      // Notifications and mail.
      for (const id of notificationsOld)
        expect(await exists('notifications', 'id', id)).toBe(false);
      expect(await exists('notifications', 'id', notificationNew)).toBe(true);
      expect(await exists('mail_outbox', 'id', mailOld)).toBe(false);
      for (const id of [mailNew, mailPending, mailFailed]) {
        expect(await exists('mail_outbox', 'id', id)).toBe(true);
      }

      // Expired records.
      expect(await exists('account_tokens', 'id', tokenOld)).toBe(false);
      expect(await exists('account_tokens', 'id', tokenNew)).toBe(true);
      expect(await exists('auth_challenges', 'id', challengeOld)).toBe(false);
      expect(await exists('auth_challenges', 'id', challengeNew)).toBe(true);
      expect(await exists('rate_limits', 'key', rateOld)).toBe(false);
      expect(await exists('rate_limits', 'key', rateNew)).toBe(true);
      expect(await exists('sessions', 'id', sessionExpired)).toBe(false);
      expect(await exists('sessions', 'id', sessionRevokedLongAgo)).toBe(false);
      expect(await exists('sessions', 'id', sessionRevokedRecently)).toBe(true);
      expect(await exists('sessions', 'id', sessionLive)).toBe(true);

      // One audit row per rule, by the admin who asked, with counts and no personal data.
      const runs = await audit('retention.rule.run', 'actor_id = $2', [admin.user.id]);
      expect(runs.map((r) => r.target_id)).toEqual([
        'unverified_accounts',
        'rejected_applications',
        'closed_contact_threads',
        'notifications',
        'sent_mail',
        'expired_tokens',
      ]);
      const byRule = Object.fromEntries(runs.map((r) => [r.target_id, r.detail]));
      expect(byRule.rejected_applications).toMatchObject({ trigger: 'manual', days: 90, rows: 3 });
      // Three rows in batches of two: two full batches and an empty one.
      expect(byRule.rejected_applications.batches).toBe(2);
      expect(byRule.notifications).toMatchObject({ days: 90 });
      expect(byRule.notifications.rows).toBeGreaterThanOrEqual(3);
      expect(byRule.closed_contact_threads).toMatchObject({ days: 730, rows: 1 });
      expect(byRule.expired_tokens).toMatchObject({
        tables: expect.objectContaining({ account_tokens: 1, auth_challenges: 1, rate_limits: 1 }),
      });
      const recorded = JSON.stringify(
        (await t.db.query('SELECT detail FROM audit_log WHERE action LIKE $1', ['retention.%']))
          .rows,
      );
      for (const email of [
        ...rejected.map((u) => u.email),
        unconfirmedOld.email,
        closedOld.email,
      ]) {
        expect(recorded).not.toContain(email);
      }
      expect(
        JSON.stringify(
          await audit('account.unverified_expired', 'target_id = $2', [unconfirmedOld.id]),
        ),
      ).not.toContain(unconfirmedOld.email);

      // The page's view: each rule's last run and the rows it handled.
      const after = await overview(admin);
      const rule = (key: string) => after.rules.find((r) => r.key === key);
      expect(rule('rejected_applications')).toMatchObject({
        lastRunRows: 3,
        lastRunTrigger: 'manual',
        lastRunAt: expect.any(String),
      });
      expect(rule('closed_contact_threads')?.lastRunRows).toBe(1);
    });

    it('keeps for ever what a rule set to 0 covers, and records that it did', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      await put(admin, { notifications: 0, sent_mail: 0 }).expect(200);
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO notifications (type, rooms, data, created_at)
         VALUES ('test.retention', '{members}', '{}', now() - interval '3000 days') RETURNING id`,
      );
      await runNow(admin);
      expect(await exists('notifications', 'id', rows[0].id)).toBe(true);
      const [run] = await audit('retention.rule.run', 'actor_id = $2 AND target_id = $3', [
        admin.user.id,
        'notifications',
      ]);
      expect(run.detail).toMatchObject({ days: 0, rows: 0, keptForEver: true });
      await put(admin, { notifications: 90, sent_mail: 30 }).expect(200);
    });
  });

  describe('running', () => {
    it('runs once for a parallel burst of "run now": one starts, the rest are told why', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const statuses = (
        await Promise.all(
          Array.from({ length: 8 }, () =>
            bearer(request(t.url).post('/api/admin/retention/run'), admin),
          ),
        )
      ).map((r) => r.status);
      const count = (s: number) => statuses.filter((x) => x === s).length;
      // Six requests an hour per admin are counted before the run is claimed: two are refused.
      expect(count(202)).toBe(1);
      expect(count(429)).toBe(2);
      expect(count(409)).toBe(5);
      const deadline = Date.now() + 20_000;
      while ((await overview(admin)).running && Date.now() < deadline) await sleep(200);
      expect(await audit('retention.run.requested', 'actor_id = $2', [admin.user.id])).toHaveLength(
        1,
      );
      expect(await audit('retention.rule.run', 'actor_id = $2', [admin.user.id])).toHaveLength(6);
      // Once it has finished, another may start.
      const other = await signedInAs(t.db, t.url, 'admin');
      await runNow(other);
    });

    it('runs the daily job once when it is due', async () => {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const { rows: before } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'retention.rule.run' AND detail->>'trigger' = 'schedule'`,
      );
      expect(before[0].n).toBe(0);
      const old = await createUser(t.db, { status: 'rejected' });
      await t.db.query(`UPDATE users SET decided_at = now() - interval '100 days' WHERE id = $1`, [
        old.id,
      ]);
      await t.db.query(`UPDATE retention_state SET next_run_at = now() - interval '1 minute'`);
      // Another instance starts (each checks at start, then hourly); either may run the job.
      const b = await startTestApp({
        databaseUrl: t.databaseUrl,
        truncate: false,
        env: { DATA_DIR: dataDir, RETENTION_BATCH_SIZE: String(BATCH) },
      });
      try {
        const deadline = Date.now() + 30_000;
        let runs: { target_id: string | null }[] = [];
        do {
          await sleep(250);
          runs = await audit('retention.rule.run', `detail->>'trigger' = 'schedule'`);
        } while ((runs.length < 6 || (await overview(admin)).running) && Date.now() < deadline);
        await sleep(1500);
        runs = await audit('retention.rule.run', `detail->>'trigger' = 'schedule'`);
        expect(runs.map((r) => r.target_id)).toHaveLength(6);
        expect(await exists('users', 'id', old.id)).toBe(false);
        const state = await overview(admin);
        expect(Date.parse(state.nextRunAt ?? '')).toBeGreaterThan(Date.now());
        expect(state.rules.find((r) => r.key === 'rejected_applications')).toMatchObject({
          lastRunTrigger: 'schedule',
          lastRunRows: 1,
        });
      } finally {
        await b.close();
      }
    });
  });
});
