import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { createUser, signedInAs, type Session } from '@testing/factories';
import { makeText } from '@testing/files';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The server killed outright (SIGKILL) in the middle of work, then started again on the same
 * database and the same storage, as a crash and a restart would: nothing it was doing may be
 * left half done.
 * - Uploads: no stored file without a document row, no temporary upload file, no document
 *   whose file is missing.
 * - A newsletter send: no subscriber gets the issue twice, and none misses it but for a copy
 *   on the wire at the very instant of the kill.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const as = (s: Session) => ({ authorization: `Bearer ${s.token}` });

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('crash (SIGKILL) and restart on the same database and storage', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];

  function newDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ocvrn-crash-data-'));
    dirs.push(dir);
    return dir;
  }

  async function start(env: Record<string, string>, databaseUrl?: string): Promise<TestApp> {
    const app = await startTestApp({ env, databaseUrl, truncate: databaseUrl ? false : undefined });
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('during uploads', () => {
    let dataDir: string;
    const storageDir = () => join(dataDir, 'documents');
    const tmpUploads = () => join(dataDir, 'tmp', 'uploads');

    /** A multipart upload sent up to half its file, then held open (a slow client). */
    function halfUpload(t: TestApp, session: Session, size: number): ClientRequest {
      const boundary = `----crash${randomBytes(8).toString('hex')}`;
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHalf sent\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="marking"\r\n\r\nOFFICIAL\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\n` +
          `Content-Type: text/plain\r\n\r\n`,
      );
      const url = new URL('/api/documents', t.url);
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          ...as(session),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + boundary.length + 8,
        },
      });
      req.on('error', () => undefined); // the server dies under it
      req.write(head);
      req.write(Buffer.alloc(size / 2, 'a'));
      return req;
    }

    function upload(t: TestApp, session: Session, body: Buffer, name: string) {
      return request(t.url)
        .post('/api/documents')
        .set(as(session))
        .field('title', `Crash ${name}`)
        .field('marking', 'OFFICIAL')
        .attach('file', body, name);
    }

    it('leaves no orphan file, no temporary file and no half document', async () => {
      dataDir = newDataDir();
      const env = { DATA_DIR: dataDir };
      const first = await start(env);
      const member = await signedInAs(first.db, first.url, 'member');

      // Some documents that complete before the crash.
      for (let i = 0; i < 3; i++) {
        await upload(
          first,
          member,
          makeText(`Finished upload ${i} ${randomBytes(8).toString('hex')}`),
          `done-${i}.txt`,
        ).expect(201);
      }
      // Uploads still arriving when the server dies: their temporary files exist.
      const slow = [halfUpload(first, member, 400_000), halfUpload(first, member, 400_000)];
      await until('two unfinished uploads on disk', () => filesUnder(tmpUploads()).length >= 2);

      // One upload caught between storing its file and committing its row: a transaction of
      // ours holds the documents table, so the upload's INSERT waits after the file is stored.
      const blocker = new Client({ connectionString: first.databaseUrl });
      blocker.on('error', () => undefined);
      await blocker.connect();
      let answered: number | null = null;
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE');
        const caught = upload(
          first,
          member,
          makeText(`Caught mid-commit ${randomBytes(8).toString('hex')}`),
          'caught.txt',
        ).then(
          (res) => (answered = res.status),
          () => undefined,
        );
        await until('the upload to wait on its INSERT', async () => {
          if (answered !== null) throw new Error(`the upload was answered ${answered}`);
          // A write to the table waits on our lock (the statement text may not be shown yet).
          const { rows } = await blocker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE NOT granted AND relation = 'documents'::regclass AND mode = 'RowExclusiveLock'`,
          );
          return rows[0].n > 0;
        });
        const storedBefore = filesUnder(storageDir()).length;
        expect(storedBefore).toBe(4); // the three documents and the caught upload's file
        await first.kill();
        await blocker.query('ROLLBACK');
        slow.forEach((r) => r.destroy());
        await caught;
      } finally {
        await blocker.end();
      }
      expect(answered).toBeNull();
      // The state a crash leaves: a stored file nothing points to, and temporary files.
      expect(filesUnder(tmpUploads()).length).toBeGreaterThanOrEqual(2);

      const second = await start(env, first.databaseUrl);
      const versions = async () =>
        (
          await second.db.query<{ sha256: string }>(
            `SELECT v.sha256 FROM document_versions v JOIN documents d ON d.id = v.document_id
              WHERE d.status <> 'rejected'`,
          )
        ).rows.map((r) => r.sha256);
      // The start-up sweep runs beside serving requests: give it a moment.
      await until(
        'the start-up sweep',
        async () =>
          filesUnder(tmpUploads()).length === 0 &&
          filesUnder(storageDir()).length === (await versions()).length,
        15_000,
      ).catch(() => undefined);

      expect(filesUnder(tmpUploads())).toEqual([]);
      const stored = filesUnder(storageDir()).map((p) => p.split('/').pop()!);
      const live = await versions();
      // No orphan: every stored file belongs to a document; no half document: every document's
      // file is there.
      expect(stored.filter((k) => !live.includes(k))).toEqual([]);
      expect(live.filter((k) => !stored.includes(k))).toEqual([]);
      expect(live).toHaveLength(3);
      const { rows } = await second.db.query<{ id: string }>(
        `SELECT id FROM documents d WHERE NOT EXISTS
           (SELECT 1 FROM document_versions v WHERE v.document_id = d.id AND v.number = d.current_version)`,
      );
      expect(rows).toEqual([]);
      // And the library still works: a document downloads, a new upload goes in.
      const any = await second.db.query<{ id: string }>(`SELECT id FROM documents LIMIT 1`);
      await request(second.url)
        .get(`/api/documents/${any.rows[0].id}/download`)
        .set(as(member))
        .expect(200);
      await upload(second, member, makeText('After the restart'), 'after.txt').expect(201);
      expect(statSync(storageDir()).isDirectory()).toBe(true);
      await second.close();
    }, 180_000);
  });

  describe('during a newsletter send', () => {
    let sink: SmtpSink;

    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(async () => {
      await sink.close();
    });

    it('sends no subscriber the issue twice, and leaves none unsent after the restart', async () => {
      const env = { DATA_DIR: newDataDir(), SMTP_URL: sink.url, PUBLIC_URL: 'http://ocvrn.test' };
      const first = await start(env);
      const author = await signedInAs(first.db, first.url, 'editor');
      const clearer = await signedInAs(first.db, first.url, 'editor');
      const template = await createUser(first.db);
      // Enough subscribers that the send takes a while (every approved member gets every issue
      // unless they chose otherwise).
      await first.db.query(
        `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                            status, roles, decided_at, email_verified_at)
         SELECT 'subscriber-' || n || '@example.org', u.password_hash, 'Subscriber ' || n,
                'Example', 'academia', 'GB', 'Test', 'approved', '{member}', now(), now()
           FROM users u, generate_series(1, 600) n WHERE u.id = $1`,
        [template.id],
      );
      const title = `Crash issue ${randomBytes(4).toString('hex')}`;
      const created = await request(first.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title, summary: 'Summary', body: 'Body text.' })
        .expect(201);
      const id = (created.body as { id: string }).id;
      await request(first.url).post(`/api/newsletters/${id}/submit`).set(as(author)).expect(200);
      await request(first.url).post(`/api/newsletters/${id}/clear`).set(as(clearer)).expect(200);
      await request(first.url).post(`/api/newsletters/${id}/publish`).set(as(author)).expect(200);
      const { rows: subscribers } = await first.db.query<{ to_address: string }>(
        `SELECT to_address FROM mail_outbox WHERE newsletter_id = $1`,
        [id],
      );
      expect(subscribers.length).toBeGreaterThanOrEqual(600);

      const ofIssue = () => sink.messages.filter((m) => m.subject === title);
      // Killed as a message arrives: others are on the wire at that moment.
      await sink.waitFor(() => ofIssue().length >= 150, 60_000);
      await first.kill();
      const atKill = ofIssue().length;
      expect(atKill).toBeLessThan(subscribers.length);

      const second = await start(env, first.databaseUrl);
      await until(
        'every subscriber to be sent the issue',
        async () => {
          const recipients = new Set(ofIssue().flatMap((m) => m.to));
          return recipients.size >= subscribers.length;
        },
        90_000,
      ).catch(() => undefined);
      await sleep(1500); // a duplicate would arrive now

      const count = new Map<string, number>();
      for (const m of ofIssue()) for (const to of m.to) count.set(to, (count.get(to) ?? 0) + 1);
      const lost = subscribers.map((s) => s.to_address).filter((a) => !count.has(a));
      const twice = [...count].filter(([, n]) => n > 1).map(([a]) => a);
      // Never twice. A copy is lost only when the kill falls in the instant between its row's
      // COMMIT and the SMTP server reading the final "." that leaves with it (no sender can close
      // that instant over SMTP): at most one per SMTP connection the sender keeps (5).
      expect(twice).toEqual([]);
      expect(lost.length).toBeLessThanOrEqual(5);
      // Nothing was left claimed by the dead process: every copy is recorded as sent.
      const { rows: unsent } = await second.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE newsletter_id = $1 AND status <> 'sent'`,
        [id],
      );
      expect(unsent[0].n).toBe(0);
      await second.close();
    }, 240_000);
  });
});
