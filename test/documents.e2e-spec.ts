import type { DocumentsPage, LibraryDocument, RealtimeEnvelope } from '@contracts';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { signedInAs, type Session } from '@testing/factories';
import {
  makeCsv,
  makeDocx,
  makeElf,
  makeJpeg,
  makeManyPagePdf,
  makeMarkdown,
  makeOds,
  makeOdt,
  makePdf,
  makePng,
  makePptx,
  makeText,
  makeXlsx,
  makeZipBomb,
} from '@testing/files';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

const MAX_UPLOAD_MB = 3;
/** PDFs larger than this are held for review unread. */
const INSPECTION_MAX_PDF_MB = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under a directory, recursively (storage and temporary uploads). */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      statSync(join(dir, f)).isFile(),
    );
  } catch {
    return [];
  }
}

/** A unique word, so each test finds its own documents. */
/** The document an event is about. */
const idOf = (e: RealtimeEnvelope) => (e.data as { id?: string }).id;

const word = () => `w${randomBytes(5).toString('hex')}`;

interface UploadFields {
  title?: string;
  marking?: string;
  abstract?: string;
  authors?: string[];
  year?: string;
  topics?: string[];
  crimeTypes?: string[];
  language?: string;
  source?: string;
}

describe('document library', () => {
  let t: TestApp;
  let dataDir: string;
  let uploader: Session;
  let reader: Session;
  let moderator: Session;
  const sockets: TestSocket[] = [];

  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });
  const storageDir = () => join(dataDir, 'documents');
  const tmpUploads = () => join(dataDir, 'tmp', 'uploads');

  function upload(
    session: Session,
    file: Buffer | null,
    name: string,
    fields: UploadFields = {},
  ): request.Test {
    const req = request(t.url).post('/api/documents').set(as(session));
    const all: UploadFields = { title: `Document ${word()}`, marking: 'OFFICIAL', ...fields };
    for (const [key, value] of Object.entries(all)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) void req.field(key, v as string);
    }
    // form-data sends only a name's base unless it is given as a path.
    if (file)
      void req.attach(
        'file',
        file,
        name.includes('/') ? ({ filepath: name } as unknown as { filename: string }) : name,
      );
    return req;
  }

  async function counts(): Promise<{ documents: number; versions: number; stored: number }> {
    const { rows } = await t.db.query<{ d: number; v: number }>(
      `SELECT (SELECT count(*)::int FROM documents) AS d,
              (SELECT count(*)::int FROM document_versions) AS v`,
    );
    return { documents: rows[0].d, versions: rows[0].v, stored: filesUnder(storageDir()).length };
  }

  async function socketOf(session: Session): Promise<TestSocket> {
    const socket = connectSocket(t.url, session.token);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  function download(
    session: Session,
    id: string,
    headers: Record<string, string> = {},
  ): request.Test {
    const req = request(t.url)
      .get(`/api/documents/${id}/download`)
      .set(as(session))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    for (const [k, v] of Object.entries(headers)) void req.set(k, v);
    return req;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ocvrn-library-'));
    t = await startTestApp({
      env: {
        DATA_DIR: dataDir,
        MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
        INSPECTION_MAX_PDF_MB: String(INSPECTION_MAX_PDF_MB),
      },
    });
    uploader = await signedInAs(t.db, t.url, 'member');
    reader = await signedInAs(t.db, t.url, 'member');
    moderator = await signedInAs(t.db, t.url, 'moderator');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  describe('accepted types', () => {
    const cases: [string, string, () => Buffer, string][] = [
      [
        'pdf',
        'report.pdf',
        () => makePdf({ pages: ['Cocaine markets in Europe'] }),
        'application/pdf',
      ],
      [
        'docx',
        'notes.docx',
        () => makeDocx({ paragraphs: ['Fraud typologies'] }),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [
        'xlsx',
        'data.xlsx',
        () =>
          makeXlsx({
            rows: [
              ['county', 'seizures'],
              ['Kent', '12'],
            ],
          }),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      [
        'pptx',
        'slides.pptx',
        () => makePptx({ slides: ['County lines'] }),
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ],
      [
        'odt',
        'paper.odt',
        () => makeOdt({ paragraphs: ['Harm index'] }),
        'application/vnd.oasis.opendocument.text',
      ],
      [
        'ods',
        'table.ods',
        () => makeOds({ rows: [['a', 'b']] }),
        'application/vnd.oasis.opendocument.spreadsheet',
      ],
      ['txt', 'readme.txt', () => makeText('Plain notes on gangs'), 'text/plain'],
      [
        'csv',
        'rows.csv',
        () =>
          makeCsv([
            ['x', 'y'],
            ['1', '2'],
          ]),
        'text/csv',
      ],
      ['md', 'summary.md', () => makeMarkdown('# Summary\n\nText.'), 'text/markdown'],
      ['png', 'chart.png', () => makePng(), 'image/png'],
      ['jpeg', 'photo.jpg', () => makeJpeg(), 'image/jpeg'],
    ];

    it.each(cases)(
      'takes a %s by its content and gives it back byte for byte',
      async (type, name, make, mime) => {
        const file = Buffer.concat([make(), Buffer.alloc(0)]);
        const res = await upload(uploader, file, name).expect(201);
        const doc = res.body as LibraryDocument;
        // An image's picture cannot be read for markings: it waits for a moderator.
        const image = type === 'png' || type === 'jpeg';
        expect(doc).toMatchObject({
          status: image ? 'quarantined' : 'published',
          type,
          size: file.length,
          sha256: sha256(file),
          fileName: name,
          version: 1,
          uploaderId: uploader.user.id,
        });
        expect(doc.mime.split(';')[0]).toBe(mime);
        expect(res.headers.location).toBe(`/api/documents/${doc.id}`);
        const got = await download(image ? uploader : reader, doc.id).expect(200);
        expect(Buffer.compare(got.body as Buffer, file)).toBe(0);
        expect(got.headers['content-type']).toContain(mime);
      },
    );
  });

  it('keeps metadata and points an identical file to the document already there', async () => {
    const file = makePdf({ pages: [`Unique ${word()}`] });
    const first = await upload(uploader, file, 'one.pdf', {
      title: 'Mapping county lines',
      abstract: 'Where the lines run.',
      authors: ['Smith, J.', 'Okafor, A.'],
      year: '2024',
      topics: ['markets-networks'],
      crimeTypes: ['drugs'],
      language: 'en-GB',
      source: '10.1000/xyz123',
    }).expect(201);
    expect(first.body).toMatchObject({
      title: 'Mapping county lines',
      authors: ['Smith, J.', 'Okafor, A.'],
      year: 2024,
      topics: ['markets-networks'],
      crimeTypes: ['drugs'],
      language: 'en-GB',
      source: '10.1000/xyz123',
      marking: 'OFFICIAL',
    });
    const before = await counts();
    const again = await upload(reader, file, 'copy.pdf').expect(200);
    expect(again.body).toMatchObject({ id: (first.body as LibraryDocument).id, duplicate: true });
    expect(await counts()).toEqual(before);
  });

  describe('refusals change nothing', () => {
    const refusals: [string, () => request.Test, number, string][] = [
      [
        'an executable named .pdf',
        () => upload(uploader, makeElf(), 'report.pdf'),
        415,
        'FILE_TYPE_REFUSED',
      ],
      ['an executable', () => upload(uploader, makeElf(), 'tool'), 415, 'FILE_TYPE_REFUSED'],
      [
        'a PDF named .docx',
        () => upload(uploader, makePdf({ pages: ['x'] }), 'a.docx'),
        415,
        'FILE_TYPE_REFUSED',
      ],
      [
        'a text file named .png',
        () => upload(uploader, makeText('hello'), 'a.png'),
        415,
        'FILE_TYPE_REFUSED',
      ],
      [
        'a SECRET declaration',
        () => upload(uploader, makeText('x'), 'a.txt', { marking: 'SECRET' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an OFFICIAL-SENSITIVE declaration',
        () => upload(uploader, makeText('x'), 'a.txt', { marking: 'OFFICIAL-SENSITIVE' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no marking',
        () => upload(uploader, makeText('x'), 'a.txt', { marking: undefined }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no title',
        () => upload(uploader, makeText('x'), 'a.txt', { title: undefined }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown topic',
        () => upload(uploader, makeText('x'), 'a.txt', { topics: ['no-such'] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a crime type as topic',
        () => upload(uploader, makeText('x'), 'a.txt', { topics: ['drugs'] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a future year',
        () => upload(uploader, makeText('x'), 'a.txt', { year: '3000' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a bad source',
        () => upload(uploader, makeText('x'), 'a.txt', { source: 'javascript:alert(1)' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['an empty file', () => upload(uploader, Buffer.alloc(0), 'empty.txt'), 400, 'FILE_EMPTY'],
      ['no file', () => upload(uploader, null, ''), 400, 'FILE_MISSING'],
      [
        'a path in the name',
        () => upload(uploader, makeText('x'), '../../etc/passwd.txt'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'an unknown field',
        () => upload(uploader, makeText('x'), 'a.txt').field('status', 'published'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a file over MAX_UPLOAD_MB',
        () => upload(uploader, randomBytes(MAX_UPLOAD_MB * 1024 * 1024 + 10), 'big.txt'),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'JSON instead of multipart',
        () => request(t.url).post('/api/documents').set(as(uploader)).send({ title: 'x' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'multipart to a JSON route',
        () =>
          request(t.url)
            .post('/api/newsletters')
            .set(as(uploader))
            .field('title', 'x')
            .attach('file', makeText('x'), 'a.txt'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
    ];

    it.each(refusals)('refuses %s', async (_label, send, status, code) => {
      const before = await counts();
      let res: request.Response;
      try {
        res = await send();
      } catch (err) {
        // An oversize body may see its connection closed after the 413 went out.
        if (status !== 413) throw err;
        return;
      }
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code });
      expect(await counts()).toEqual(before);
      expect(filesUnder(tmpUploads())).toEqual([]);
    });

    it('says what the refused content is', async () => {
      const res = await upload(uploader, makeElf(), 'report.pdf').expect(415);
      expect((res.body as { detail: string }).detail).toMatch(/pdf|executable|not accepted/i);
    });
  });

  describe('markings', () => {
    it('quarantines a PDF carrying SECRET, tells moderators and the uploader, and hides it', async () => {
      const modSocket = await socketOf(moderator);
      const upSocket = await socketOf(uploader);
      const readerSocket = await socketOf(reader);
      const w = word();
      const res = await upload(
        uploader,
        makePdf({ pages: ['SECRET', `Operational details ${w}`, 'SECRET'] }),
        'leak.pdf',
      ).expect(201);
      const doc = res.body as LibraryDocument;
      expect(doc.status).toBe('quarantined');
      expect(doc.review?.markingsFound).toEqual(['SECRET']);
      const seen = await modSocket.waitFor(
        (e) => e.type === 'document.quarantined' && idOf(e) === doc.id,
      );
      expect(seen.data).toMatchObject({ title: doc.title, markingsFound: ['SECRET'] });
      await upSocket.waitFor((e) => e.type === 'document.quarantined' && idOf(e) === doc.id);

      await request(t.url).get(`/api/documents/${doc.id}`).set(as(reader)).expect(404);
      await download(reader, doc.id).expect(404);
      const search = await request(t.url).get(`/api/documents?q=${w}`).set(as(reader)).expect(200);
      expect((search.body as DocumentsPage).items).toEqual([]);
      await request(t.url).get('/api/documents?status=quarantined').set(as(reader)).expect(403);
      const queue = await request(t.url)
        .get('/api/documents?status=quarantined')
        .set(as(moderator))
        .expect(200);
      expect((queue.body as DocumentsPage).items.map((d) => d.id)).toContain(doc.id);
      await sleep(300);
      expect(readerSocket.events.filter((e) => idOf(e) === doc.id)).toEqual([]);
    });

    it('finds markings in Word headers and sensitivity labels, not in research prose', async () => {
      const header = await upload(
        uploader,
        makeDocx({ paragraphs: ['Findings'], header: 'OFFICIAL-SENSITIVE' }),
        'h.docx',
      ).expect(201);
      expect(header.body).toMatchObject({ status: 'quarantined' });
      expect((header.body as LibraryDocument).review?.markingsFound).toEqual([
        'OFFICIAL-SENSITIVE',
      ]);

      const label = await upload(
        uploader,
        makeDocx({ paragraphs: ['Findings'], sensitivityLabel: 'Secret' }),
        'l.docx',
      ).expect(201);
      expect(label.body).toMatchObject({ status: 'quarantined' });

      const prose = await upload(
        uploader,
        makeDocx({
          paragraphs: [
            'Informants keep their identity secret and some data is restricted to researchers.',
            'THE SECRET LIFE OF GANGS',
            'Classification: OFFICIAL',
          ],
        }),
        'prose.docx',
      ).expect(201);
      expect(prose.body).toMatchObject({ status: 'published' });
    });

    it('approves with the uploader told live, and the library shows it', async () => {
      const upSocket = await socketOf(uploader);
      const readerSocket = await socketOf(reader);
      const w = word();
      const res = await upload(
        uploader,
        makePdf({ pages: ['TOP SECRET', `Body ${w}`] }),
        'a.pdf',
      ).expect(201);
      const doc = res.body as LibraryDocument;
      expect(doc.review?.markingsFound).toEqual(['TOP SECRET']);
      await request(t.url)
        .post(`/api/documents/${doc.id}/approve`)
        .set(as(reader))
        .send({})
        .expect(403);
      const approved = await request(t.url)
        .post(`/api/documents/${doc.id}/approve`)
        .set(as(moderator))
        .send({ reason: 'A historic marking, since downgraded' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'published',
        review: { decision: 'approved', reviewerId: moderator.user.id },
      });
      const told = await upSocket.waitFor(
        (e) => e.type === 'document.reviewed' && idOf(e) === doc.id,
      );
      expect(told.data).toMatchObject({ decision: 'approved' });
      await readerSocket.waitFor((e) => e.type === 'document.published' && idOf(e) === doc.id);
      const search = await request(t.url).get(`/api/documents?q=${w}`).set(as(reader)).expect(200);
      expect((search.body as DocumentsPage).items.map((d) => d.id)).toEqual([doc.id]);
      await request(t.url)
        .post(`/api/documents/${doc.id}/approve`)
        .set(as(moderator))
        .send({})
        .expect(409);
      const { rows } = await t.db.query(
        `SELECT action FROM audit_log WHERE target_id = $1 AND actor_id = $2`,
        [doc.id, moderator.user.id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['document.approved']);
    });

    it('rejects with a reason: the file and its text are deleted, the uploader told', async () => {
      const upSocket = await socketOf(uploader);
      const file = makePdf({ pages: ['RESTRICTED', `Names ${word()}`] });
      const res = await upload(uploader, file, 'r.pdf').expect(201);
      const doc = res.body as LibraryDocument;
      expect(filesUnder(storageDir())).toContain(
        join(doc.sha256.slice(0, 2), doc.sha256.slice(2, 4), doc.sha256),
      );
      await request(t.url)
        .post(`/api/documents/${doc.id}/reject`)
        .set(as(moderator))
        .send({})
        .expect(400);
      const rejected = await request(t.url)
        .post(`/api/documents/${doc.id}/reject`)
        .set(as(moderator))
        .send({ reason: 'Carries a RESTRICTED marking' })
        .expect(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        review: { decision: 'rejected', reason: 'Carries a RESTRICTED marking' },
      });
      const told = await upSocket.waitFor(
        (e) => e.type === 'document.reviewed' && idOf(e) === doc.id,
      );
      expect(told.data).toMatchObject({
        decision: 'rejected',
        reason: 'Carries a RESTRICTED marking',
      });
      expect(filesUnder(storageDir()).some((f) => f.endsWith(doc.sha256))).toBe(false);
      const { rows } = await t.db.query(
        `SELECT text FROM document_versions WHERE document_id = $1`,
        [doc.id],
      );
      expect(rows).toEqual([{ text: '' }]);
      await download(uploader, doc.id).expect(404);
      const mine = await request(t.url)
        .get('/api/documents?mine=true')
        .set(as(uploader))
        .expect(200);
      expect((mine.body as DocumentsPage).items.find((d) => d.id === doc.id)?.status).toBe(
        'rejected',
      );
    });

    it('stops inspecting a zip bomb and a 100,000-page PDF in time and sends both to review', async () => {
      const bomb = await upload(uploader, makeZipBomb(), 'bomb.docx').expect(201);
      expect(bomb.body).toMatchObject({ status: 'quarantined' });
      expect((bomb.body as LibraryDocument).review?.foundIn.join(' ')).toMatch(
        /not fully inspected/,
      );
      const health = await request(t.url).get('/api/health');
      expect(health.status).toBe(200);
      const pages = await upload(uploader, makeManyPagePdf(100_000), 'long.pdf').expect(201);
      expect(pages.body).toMatchObject({ status: 'quarantined' });
      expect((pages.body as LibraryDocument).review?.foundIn.join(' ')).toMatch(
        /not fully inspected/,
      );
    });
  });

  describe('what inspection cannot read', () => {
    const notFully = (res: request.Response) =>
      ((res.body as LibraryDocument).review?.foundIn ?? []).filter((f) =>
        f.startsWith('not fully inspected: '),
      );

    it('holds an image for review, with its metadata checked and the reason given', async () => {
      const plain = await upload(uploader, makePng(17, 9), 'plain.png').expect(201);
      expect(plain.body).toMatchObject({ status: 'quarantined' });
      expect(notFully(plain)).toEqual([
        'not fully inspected: The file is an image: only its descriptions (XMP, EXIF, IPTC) ' +
          'were checked for markings, not the picture itself.',
      ]);
      await download(reader, (plain.body as LibraryDocument).id).expect(404);
      const marked = await upload(
        uploader,
        makeJpeg(16, 16, { xmp: { title: `SECRET` } }),
        'marked.jpg',
      ).expect(201);
      expect((marked.body as LibraryDocument).review?.markingsFound).toEqual(['SECRET']);
      const queue = await request(t.url)
        .get('/api/documents?status=quarantined')
        .set(as(moderator))
        .expect(200);
      const held = (queue.body as DocumentsPage).items.find(
        (d) => d.id === (plain.body as LibraryDocument).id,
      );
      expect(held?.review?.foundIn.join(' ')).toMatch(/not fully inspected: The file is an image/);
    });

    it('reads an embedded workbook, and holds a Word file with an OLE object for review', async () => {
      const chart = await upload(
        uploader,
        makeDocx({
          paragraphs: [`Seizures ${word()}`],
          parts: [
            {
              name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx',
              data: makeXlsx({ rows: [['Port']], header: 'OFFICIAL-SENSITIVE' }),
            },
          ],
        }),
        'chart.docx',
      ).expect(201);
      expect(chart.body).toMatchObject({
        status: 'quarantined',
        review: {
          markingsFound: ['OFFICIAL-SENSITIVE'],
          foundIn: [
            'OFFICIAL-SENSITIVE: header (in word/embeddings/Microsoft_Excel_Worksheet.xlsx)',
          ],
        },
      });
      const ole = await upload(
        uploader,
        makeDocx({
          paragraphs: [`Object ${word()}`],
          parts: [
            {
              name: 'word/embeddings/oleObject1.bin',
              data: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]),
            },
          ],
        }),
        'ole.docx',
      ).expect(201);
      expect(ole.body).toMatchObject({ status: 'quarantined', review: { markingsFound: [] } });
      expect(notFully(ole)).toEqual([
        'not fully inspected: Not every part of the file was inspected: it holds an embedded ' +
          'object that could not be read (word/embeddings/oleObject1.bin: an OLE object).',
      ]);
    });

    it(`holds a PDF over ${INSPECTION_MAX_PDF_MB} MB for review unread, and keeps serving`, async () => {
      const big = makeManyPagePdf(250_000, 'Line');
      expect(big.length).toBeGreaterThan(INSPECTION_MAX_PDF_MB * 1024 * 1024);
      const res = await upload(uploader, big, 'big.pdf').expect(201);
      expect(res.body).toMatchObject({ status: 'quarantined' });
      expect(notFully(res)).toEqual([
        expect.stringMatching(
          /^not fully inspected: The PDF was not inspected: it is \d MB, more than the 2 MB that can be read\.$/,
        ),
      ]);
      await request(t.url).get('/api/health').expect(200);
    });
  });

  describe('versions', () => {
    it('keeps the history, each version downloadable, and only the uploader or a moderator adds one', async () => {
      const v1 = makeText(`First draft ${word()}`);
      const created = await upload(uploader, v1, 'draft.txt').expect(201);
      const id = (created.body as LibraryDocument).id;
      const v2 = makeText(`Second draft ${word()}`);
      await request(t.url)
        .post(`/api/documents/${id}/versions`)
        .set(as(reader))
        .attach('file', v2, 'draft.txt')
        .expect(403);
      const added = await request(t.url)
        .post(`/api/documents/${id}/versions`)
        .set(as(uploader))
        .attach('file', v2, 'draft-2.txt')
        .expect(201);
      const doc = added.body as LibraryDocument;
      expect(doc).toMatchObject({ version: 2, sha256: sha256(v2), fileName: 'draft-2.txt' });
      expect(doc.versions?.map((v) => v.number)).toEqual([2, 1]);
      const current = await download(reader, id).expect(200);
      expect(Buffer.compare(current.body as Buffer, v2)).toBe(0);
      const first = await request(t.url)
        .get(`/api/documents/${id}/download?version=1`)
        .set(as(reader))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(first.body as Buffer, v1)).toBe(0);
      await request(t.url)
        .get(`/api/documents/${id}/download?version=9`)
        .set(as(reader))
        .expect(404);
      await request(t.url)
        .get(`/api/documents/${id}/download?version=x`)
        .set(as(reader))
        .expect(400);
      const same = await request(t.url)
        .post(`/api/documents/${id}/versions`)
        .set(as(uploader))
        .attach('file', v2, 'draft-2.txt')
        .expect(200);
      expect(same.body).toMatchObject({ version: 2, duplicate: true });
      await request(t.url)
        .post(`/api/documents/${id}/versions`)
        .set(as(uploader))
        .attach('file', makeElf(), 'draft.txt')
        .expect(415);
    });

    it('a marked new version goes to review; rejecting it brings back the one before', async () => {
      const w = word();
      const created = await upload(uploader, makeText(`Clean ${w}`), 'c.txt').expect(201);
      const id = (created.body as LibraryDocument).id;
      const marked = await request(t.url)
        .post(`/api/documents/${id}/versions`)
        .set(as(moderator))
        .attach('file', makeText('CONFIDENTIAL\nMore details'), 'c2.txt')
        .expect(201);
      expect(marked.body).toMatchObject({ status: 'quarantined', version: 2 });
      await request(t.url).get(`/api/documents/${id}`).set(as(reader)).expect(404);
      const back = await request(t.url)
        .post(`/api/documents/${id}/reject`)
        .set(as(moderator))
        .send({ reason: 'Marked CONFIDENTIAL' })
        .expect(200);
      expect(back.body).toMatchObject({ status: 'published', version: 1 });
      expect((back.body as LibraryDocument).versions?.map((v) => v.number)).toEqual([1]);
      const search = await request(t.url).get(`/api/documents?q=${w}`).set(as(reader)).expect(200);
      expect((search.body as DocumentsPage).items.map((d) => d.id)).toEqual([id]);
    });
  });

  describe('search', () => {
    it('finds a word that only appears inside a PDF, with the word highlighted', async () => {
      const w = word();
      const res = await upload(
        uploader,
        makePdf({
          pages: ['Introduction', `Deep on page two the term ${w} appears once, fish & chips.`],
        }),
        'deep.pdf',
        { title: 'Nothing in the title' },
      ).expect(201);
      const page = await request(t.url).get(`/api/documents?q=${w}`).set(as(reader)).expect(200);
      const body = page.body as DocumentsPage;
      expect(body.items.map((d) => d.id)).toEqual([(res.body as LibraryDocument).id]);
      expect(body.total).toBe(1);
      expect(body.items[0].snippet).toContain(`<mark>${w}</mark>`);
      expect(body.items[0].snippet).toContain('fish &#38; chips');
    });

    it('a cached answer follows new documents, deletions and downloads at once', async () => {
      const w = word();
      const find = async (headers: Record<string, string> = {}) =>
        (
          await request(t.url)
            .get(`/api/documents?q=${w}`)
            .set({ ...as(reader), ...headers })
            .expect(200)
        ).body as DocumentsPage;
      const first = (await upload(uploader, makeText(`Cached ${w} one`), 'c1.txt').expect(201))
        .body as LibraryDocument;
      // Asked twice, so the second answer is the cached one.
      expect((await find()).total).toBe(1);
      expect((await find()).total).toBe(1);
      const second = (await upload(uploader, makeText(`Cached ${w} two`), 'c2.txt').expect(201))
        .body as LibraryDocument;
      expect((await find()).items.map((d) => d.id).sort()).toEqual([first.id, second.id].sort());
      await download(reader, first.id).expect(200);
      const counted = await find();
      expect(counted.items.find((d) => d.id === first.id)?.downloads).toBe(1);
      await request(t.url).delete(`/api/documents/${second.id}`).set(as(uploader)).expect(204);
      expect((await find()).items.map((d) => d.id)).toEqual([first.id]);
      // Cache-Control: no-cache computes the answer afresh: the same answer.
      expect(await find({ 'Cache-Control': 'no-cache' })).toEqual(await find());
    });

    it('changes that bump the library and directory counters in opposite orders both commit', async () => {
      const [a, b] = await Promise.all(
        ['one', 'two'].map(
          async (n) =>
            (
              (await upload(uploader, makeText(`Counter ${n} ${word()}`), `${n}.txt`).expect(201))
                .body as LibraryDocument
            ).id,
        ),
      );
      const [c1, c2] = await Promise.all([t.db.connect(), t.db.connect()]);
      try {
        const { rows: before } = await t.db.query<{ name: string; version: string }>(
          `SELECT name, version FROM data_versions ORDER BY name`,
        );
        await c1.query('BEGIN');
        await c2.query('BEGIN');
        // Deferred triggers run at once here, so each transaction bumps its first counter now.
        await c1.query('SET CONSTRAINTS ALL IMMEDIATE');
        await c2.query('SET CONSTRAINTS ALL IMMEDIATE');
        const {
          rows: [{ pid }],
        } = await c2.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // c1 bumps the library's counter first; c2 the directory's, then waits on c1.
        await c1.query(`UPDATE documents SET title = title || '.' WHERE id = $1`, [a]);
        const second = c2.query(`UPDATE users SET name = name || '.' WHERE id = $1`, [
          reader.user.id,
        ]);
        const deadline = Date.now() + 5000;
        for (;;) {
          const { rows } = await t.db.query<{ waiting: boolean }>(
            `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
            [pid],
          );
          if (rows[0]?.waiting) break;
          if (Date.now() > deadline) throw new Error('the second transaction never waited');
          await new Promise((r) => setTimeout(r, 20));
        }
        // Now c1 bumps the directory's counter: the other order from c2's.
        await c1.query(`UPDATE users SET name = name || '.' WHERE id = $1`, [uploader.user.id]);
        await c1.query('COMMIT');
        await second;
        await c2.query(`UPDATE documents SET title = title || '.' WHERE id = $1`, [b]);
        await c2.query('COMMIT');
        const { rows: after } = await t.db.query<{ name: string; version: string }>(
          `SELECT name, version FROM data_versions ORDER BY name`,
        );
        // Each counter moved once per transaction that changed what it counts.
        expect(after.map((r) => Number(r.version))).toEqual(
          before.map((r) => Number(r.version) + 2),
        );
      } finally {
        c1.release();
        c2.release();
      }
    });

    it('filters by topic, crime type, type and year, and pages without repeats', async () => {
      const w = word();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await upload(uploader, makeText(`Filter ${w} number ${i}`), `f${i}.txt`, {
          topics: i % 2 ? ['data'] : ['costs'],
          crimeTypes: ['cyber-crime'],
          year: String(2019 + i),
        }).expect(201);
        ids.push((res.body as LibraryDocument).id);
      }
      const get = async (qs: string) =>
        (await request(t.url).get(`/api/documents?q=${w}&${qs}`).set(as(reader)).expect(200))
          .body as DocumentsPage;
      expect((await get('topic=data')).items.map((d) => d.id).sort()).toEqual(
        [ids[1], ids[3]].sort(),
      );
      expect((await get('crimeType=cyber-crime')).total).toBe(5);
      expect((await get('crimeType=drugs')).total).toBe(0);
      expect((await get('type=txt')).total).toBe(5);
      expect((await get('type=pdf')).total).toBe(0);
      expect((await get('year=2021')).items.map((d) => d.id)).toEqual([ids[2]]);
      expect((await get('yearFrom=2020&yearTo=2021')).total).toBe(2);

      for (const sort of ['relevance', 'newest']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: DocumentsPage = await get(
            `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.total).toBe(5);
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual([...ids].sort());
      }
      const newest = await get('sort=newest');
      expect(newest.items.map((d) => d.id)).toEqual([...ids].reverse());
    });

    it.each([
      [`q=${'a'.repeat(10_000)}`],
      ['limit=0'],
      ['limit=-1'],
      ['limit=1000'],
      ['cursor=garbage'],
      ['topic=no%20such'],
      ['type=exe'],
      ['year=20x4'],
      ['status=deleted'],
      ['sort=random'],
    ])('refuses %.40s with a 400', async (qs) => {
      const res = await request(t.url).get(`/api/documents?${qs}`).set(as(reader));
      expect(res.status).toBe(400);
    });
  });

  describe('download', () => {
    let doc: LibraryDocument;
    let file: Buffer;

    beforeAll(async () => {
      file = randomBytes(300_000);
      // Random bytes are no accepted type: wrap them in a text file of hex.
      file = Buffer.from(file.toString('hex'));
      const res = await upload(uploader, file, 'Étude sur la criminalité "organisée".txt').expect(
        201,
      );
      doc = res.body as LibraryDocument;
    });

    it('answers with validators, a safe attachment name and no sniffing', async () => {
      const res = await download(reader, doc.id).expect(200);
      expect(res.headers.etag).toBe(`"${sha256(file)}"`);
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-length']).toBe(String(file.length));
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Etude sur la criminalite _organisee_.txt"; filename*=UTF-8''%C3%89tude%20sur%20la%20criminalit%C3%A9%20%22organis%C3%A9e%22.txt`,
      );
      await download(reader, doc.id, { 'If-None-Match': res.headers.etag }).expect(304);
    });

    it('serves ranges byte for byte, suffixes, and 416 past the end', async () => {
      for (let i = 0; i < 40; i++) {
        const start = Math.floor(Math.random() * file.length);
        const end = Math.min(file.length - 1, start + Math.floor(Math.random() * 70_000));
        const res = await download(reader, doc.id, { Range: `bytes=${start}-${end}` }).expect(206);
        expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${file.length}`);
        expect(Buffer.compare(res.body as Buffer, file.subarray(start, end + 1))).toBe(0);
      }
      const tail = await download(reader, doc.id, { Range: 'bytes=-100' }).expect(206);
      expect(Buffer.compare(tail.body as Buffer, file.subarray(file.length - 100))).toBe(0);
      const open = await download(reader, doc.id, { Range: `bytes=${file.length - 10}-` }).expect(
        206,
      );
      expect((open.body as Buffer).length).toBe(10);
      const past = await download(reader, doc.id, { Range: `bytes=${file.length}-` }).expect(416);
      expect(past.headers['content-range']).toBe(`bytes */${file.length}`);
      const stale = await download(reader, doc.id, {
        Range: 'bytes=0-9',
        'If-Range': '"stale"',
      }).expect(200);
      expect((stale.body as Buffer).length).toBe(file.length);
      const fresh = await download(reader, doc.id, {
        Range: 'bytes=0-9',
        'If-Range': `"${sha256(file)}"`,
      }).expect(206);
      expect((fresh.body as Buffer).length).toBe(10);
    });

    it('counts downloads, not range requests for the middle of a file', async () => {
      const before = (await request(t.url).get(`/api/documents/${doc.id}`).set(as(reader)))
        .body as LibraryDocument;
      await download(reader, doc.id).expect(200);
      await download(reader, doc.id, { Range: 'bytes=100-200' }).expect(206);
      await download(reader, doc.id, { 'If-None-Match': `"${doc.sha256}"` }).expect(304);
      const after = (await request(t.url).get(`/api/documents/${doc.id}`).set(as(reader)))
        .body as LibraryDocument;
      expect(after.downloads).toBe(before.downloads + 1);
    });
  });

  describe('interrupted uploads', () => {
    /** Starts a multipart upload, sends `sent` bytes of a larger file, and answers the socket. */
    function partialUpload(session: Session, sent: number): Promise<http.ClientRequest> {
      const boundary = '----ocvrn' + word();
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nPartial\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="marking"\r\n\r\nOFFICIAL\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n` +
          'Content-Type: text/plain\r\n\r\n',
      );
      const url = new URL('/api/documents', t.url);
      const req = http.request(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${session.token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + 2 * 1024 * 1024 + 100),
        },
      });
      req.on('error', () => undefined);
      req.write(head);
      req.write(Buffer.alloc(sent, 'a'));
      return Promise.resolve(req);
    }

    async function until(check: () => boolean, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await sleep(25);
      }
    }

    it('an upload dropped midway leaves no row and no file', async () => {
      const before = await counts();
      const req = await partialUpload(uploader, 512 * 1024);
      await until(() => filesUnder(tmpUploads()).length > 0);
      req.destroy();
      await until(() => filesUnder(tmpUploads()).length === 0);
      expect(await counts()).toEqual(before);
    });

    it('a server killed during an upload sweeps the leftover at its next start', async () => {
      const before = await counts();
      const req = await partialUpload(uploader, 512 * 1024);
      await until(() => filesUnder(tmpUploads()).length > 0);
      await t.kill();
      req.destroy();
      expect(filesUnder(tmpUploads()).length).toBe(1);
      t = await startTestApp({
        env: {
          DATA_DIR: dataDir,
          MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
          INSPECTION_MAX_PDF_MB: String(INSPECTION_MAX_PDF_MB),
        },
        databaseUrl: t.databaseUrl,
        truncate: false,
      });
      expect(filesUnder(tmpUploads())).toEqual([]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('deletion', () => {
    it('lets the uploader or a moderator delete, after which the file is gone', async () => {
      const readerSocket = await socketOf(reader);
      const file = makeText(`Delete me ${word()}`);
      const res = await upload(uploader, file, 'd.txt').expect(201);
      const doc = res.body as LibraryDocument;
      await request(t.url).delete(`/api/documents/${doc.id}`).set(as(reader)).expect(403);
      await request(t.url).delete(`/api/documents/${doc.id}`).set(as(uploader)).expect(204);
      await readerSocket.waitFor((e) => e.type === 'document.removed' && idOf(e) === doc.id);
      await request(t.url).get(`/api/documents/${doc.id}`).set(as(reader)).expect(404);
      expect(filesUnder(storageDir()).some((f) => f.endsWith(doc.sha256))).toBe(false);

      const other = await upload(reader, makeText(`Moderated ${word()}`), 'm.txt').expect(201);
      const otherId = (other.body as LibraryDocument).id;
      await request(t.url).delete(`/api/documents/${otherId}`).set(as(moderator)).expect(204);
      const { rows } = await t.db.query(
        `SELECT action, detail FROM audit_log WHERE target_id = $1`,
        [otherId],
      );
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'document.deleted',
          detail: expect.objectContaining({ byModerator: true }),
        }),
      ]);
    });

    it('keeps a file another document still uses', async () => {
      const file = makeText(`Shared ${word()}`);
      const a = await upload(uploader, file, 'a.txt').expect(201);
      const docA = a.body as LibraryDocument;
      // A second document reaches the same content as its second version.
      const b = await upload(uploader, makeText(`Other ${word()}`), 'b.txt').expect(201);
      await request(t.url)
        .post(`/api/documents/${(b.body as LibraryDocument).id}/versions`)
        .set(as(uploader))
        .attach('file', file, 'b2.txt')
        .expect(201);
      await request(t.url).delete(`/api/documents/${docA.id}`).set(as(uploader)).expect(204);
      expect(filesUnder(storageDir()).some((f) => f.endsWith(docA.sha256))).toBe(true);
    });
  });

  it('tells the upload form its limits', async () => {
    const res = await request(t.url).get('/api/documents/limits').set(as(reader)).expect(200);
    expect(res.body).toMatchObject({
      maxUploadBytes: MAX_UPLOAD_MB * 1024 * 1024,
      markings: ['UNCLASSIFIED', 'OFFICIAL'],
    });
    expect(res.body.types).toContain('pdf');
  });
});

describe('library with INSPECTION_IMAGE_REVIEW=false', () => {
  let t: TestApp;
  let uploader: Session;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'ocvrn-images-')),
        INSPECTION_IMAGE_REVIEW: 'false',
      },
    });
    uploader = await signedInAs(t.db, t.url, 'member');
  });
  afterAll(() => t.close());

  it('publishes an image whose metadata carries no marking, and still holds a marked one', async () => {
    const post = (file: Buffer, name: string) =>
      request(t.url)
        .post('/api/documents')
        .set({ Authorization: `Bearer ${uploader.token}` })
        .field('title', `Image ${randomBytes(4).toString('hex')}`)
        .field('marking', 'OFFICIAL')
        .attach('file', file, name)
        .expect(201);
    const plain = await post(makePng(), 'plain.png');
    expect(plain.body).toMatchObject({ status: 'published' });
    const marked = await post(makePng(8, 8, { text: { Title: 'TOP SECRET' } }), 'marked.png');
    expect(marked.body).toMatchObject({
      status: 'quarantined',
      review: { markingsFound: ['TOP SECRET'], foundIn: ['TOP SECRET: image metadata'] },
    });
  });
});
