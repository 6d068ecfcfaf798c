import type { MemberProfile, MembersPage } from '@contracts';
import ICAL from 'ical.js';
import request from 'supertest';
import { buildApplication, createUser, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

interface Seed {
  name: string;
  organisation?: string;
  sector?: string;
  country?: string;
  level?: string | null;
  expertise?: string[];
  bio?: string | null;
  email?: string;
  phone?: string | null;
  website?: string | null;
  visibility?: Record<string, string>;
}

/** A member with a profile, written straight to the database (the trigger indexes it). */
async function member(t: TestApp, s: Seed): Promise<string> {
  const u = await createUser(t.db, {
    name: s.name,
    organisation: s.organisation ?? 'Example University',
    sector: s.sector ?? 'academia',
    country: s.country ?? 'GB',
    ...(s.email ? { email: s.email } : {}),
  });
  await t.db.query(
    `UPDATE users SET level = $2, expertise = $3, bio = $4, phone = $5, website = $6,
            visibility = visibility || $7::jsonb WHERE id = $1`,
    [
      u.id,
      s.level ?? null,
      s.expertise ?? [],
      s.bio ?? null,
      s.phone ?? null,
      s.website ?? null,
      JSON.stringify(s.visibility ?? {}),
    ],
  );
  return u.id;
}

describe('member directory', () => {
  let t: TestApp;
  let viewer: Session;
  let admin: Session;
  const ids: Record<string, string> = {};
  const sockets: TestSocket[] = [];

  const search = async (qs: string, token = viewer.token): Promise<MembersPage> => {
    const res = await request(t.url).get(`/api/members?${qs}`).auth(token, { type: 'bearer' });
    if (res.status !== 200) throw new Error(`${qs}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as MembersPage;
  };
  const names = (p: MembersPage) => p.items.map((m) => m.name);

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await signedInAs(t.db, t.url, 'member');
    admin = await signedInAs(t.db, t.url, 'admin');
    ids.smith = await member(t, {
      name: 'Jonathan Smith',
      organisation: 'University of Leeds',
      expertise: ['money-laundering', 'markets-networks'],
      country: 'GB',
      level: 'national',
      bio: 'Studies professional enablers of criminal finance.',
    });
    ids.smithson = await member(t, {
      name: 'Alice Smithson',
      organisation: 'Europol',
      sector: 'law-enforcement',
      country: 'NL',
      level: 'international',
      expertise: ['cyber-crime'],
      bio: 'Works with Jonathan Smith on cyber-enabled fraud.',
    });
    ids.muller = await member(t, {
      name: 'Jürgen Müller',
      organisation: 'Bundeskriminalamt',
      sector: 'law-enforcement',
      country: 'DE',
      level: 'national',
      expertise: ['drugs', 'firearms-violence-gangs'],
    });
    ids.okafor = await member(t, {
      name: 'Ngozi Okafor',
      organisation: 'UNICRI',
      sector: 'international-organisation',
      country: 'IT',
      level: 'international',
      expertise: ['immigration-trafficking-exploitation', 'victims-vulnerable-groups'],
      bio: 'Research on trafficking routes and the nexus with other crimes.',
    });
    ids.private = await member(t, {
      name: 'Priya Private',
      email: 'priya.private@example.org',
      phone: '+44 20 7946 0000',
      website: 'https://example.org/priya',
      visibility: { email: 'hidden', phone: 'admins', website: 'members' },
      expertise: ['data'],
    });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  describe('relevance', () => {
    it('puts the exact name first', async () => {
      const p = await search('q=Jonathan%20Smith');
      expect(names(p)[0]).toBe('Jonathan Smith');
      expect(names(p)).toContain('Alice Smithson'); // mentions him in her bio
    });

    it('matches name prefixes', async () => {
      expect(names(await search('q=smiths'))).toEqual(['Alice Smithson']);
      expect(names(await search('q=jon'))).toContain('Jonathan Smith');
    });

    it('tolerates a typo in a name', async () => {
      expect(names(await search('q=Jonathon%20Smith'))[0]).toBe('Jonathan Smith');
      expect(names(await search('q=Ngozy%20Okafor'))).toContain('Ngozi Okafor');
    });

    it('folds accents', async () => {
      expect(names(await search('q=muller'))).toEqual(['Jürgen Müller']);
      expect(names(await search('q=J%C3%BCrgen'))).toEqual(['Jürgen Müller']);
    });

    it('finds expertise by its label and organisations by name', async () => {
      expect(names(await search('q=trafficking'))).toContain('Ngozi Okafor');
      expect(names(await search('q=laundering'))).toEqual(['Jonathan Smith']);
      expect(names(await search('q=europol'))).toEqual(['Alice Smithson']);
    });

    it('treats query syntax as words', async () => {
      const p = await search(`q=${encodeURIComponent("smith & ! ' | :* ) (")}`);
      expect(names(p)).toContain('Jonathan Smith');
      await search(`q=${encodeURIComponent('!!! ::: &&&')}`);
    });
  });

  describe('filters and facets', () => {
    it('agree with the items, and a facet ignores its own filter', async () => {
      const p = await search('sector=law-enforcement');
      expect(names(p).sort()).toEqual(['Alice Smithson', 'Jürgen Müller']);
      expect(p.total).toBe(2);
      // Country counts are for the law-enforcement members only …
      expect(p.facets.country).toEqual(
        expect.arrayContaining([
          { id: 'DE', count: 1 },
          { id: 'NL', count: 1 },
        ]),
      );
      expect(p.facets.country.find((c) => c.id === 'GB')).toBeUndefined();
      // … while sector counts ignore the sector filter, so other sectors stay visible.
      const all = await search('limit=100');
      const academia = all.facets.sector.find((s) => s.id === 'academia')!.count;
      expect(p.facets.sector).toEqual(
        expect.arrayContaining([{ id: 'academia', count: academia }]),
      );
      for (const f of all.facets.sector) {
        expect(f.count).toBe(all.items.filter((m) => m.sector === f.id).length);
      }
      for (const f of all.facets.expertise) {
        expect(f.count).toBe(all.items.filter((m) => m.expertise.includes(f.id)).length);
      }
      expect(all.total).toBe(all.items.length);
    });

    it('ORs values of one filter and ANDs filters', async () => {
      const p = await search('country=DE&country=NL&level=international');
      expect(names(p)).toEqual(['Alice Smithson']);
      const q = await search('expertise=drugs,cyber-crime');
      expect(names(q).sort()).toEqual(['Alice Smithson', 'Jürgen Müller']);
      const both = await search('q=smith&sector=academia');
      expect(names(both)).toEqual(['Jonathan Smith']);
    });

    it('keeps the unfiltered counts in step with approvals', async () => {
      const before = await search('limit=1');
      const reg = await request(t.url)
        .post('/api/auth/register')
        .send(buildApplication())
        .expect(201);
      await request(t.url)
        .post(`/api/admin/applications/${reg.body.id}/approve`)
        .auth(admin.token, { type: 'bearer' })
        .expect(200);
      // At once: cached counts are checked against the directory's change counter.
      const after = await search('limit=1');
      expect(after.total).toBe(before.total + 1);
      const academia = (p: MembersPage) =>
        p.facets.sector.find((f) => f.id === 'academia')?.count ?? 0;
      expect(academia(after)).toBe(academia(before) + 1);
    });

    it('with words, agree with the matching items and each ignores its own filter', async () => {
      // Every member matching "national" (a level label is not indexed; organisations and bios
      // are), counted by hand from the unfiltered matches.
      await member(t, {
        name: 'Nadia National',
        organisation: 'National Crime Agency',
        sector: 'law-enforcement',
        country: 'GB',
        level: 'national',
        expertise: ['drugs'],
      });
      await member(t, {
        name: 'Otto Nationale',
        organisation: 'Nationale Politie',
        sector: 'law-enforcement',
        country: 'NL',
        level: 'international',
        expertise: ['drugs', 'cyber-crime'],
      });
      const all = (await search('q=nation&limit=100')).items;
      expect(all.length).toBeGreaterThanOrEqual(2);
      const p = await search('q=nation&sector=law-enforcement&country=NL');
      const want = (keep: (m: MemberProfile) => boolean, key: (m: MemberProfile) => string[]) => {
        const counts = new Map<string, number>();
        for (const m of all.filter(keep)) {
          for (const k of key(m)) counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        return [...counts].map(([id, count]) => ({ id, count }));
      };
      const inSector = (m: MemberProfile) => m.sector === 'law-enforcement';
      const inCountry = (m: MemberProfile) => m.country === 'NL';
      expect(names(p)).toEqual(all.filter((m) => inSector(m) && inCountry(m)).map((m) => m.name));
      expect(p.total).toBe(p.items.length);
      const sorted = (x: Array<{ id: string; count: number }>) =>
        [...x].sort((a, b) => a.id.localeCompare(b.id));
      expect(sorted(p.facets.sector)).toEqual(sorted(want(inCountry, (m) => [m.sector])));
      expect(sorted(p.facets.country)).toEqual(sorted(want(inSector, (m) => [m.country])));
      expect(sorted(p.facets.expertise)).toEqual(
        sorted(
          want(
            (m) => inSector(m) && inCountry(m),
            (m) => m.expertise,
          ),
        ),
      );
      expect(sorted(p.facets.level)).toEqual(
        sorted(
          want(
            (m) => inSector(m) && inCountry(m),
            (m) => (m.level ? [m.level] : []),
          ),
        ),
      );
    });

    it('follows edits and disabling at once', async () => {
      const id = await member(t, { name: 'Quentin Quarrington' });
      expect(names(await search('q=quarrington'))).toEqual(['Quentin Quarrington']);
      await t.db.query(`UPDATE users SET name = 'Quentin Quillfeather' WHERE id = $1`, [id]);
      expect(names(await search('q=quarrington'))).toEqual([]);
      expect(names(await search('q=quillfeather'))).toEqual(['Quentin Quillfeather']);
      await request(t.url)
        .post(`/api/admin/users/${id}/disable`)
        .auth(admin.token, { type: 'bearer' })
        .send({ reason: 'left the network' })
        .expect(200);
      expect(names(await search('q=quillfeather'))).toEqual([]);
      expect((await search('q=quillfeather')).total).toBe(0);
    });

    it('sorts by name on request', async () => {
      const p = await search('q=smith&sort=name');
      expect(names(p)).toEqual(
        [...names(p)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
    });
  });

  describe('paging', () => {
    it('neither repeats nor skips under inserts, by name and by relevance', async () => {
      for (const sort of ['name', 'relevance']) {
        const before = (await search('q=example&limit=100')).items.map((m) => m.id);
        expect(before.length).toBeGreaterThanOrEqual(3);
        const seen: string[] = [];
        let cursor: string | null = null;
        let inserted = 0;
        do {
          const p: MembersPage = await search(
            `q=example&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...p.items.map((m) => m.id));
          cursor = p.nextCursor;
          // Someone joins while we page: before and after the cursor, alphabetically.
          if (inserted < 2) {
            await member(t, {
              name: inserted === 0 ? `Aaron Example ${sort}` : `Zed Example ${sort}`,
              organisation: 'Example Org',
            });
            inserted++;
          }
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        const { rows } = await t.db.query<{ id: string }>(
          `SELECT id FROM users WHERE status = 'approved' AND id = ANY($1)`,
          [seen],
        );
        expect(rows).toHaveLength(seen.length);
        // Everyone who existed when paging began was seen.
        for (const id of before) expect(seen).toContain(id);
      }
    });
  });

  describe('privacy', () => {
    it('shows each contact field only to those who may see it', async () => {
      const asMember = (
        await request(t.url)
          .get(`/api/members/${ids.private}`)
          .auth(viewer.token, { type: 'bearer' })
          .expect(200)
      ).body as MemberProfile;
      expect(asMember).not.toHaveProperty('email');
      expect(asMember).not.toHaveProperty('phone');
      expect(asMember.website).toBe('https://example.org/priya');

      const asAdmin = (
        await request(t.url)
          .get(`/api/members/${ids.private}`)
          .auth(admin.token, { type: 'bearer' })
          .expect(200)
      ).body as MemberProfile;
      expect(asAdmin).not.toHaveProperty('email');
      expect(asAdmin.phone).toBe('+44 20 7946 0000');

      const self = await login(t.url, 'priya.private@example.org');
      const own = (
        await request(t.url)
          .get('/api/members/me')
          .auth(self.accessToken, { type: 'bearer' })
          .expect(200)
      ).body as MemberProfile;
      expect(own).toMatchObject({ email: 'priya.private@example.org', phone: '+44 20 7946 0000' });

      // Search results follow the same rules, and the raw values never appear.
      const p = await search('q=priya');
      expect(JSON.stringify(p)).not.toContain('priya.private@example.org');
      expect(JSON.stringify(p)).not.toContain('7946');
    });

    it('is closed to anonymous callers and applicants', async () => {
      await request(t.url).get('/api/members').expect(401);
      const applicant = await signedInAs(t.db, t.url, 'applicant');
      await request(t.url)
        .get('/api/members')
        .auth(applicant.token, { type: 'bearer' })
        .expect(403);
      await request(t.url)
        .get(`/api/members/${ids.smith}`)
        .auth(applicant.token, { type: 'bearer' })
        .expect(403);
      await request(t.url)
        .get(`/api/members/${ids.smith}/vcard`)
        .auth(applicant.token, { type: 'bearer' })
        .expect(403);
    });

    it('does not list or show pending applicants', async () => {
      const form = buildApplication({ name: 'Pending Person' });
      const reg = await request(t.url).post('/api/auth/register').send(form).expect(201);
      expect(names(await search('q=pending%20person'))).toEqual([]);
      await request(t.url)
        .get(`/api/members/${reg.body.id}`)
        .auth(viewer.token, { type: 'bearer' })
        .expect(404);
    });
  });

  describe('vCard', () => {
    it('is valid vCard 4.0 with only the visible fields, read back by an independent parser', async () => {
      const res = await request(t.url)
        .get(`/api/members/${ids.private}/vcard`)
        .auth(viewer.token, { type: 'bearer' })
        .buffer(true)
        .parse((r, cb) => {
          let data = '';
          r.on('data', (c: Buffer) => (data += c.toString('utf8')));
          r.on('end', () => cb(null, data));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/vcard/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="Priya Private\.vcf"/,
      );
      const card = new ICAL.Component(ICAL.parse(res.body as string) as unknown[]);
      expect(card.name).toBe('vcard');
      expect(card.getFirstPropertyValue('version')).toBe('4.0');
      expect(card.getFirstPropertyValue('fn')).toBe('Priya Private');
      expect(card.getFirstPropertyValue('url')).toBe('https://example.org/priya');
      expect(card.getFirstProperty('email')).toBeNull();
      expect(card.getFirstProperty('tel')).toBeNull();
      expect(card.getFirstPropertyValue('categories')).toBe('Data');
    });

    it('escapes commas, semicolons and newlines and folds long lines', async () => {
      const id = await member(t, {
        name: 'Comma, Semi; Colon',
        organisation: 'Org; with, punctuation',
        bio: `Line one\nLine two with ünïcödé and a long tail ${'x'.repeat(120)}`,
      });
      const res = await request(t.url)
        .get(`/api/members/${id}/vcard`)
        .auth(viewer.token, { type: 'bearer' })
        .buffer(true)
        .parse((r, cb) => {
          let data = '';
          r.on('data', (c: Buffer) => (data += c.toString('utf8')));
          r.on('end', () => cb(null, data));
        })
        .expect(200);
      const text = res.body as string;
      for (const line of text.split('\r\n'))
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
      expect(card.getFirstPropertyValue('fn')).toBe('Comma, Semi; Colon');
      expect(text).toContain('ORG:Org\\; with\\, punctuation');
      expect(card.getFirstPropertyValue('note')).toBe(
        `Line one\nLine two with ünïcödé and a long tail ${'x'.repeat(120)}`,
      );
    });
  });

  describe('editing', () => {
    it('edits my profile, validates each field, and pushes member.updated live', async () => {
      const me = await signedInAs(t.db, t.url, 'member');
      const watcher = connectSocket(t.url, viewer.token);
      sockets.push(watcher);
      await connected(watcher);
      const res = await request(t.url)
        .patch('/api/members/me')
        .auth(me.token, { type: 'bearer' })
        .send({
          title: 'Senior Lecturer',
          level: 'local-regional',
          expertise: ['drugs', 'data'],
          bio: 'County lines and data.',
          orcid: 'https://orcid.org/0000-0002-1825-0097',
          website: 'https://example.ac.uk/me',
          phone: '+44 113 496 0000',
          visibility: { email: 'admins', phone: 'hidden' },
        })
        .expect(200);
      expect(res.body).toMatchObject({
        title: 'Senior Lecturer',
        level: 'local-regional',
        orcid: '0000-0002-1825-0097',
        visibility: { email: 'admins', phone: 'hidden', website: 'members' },
        phone: '+44 113 496 0000',
      });
      const live = await watcher.waitFor(
        (e) =>
          e.type === 'member.updated' &&
          (e.data as { member: MemberProfile }).member.id === me.user.id,
      );
      const pushed = (live.data as { member: MemberProfile }).member;
      expect(pushed).not.toHaveProperty('email');
      expect(pushed).not.toHaveProperty('phone');
      expect(pushed.title).toBe('Senior Lecturer');
      expect(names(await search('q=county%20lines'))).toContain(me.user.name);

      // null clears an optional field
      const cleared = await request(t.url)
        .patch('/api/members/me')
        .auth(me.token, { type: 'bearer' })
        .send({ title: null })
        .expect(200);
      expect(cleared.body.title).toBeNull();
    });

    it.each([
      [{ orcid: '0000-0002-1825-0098' }, 'orcid'],
      [{ orcid: 'abc' }, 'orcid'],
      [{ expertise: ['not-a-topic'] }, 'expertise'],
      [{ expertise: 'drugs' }, 'expertise'],
      [{ website: 'javascript:alert(1)' }, 'website'],
      [{ website: 'ftp://example.org' }, 'website'],
      [{ phone: 'call me' }, 'phone'],
      [{ level: 'galactic' }, 'level'],
      [{ sector: 'pirates' }, 'sector'],
      [{ country: 'XX' }, 'country'],
      [{ name: '' }, 'name'],
      [{ name: '<b>bold</b>' }, 'name'],
      [{ bio: 'x'.repeat(2001) }, 'bio'],
      [{ visibility: { email: 'everyone' } }, 'visibility.email'],
      [{ visibility: { fax: 'members' } }, 'visibility.fax'],
      [{ email: 'new@example.org' }, 'email'],
    ])('refuses bad input #%# naming the field, and changes nothing', async (body, field) => {
      const before = await t.db.query('SELECT * FROM users WHERE id = $1', [viewer.user.id]);
      const notes = await t.db.query('SELECT count(*)::int AS n FROM notifications');
      const res = await request(t.url)
        .patch('/api/members/me')
        .auth(viewer.token, { type: 'bearer' })
        .send(body)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
      const after = await t.db.query('SELECT * FROM users WHERE id = $1', [viewer.user.id]);
      expect(after.rows).toEqual(before.rows);
      expect((await t.db.query('SELECT count(*)::int AS n FROM notifications')).rows).toEqual(
        notes.rows,
      );
    });
  });

  describe('bad input', () => {
    it.each([
      [`q=${'a'.repeat(10_000)}`, 'q'],
      ['expertise=not-a-topic', 'expertise'],
      ['sector=pirates', 'sector'],
      ['country=XX', 'country'],
      ['level=galactic', 'level'],
      ['limit=0', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1000', 'limit'],
      ['cursor=garbage', 'cursor'],
      [
        `cursor=${Buffer.from(JSON.stringify(['relevance', 'NaN', '6f1c2a8e-6f5b-4c1e-9a43-1b2f3c4d5e6f'])).toString('base64url')}`,
        'cursor',
      ],
      ['sort=random', 'sort'],
    ])('GET /api/members with bad query #%# is a 400 naming %2$s', async (qs, field) => {
      const res = await request(t.url)
        .get(`/api/members?${qs}`)
        .auth(viewer.token, { type: 'bearer' })
        .expect(400);
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    });

    it('a name-sorted cursor is refused for a relevance search', async () => {
      const p = await search('sort=name&limit=1');
      const res = await request(t.url)
        .get(`/api/members?q=smith&cursor=${p.nextCursor}`)
        .auth(viewer.token, { type: 'bearer' })
        .expect(400);
      expect(res.body.errors[0].field).toBe('cursor');
    });

    it('non-UUID ids are a 400, unknown ones a 404', async () => {
      await request(t.url)
        .get('/api/members/not-a-uuid')
        .auth(viewer.token, { type: 'bearer' })
        .expect(400);
      await request(t.url)
        .get('/api/members/00000000-0000-4000-8000-000000000000/vcard')
        .auth(viewer.token, { type: 'bearer' })
        .expect(404);
    });
  });
});
