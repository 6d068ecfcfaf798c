import { Secret, TOTP } from 'otpauth';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import yauzl from 'yauzl';
import { createUser, login, PASSWORD, signedInAs, type Session } from '@testing/factories';
import { makeText } from '@testing/files';
import { outboxTexts, subjectsTo } from '@testing/mail-links';
import { connected, connectSocket, disconnected, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Members' data rights: a copy of all their data as one ZIP (theirs only, behind a link that
 * expires), closing their own account, and erasure by an admin on request.
 */

const totpOf = (secret: string) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** Every entry of a ZIP, by name. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Collects a binary response body. */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('data rights: export, closing an account, erasure', () => {
  let t: TestApp;
  let dataDir: string;
  const sockets: TestSocket[] = [];
  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });
  const open = async (token: string) => {
    const s = connectSocket(t.url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };
  const stored = (key: string) => join(dataDir, 'documents', key.slice(0, 2), key.slice(2, 4), key);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ocvrn-rights-'));
    t = await startTestApp({ env: { DATA_DIR: dataDir, PUBLIC_URL: 'http://ocvrn.test' } });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t?.close());

  /** A member with something in every section, each value carrying `tag`. */
  async function memberWithData(tag: string): Promise<{ s: Session; docId: string; file: Buffer }> {
    const s = await signedInAs(t.db, t.url, 'member');
    await t.db.query(`UPDATE users SET bio = $2, phone = $3, title = $4 WHERE id = $1`, [
      s.user.id,
      `Bio ${tag}`,
      '+44 20 7946 0000',
      `Title ${tag}`,
    ]);
    const editor = await signedInAs(t.db, t.url, 'editor');
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 16);
    const end = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString().slice(0, 16);
    const event = await request(t.url)
      .post('/api/events')
      .set(as(editor))
      .send({
        title: `Event ${tag}`,
        kind: 'workshop',
        timezone: 'UTC',
        startsAt: start,
        endsAt: end,
      })
      .expect(201);
    await request(t.url)
      .post(`/api/events/${event.body.id}/registrations`)
      .set(as(s))
      .expect((r) => expect([200, 201]).toContain(r.status));
    const file = makeText(`Findings ${tag}: county lines and cash.`);
    const doc = await request(t.url)
      .post('/api/documents')
      .set(as(s))
      .field('title', `Paper ${tag}`)
      .field('marking', 'OFFICIAL')
      .attach('file', file, `paper-${tag}.txt`)
      .expect(201);
    await t.db.query(
      `INSERT INTO newsletters (title, summary, body, author_id, last_edited_by)
       VALUES ($1, $2, $3, $4, $4)`,
      [`Issue ${tag}`, `Summary ${tag}`, `Body ${tag}`, s.user.id],
    );
    await request(t.url)
      .post('/api/contact')
      .send({
        name: s.user.name,
        email: s.user.email,
        organisation: 'Example Organisation',
        category: 'research_findings',
        subject: `Subject ${tag}`,
        message: `Message ${tag}`,
      })
      .expect(201);
    await t.db.query(`INSERT INTO notifications (type, rooms, data) VALUES ($1, $2, $3)`, [
      'account.roles.changed',
      [`user:${s.user.id}`],
      JSON.stringify({ userId: s.user.id, roles: ['member'], note: `Note ${tag}` }),
    ]);
    return { s, docId: doc.body.id as string, file };
  }

  async function download(s: Session, url: string): Promise<request.Response> {
    return request(t.url).get(url).set(as(s)).buffer(true).parse(binary);
  }

  /** Asks for an export and waits until it is ready (told live); its status answer. */
  async function exportReady(
    s: Session,
  ): Promise<{ id: string; downloadUrl: string; expiresAt: string }> {
    const socket = await open(s.token);
    const asked = await request(t.url).post('/api/account/export').set(as(s)).expect(202);
    expect(asked.body).toEqual({ id: expect.any(String) });
    const event = await socket.waitFor((e) => e.type === 'account.export.ready', 30_000);
    expect(event.data).toEqual({ exportId: asked.body.id, expiresAt: expect.any(String) });
    const status = await request(t.url)
      .get(`/api/account/exports/${asked.body.id}`)
      .set(as(s))
      .expect(200);
    expect(status.body).toMatchObject({ id: asked.body.id, status: 'ready' });
    return status.body;
  }

  it('a ZIP holds every section with the member’s data and nothing of another member’s', async () => {
    const a = await memberWithData('alpha7f3');
    const b = await memberWithData('bravo9k2');
    // A second upload: every file goes in, one after the other.
    const second = makeText('Second paper of alpha7f3, on money laundering.');
    const doc2 = await request(t.url)
      .post('/api/documents')
      .set(as(a.s))
      .field('title', 'Second alpha7f3')
      .field('marking', 'OFFICIAL')
      .attach('file', second, 'second.txt')
      .expect(201);
    // The other member asked for a copy too: their audit rows and export stay theirs.
    await request(t.url).post('/api/account/export').set(as(b.s)).expect(202);

    const ready = await exportReady(a.s);
    const expires = Date.parse(ready.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expires).toBeLessThanOrEqual(7 * 86_400_000);
    expect(ready.downloadUrl).toMatch(
      new RegExp(`^/api/account/exports/${ready.id}/download\\?token=[A-Za-z0-9_-]{43}$`),
    );
    const res = await download(a.s, ready.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const zip = await unzip(res.body as Buffer);
    const json = (name: string) => JSON.parse(zip.get(name)!.toString('utf8')) as unknown;
    expect([...zip.keys()].sort()).toEqual(
      [
        'README.txt',
        'audit.json',
        'contact-threads.json',
        'event-registrations.json',
        'newsletters.json',
        'notifications.json',
        'profile.json',
        'sessions.json',
        'uploads.json',
        `uploads/${a.docId}/v1-paper-alpha7f3.txt`,
        `uploads/${doc2.body.id}/v1-second.txt`,
      ].sort(),
    );
    expect(zip.get('README.txt')!.toString()).toContain('profile.json');
    expect(json('profile.json')).toMatchObject({
      id: a.s.user.id,
      email: a.s.user.email,
      name: a.s.user.name,
      bio: 'Bio alpha7f3',
      phone: '+44 20 7946 0000',
    });
    expect(JSON.stringify(json('profile.json'))).not.toMatch(/password_hash|totp_secret|argon2/);
    expect(json('event-registrations.json')).toEqual([
      expect.objectContaining({ event_title: 'Event alpha7f3', status: 'confirmed' }),
    ]);
    expect(json('uploads.json')).toEqual([
      expect.objectContaining({
        id: a.docId,
        title: 'Paper alpha7f3',
        files: [`uploads/${a.docId}/v1-paper-alpha7f3.txt`],
      }),
      expect.objectContaining({ id: doc2.body.id, title: 'Second alpha7f3' }),
    ]);
    expect(zip.get(`uploads/${a.docId}/v1-paper-alpha7f3.txt`)).toEqual(a.file);
    expect(zip.get(`uploads/${doc2.body.id}/v1-second.txt`)).toEqual(second);
    expect(json('newsletters.json')).toEqual([
      expect.objectContaining({ title: 'Issue alpha7f3', body: 'Body alpha7f3' }),
    ]);
    expect(json('contact-threads.json')).toEqual([
      expect.objectContaining({
        subject: 'Subject alpha7f3',
        sender_email: a.s.user.email,
        messages: [expect.objectContaining({ from: 'you', body: 'Message alpha7f3' })],
      }),
    ]);
    expect(json('notifications.json')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ data: expect.objectContaining({ note: 'Note alpha7f3' }) }),
      ]),
    );
    const { rows: sessions } = await t.db.query<{ id: string }>(
      'SELECT id FROM sessions WHERE user_id = $1 ORDER BY created_at',
      [a.s.user.id],
    );
    expect(sessions.length).toBeGreaterThan(0);
    expect((json('sessions.json') as { id: string }[]).map((x) => x.id)).toEqual(
      sessions.map((x) => x.id),
    );
    expect(json('audit.json')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'account.export.requested',
          detail: { exportId: ready.id },
        }),
      ]),
    );
    // Nothing of the other member anywhere in the archive.
    for (const [name, content] of zip) {
      const text = content.toString('utf8');
      for (const theirs of [b.s.user.id, b.s.user.email, b.s.user.name, 'bravo9k2', b.docId]) {
        expect({ name, found: text.includes(theirs) }).toEqual({ name, found: false });
      }
    }
    // Told by email too.
    const subjects = await subjectsTo(t.db, a.s.user.email);
    expect(subjects.filter((s) => s.includes('data'))).toEqual([
      'Your OCVRN data is ready to download',
    ]);
    const texts = await outboxTexts(t.db, a.s.user.email);
    expect(
      texts[subjects.length - 1 - subjects.indexOf('Your OCVRN data is ready to download')],
    ).toContain('http://ocvrn.test/account#your-data');
  });

  it('the link needs its owner and its token, and is gone (410) once expired; the file goes', async () => {
    const owner = await signedInAs(t.db, t.url, 'member');
    const other = await signedInAs(t.db, t.url, 'member');
    const ready = await exportReady(owner);
    const [{ file_key: key }] = (
      await t.db.query<{ file_key: string }>('SELECT file_key FROM data_exports WHERE id = $1', [
        ready.id,
      ])
    ).rows;
    expect(existsSync(stored(key))).toBe(true);

    expect((await download(other, ready.downloadUrl)).status).toBe(404);
    await request(t.url).get(`/api/account/exports/${ready.id}`).set(as(other)).expect(404);
    await request(t.url).get(ready.downloadUrl).expect(401);
    const bare = ready.downloadUrl.replace(/\?.*$/, '');
    expect((await download(owner, bare)).status).toBe(404);
    expect((await download(owner, `${bare}?token=${'A'.repeat(43)}`)).status).toBe(404);
    expect((await download(owner, ready.downloadUrl)).status).toBe(200);

    // Seven days later, as the row tells it.
    await t.db.query(
      `UPDATE data_exports SET expires_at = now() - interval '1 second', ready_at = now() - interval '7 days'
        WHERE id = $1`,
      [ready.id],
    );
    const gone = await download(owner, ready.downloadUrl);
    expect(gone.status).toBe(410);
    expect(gone.headers['content-type']).toMatch(/application\/problem\+json/);
    const status = await request(t.url)
      .get(`/api/account/exports/${ready.id}`)
      .set(as(owner))
      .expect(200);
    expect(status.body).toMatchObject({ status: 'expired', downloadUrl: null });
    const { rows } = await t.db.query('SELECT status, file_key FROM data_exports WHERE id = $1', [
      ready.id,
    ]);
    expect(rows[0]).toEqual({ status: 'expired', file_key: null });
    expect(existsSync(stored(key))).toBe(false);
    expect((await download(owner, ready.downloadUrl)).status).toBe(410);
  });

  it('a parallel burst of requests makes one export; a second the same day is refused', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => request(t.url).post('/api/account/export').set(as(s))),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 429, 429, 429, 429, 429, 429, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body.code).toBe('RATE_LIMITED');
    const { rows } = await t.db.query('SELECT id FROM data_exports WHERE user_id = $1', [
      s.user.id,
    ]);
    expect(rows).toHaveLength(1);
    await request(t.url).post('/api/account/export').set(as(s)).expect(429);
  });

  it('one export at a time: a request while one is still pending is refused', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    // One left pending (as from a day before, its limit window over).
    await t.db.query(`INSERT INTO data_exports (user_id) VALUES ($1)`, [s.user.id]);
    const res = await request(t.url).post('/api/account/export').set(as(s));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EXPORT_IN_PROGRESS');
    const { rows } = await t.db.query('SELECT status FROM data_exports WHERE user_id = $1', [
      s.user.id,
    ]);
    expect(rows).toEqual([{ status: 'pending' }]);
  });

  describe('closing one’s own account', () => {
    async function member() {
      const s = await signedInAs(t.db, t.url, 'member');
      const second = await login(t.url, s.user.email);
      await t.db.query(
        `UPDATE users SET bio = 'My bio', phone = '+44 161 496 0000', website = 'https://example.org',
                organisation = 'Leeds', expertise = '{drugs}', title = 'Dr'
          WHERE id = $1`,
        [s.user.id],
      );
      await t.db.query(`INSERT INTO newsletter_subscriptions (user_id) VALUES ($1)`, [s.user.id]);
      await t.db.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, '\\x00')`, [
        s.user.id,
      ]);
      const doc = await request(t.url)
        .post('/api/documents')
        .set(as(s))
        .field('title', `Their paper ${s.user.id.slice(0, 6)}`)
        .field('marking', 'OFFICIAL')
        .attach('file', makeText(`Paper of ${s.user.id}`), 'paper.txt')
        .expect(201);
      return { s, second: second.accessToken, docId: doc.body.id as string };
    }
    const profile = async (id: string) =>
      (
        await t.db.query(
          `SELECT name, email, phone, bio, website, organisation, expertise, title, status,
                  erased_at IS NOT NULL AS erased, totp_secret
             FROM users WHERE id = $1`,
          [id],
        )
      ).rows[0];

    it('refuses bad input and a wrong password, changing nothing', async () => {
      const { s } = await member();
      const before = await profile(s.user.id);
      for (const body of [
        { password: 'not my password at all', keepUploads: true },
        { password: PASSWORD },
        { password: PASSWORD, keepUploads: 'yes' },
        { keepUploads: false },
        { password: PASSWORD, keepUploads: true, extra: 1 },
      ]) {
        const res = await request(t.url).delete('/api/account').set(as(s)).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      const wrong = await request(t.url)
        .delete('/api/account')
        .set(as(s))
        .send({ password: 'still not my password', keepUploads: false });
      expect(wrong.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'password', message: expect.any(String) }],
      });
      expect(await profile(s.user.id)).toEqual(before);
      const { rows: docs } = await t.db.query(
        'SELECT count(*)::int AS n FROM documents WHERE uploader_id = $1',
        [s.user.id],
      );
      expect(docs[0].n).toBe(1);
      await request(t.url).get('/api/auth/me').set(as(s)).expect(200);
      // Export routes check their ids too.
      await request(t.url).get('/api/account/exports/not-a-uuid').set(as(s)).expect(400);
      await request(t.url)
        .get('/api/account/exports/not-a-uuid/download')
        .query({ token: 'x' })
        .set(as(s))
        .expect(400);
    });

    it('erases the profile, ends sessions and sockets, keeps uploads as “Former member”', async () => {
      const { s, second, docId } = await member();
      const viewer = await signedInAs(t.db, t.url, 'member');
      const socket = await open(s.token);
      const dropped = disconnected(socket);

      const res = await request(t.url)
        .delete('/api/account')
        .set(as(s))
        .send({ password: PASSWORD, keepUploads: true })
        .expect(202);
      expect(res.body).toEqual({ id: s.user.id, erased: true, uploadsRemoved: 0 });
      await dropped;

      expect(await profile(s.user.id)).toEqual({
        name: 'Former member',
        email: `erased-${s.user.id}@erased.invalid`,
        phone: null,
        bio: null,
        website: null,
        organisation: '',
        expertise: [],
        title: null,
        status: 'disabled',
        erased: true,
        totp_secret: null,
      });
      const left = await t.db.query(
        `SELECT (SELECT count(*)::int FROM sessions WHERE user_id = $1) AS sessions,
                (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1) AS codes,
                (SELECT count(*)::int FROM newsletter_subscriptions WHERE user_id = $1) AS subs`,
        [s.user.id],
      );
      expect(left.rows[0]).toEqual({ sessions: 0, codes: 0, subs: 0 });
      await request(t.url).get('/api/auth/me').set(as(s)).expect(401);
      await request(t.url)
        .get('/api/auth/me')
        .set(as({ token: second }))
        .expect(401);
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: s.user.email, password: PASSWORD })
        .expect(401);

      // The upload stays, by "Former member"; the directory no longer has them.
      const doc = await request(t.url).get(`/api/documents/${docId}`).set(as(viewer)).expect(200);
      expect(JSON.stringify(doc.body)).not.toContain(s.user.name);
      const { rows: docs } = await t.db.query('SELECT uploader_id FROM documents WHERE id = $1', [
        docId,
      ]);
      expect(docs).toEqual([{ uploader_id: s.user.id }]);
      await request(t.url).get(`/api/members/${s.user.id}`).set(as(viewer)).expect(404);
      const list = await request(t.url)
        .get('/api/members')
        .query({ q: s.user.name })
        .set(as(viewer))
        .expect(200);
      expect(list.body.items.map((m: { id: string }) => m.id)).not.toContain(s.user.id);

      // A new audit row names the account id only; none before it changed.
      const { rows: audit } = await t.db.query(
        `SELECT actor_id, target_id, detail FROM audit_log WHERE action = 'account.closed' AND target_id = $1`,
        [s.user.id],
      );
      expect(audit).toEqual([
        { actor_id: s.user.id, target_id: s.user.id, detail: { uploads: 'kept' } },
      ]);
    });

    it('with a second factor on the account, also asks for a fresh one (step-up)', async () => {
      const { s } = await member();
      const setup = await request(t.url).post('/api/auth/mfa/totp').set(as(s)).expect(200);
      const secret: string = setup.body.secret;
      await request(t.url)
        .post('/api/auth/mfa/totp/confirm')
        .set(as(s))
        .send({ code: totpOf(secret).generate() })
        .expect(200);
      const body = { password: PASSWORD, keepUploads: true };
      const stale = await request(t.url).delete('/api/account').set(as(s)).send(body);
      expect(stale.status).toBe(401);
      expect(stale.body.code).toBe('STEP_UP_REQUIRED');
      expect((await profile(s.user.id)).erased).toBe(false);
      const up = await request(t.url)
        .post('/api/auth/step-up')
        .set(as(s))
        .send({ code: totpOf(secret).generate({ timestamp: Date.now() + 30_000 }) })
        .expect(200);
      await request(t.url)
        .delete('/api/account')
        .set(as({ token: up.body.accessToken as string }))
        .send(body)
        .expect(202);
      expect(await profile(s.user.id)).toMatchObject({ erased: true, totp_secret: null });
      const { rows } = await t.db.query('SELECT totp_confirmed_at FROM users WHERE id = $1', [
        s.user.id,
      ]);
      expect(rows[0].totp_confirmed_at).toBeNull();
    });

    it('removes the uploads, and their files, when asked', async () => {
      const { s, docId } = await member();
      const { rows } = await t.db.query<{ sha256: string }>(
        'SELECT sha256 FROM document_versions WHERE document_id = $1',
        [docId],
      );
      expect(existsSync(stored(rows[0].sha256))).toBe(true);
      const res = await request(t.url)
        .delete('/api/account')
        .set(as(s))
        .send({ password: PASSWORD, keepUploads: false })
        .expect(202);
      expect(res.body.uploadsRemoved).toBe(1);
      const { rows: docs } = await t.db.query('SELECT id FROM documents WHERE id = $1', [docId]);
      expect(docs).toEqual([]);
      expect(existsSync(stored(rows[0].sha256))).toBe(false);
    });
  });

  describe('erasure by an admin', () => {
    /** An admin with an authenticator app, and a token fresh from a step-up. */
    async function adminWithFactor() {
      const admin = await signedInAs(t.db, t.url, 'admin');
      const setup = await request(t.url).post('/api/auth/mfa/totp').set(as(admin)).expect(200);
      const secret: string = setup.body.secret;
      await request(t.url)
        .post('/api/auth/mfa/totp/confirm')
        .set(as(admin))
        .send({ code: totpOf(secret).generate() })
        .expect(200);
      const up = await request(t.url)
        .post('/api/auth/step-up')
        .set(as(admin))
        .send({ code: totpOf(secret).generate({ timestamp: Date.now() + 30_000 }) })
        .expect(200);
      return { admin, fresh: up.body.accessToken as string };
    }
    const erase = (token: string, id: string, body: object) =>
      request(t.url).post(`/api/admin/users/${id}/erase`).set(as({ token })).send(body);
    const nameOf = async (id: string) =>
      (await t.db.query('SELECT name FROM users WHERE id = $1', [id])).rows[0].name as string;

    it('needs an admin with a fresh second factor, not oneself, and a reason', async () => {
      const target = await createUser(t.db);
      const member = await signedInAs(t.db, t.url, 'member');
      const plainAdmin = await signedInAs(t.db, t.url, 'admin');
      const body = { reason: 'Asked by email', keepUploads: true };

      expect((await erase(member.token, target.id, body)).status).toBe(403);
      const noFactor = await erase(plainAdmin.token, target.id, body);
      expect(noFactor.status).toBe(403);
      expect(noFactor.body.code).toBe('FACTOR_REQUIRED');

      const { admin, fresh } = await adminWithFactor();
      const stale = await erase(admin.token, target.id, body);
      expect(stale.status).toBe(401);
      expect(stale.body.code).toBe('STEP_UP_REQUIRED');

      const self = await erase(fresh, admin.user.id, body);
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('CANNOT_CHANGE_OWN_ACCOUNT');
      for (const bad of [
        { keepUploads: true },
        { reason: '', keepUploads: true },
        { reason: 'x' },
      ]) {
        expect((await erase(fresh, target.id, bad)).status).toBe(400);
      }
      expect((await erase(fresh, 'not-a-uuid', body)).status).toBe(400);
      expect(await nameOf(target.id)).toBe(target.name);
      expect(await nameOf(admin.user.id)).toBe(admin.user.name);

      const done = await erase(fresh, target.id, body).expect(200);
      expect(done.body).toEqual({ id: target.id, erased: true, uploadsRemoved: 0 });
      expect(await nameOf(target.id)).toBe('Former member');
      const { rows } = await t.db.query(
        `SELECT actor_id, detail FROM audit_log WHERE action = 'user.erased' AND target_id = $1`,
        [target.id],
      );
      expect(rows).toEqual([
        { actor_id: admin.user.id, detail: { reason: 'Asked by email', uploads: 'kept' } },
      ]);
      const again = await erase(fresh, target.id, body);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ACCOUNT_ERASED');
      // An erased account cannot be enabled again.
      const enable = await request(t.url)
        .post(`/api/admin/users/${target.id}/enable`)
        .set(as({ token: fresh }));
      expect(enable.status).toBe(409);
    });

    // Last, as it takes the admin role from everyone else.
    it('never erases the last admin: closing that account is refused', async () => {
      const last = await signedInAs(t.db, t.url, 'admin');
      await t.db.query(
        `UPDATE users SET roles = array_remove(roles, 'admin') WHERE id <> $1 AND 'admin' = ANY(roles)`,
        [last.user.id],
      );
      const res = await request(t.url)
        .delete('/api/account')
        .set(as(last))
        .send({ password: PASSWORD, keepUploads: true });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LAST_ADMIN');
      expect(await nameOf(last.user.id)).toBe(last.user.name);
      await request(t.url).get('/api/auth/me').set(as(last)).expect(200);
    });
  });
});
