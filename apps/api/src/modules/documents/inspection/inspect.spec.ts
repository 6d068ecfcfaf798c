import { transformFileSync } from '@swc/core';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  makeCsv,
  makeDocm,
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
  makeZip,
  makeZipBomb,
} from '@testing/files';
import type { DetectResult, Inspection, InspectLimits } from '.';

/*
 * The real thing, end to end: this folder compiled by swc as the build does, run by Node
 * (which loads the ES modules file-type and pdfjs-dist that jest cannot), in a child process,
 * with the inspection worker in its own thread. One process runs the cases one by one.
 */

const ROOT = resolve(__dirname, '../../../../../..');
let out: string;
let files: string;

/** Compiles the inspection sources and the contracts into `out`, keeping the layout. */
function compile(): void {
  const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  swcrc.jsc.baseUrl = ROOT;
  const folders = [__dirname, join(ROOT, 'libs/contracts/src')];
  for (const folder of folders) {
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.ts') || name.endsWith('.spec.ts')) continue;
      const source = join(folder, name);
      const { code } = transformFileSync(source, { ...swcrc, swcrc: false, sourceMaps: false });
      const target = join(out, relative(ROOT, source)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }
  }
}

interface Case {
  name: string;
  bytes: Buffer;
  inspect?: boolean;
  limits?: Partial<InspectLimits>;
}
interface Outcome {
  detected: DetectResult;
  inspection: Inspection | null;
  ms: number;
}

const DRIVER = `
const { detectType, inspect } = require(process.argv[1]);
const cases = JSON.parse(process.argv[2]);
(async () => {
  const results = {};
  for (const c of cases) {
    const detected = await detectType(c.path, c.name);
    const started = Date.now();
    const inspection = c.inspect && detected.ok ? await inspect(c.path, detected.detected.type, c.limits) : null;
    results[c.name] = { detected, inspection, ms: Date.now() - started };
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

const cases: Case[] = [
  {
    name: 'paper.pdf',
    bytes: makePdf({
      pages: [
        'Cocaine markets in Europe',
        'Caf\u00e9 (d\u00e9j\u00e0) \\ \u201cquoted\u201d \u2013 50%\nSECRET',
      ],
      title: 'Drug markets',
      keywords: 'RESTRICTED',
    }),
    inspect: true,
  },
  {
    name: 'findings.docx',
    bytes: makeDocx({
      paragraphs: ['Findings'],
      header: 'OFFICIAL-SENSITIVE',
      sensitivityLabel: 'Secret',
    }),
    inspect: true,
  },
  {
    name: 'prose.docx',
    bytes: makeDocx({
      paragraphs: [
        'Informants keep their identity secret and some data is restricted to researchers.',
        'THE SECRET LIFE OF GANGS',
        'Classification: OFFICIAL',
      ],
    }),
    inspect: true,
  },
  {
    name: 'sheet.xlsx',
    bytes: makeXlsx({
      rows: [
        ['Offence', 'Count'],
        ['Fraud', '3'],
      ],
    }),
    inspect: true,
  },
  {
    name: 'slides.pptx',
    bytes: makePptx({ slides: ['County lines'], notes: ['Speaker notes'] }),
    inspect: true,
  },
  {
    name: 'text.odt',
    bytes: makeOdt({ paragraphs: ['Harm index'], header: 'CONFIDENTIAL' }),
    inspect: true,
  },
  { name: 'cells.ods', bytes: makeOds({ rows: [['a', 'b']] }), inspect: true },
  { name: 'notes.txt', bytes: makeText('Plain notes\nTOP SECRET\n'), inspect: true },
  {
    name: 'table.csv',
    bytes: makeCsv([
      ['BMI', 'age'],
      ['22', '31'],
    ]),
  },
  { name: 'summary.md', bytes: makeMarkdown('# Summary\n\nText.') },
  { name: 'BMI.txt', bytes: makeText('BMI and offending: notes') },
  { name: 'chart.png', bytes: makePng(), inspect: true },
  { name: 'photo.jpeg', bytes: makeJpeg() },
  {
    name: 'marked.png',
    bytes: makePng(16, 16, { xmp: { title: 'Port', description: 'OFFICIAL-SENSITIVE' } }),
    inspect: true,
  },
  {
    name: 'marked.jpeg',
    bytes: makeJpeg(16, 16, {
      exif: { description: 'SECRET' },
      iptc: { keywords: ['RESTRICTED'] },
    }),
    inspect: true,
  },
  { name: 'allowed.jpeg', bytes: makeJpeg(), inspect: true, limits: { imageReview: false } },
  {
    name: 'annotated.pdf',
    bytes: makePdf({
      pages: ['Findings', 'Appendix'],
      comments: [{ page: 1, text: 'TOP SECRET', hidden: true }],
      fields: [{ page: 0, name: 'classification', value: 'OFFICIAL-SENSITIVE' }],
    }),
    inspect: true,
  },
  { name: 'scanned.pdf', bytes: makePdf({ pages: ['Cover', '', ' '] }), inspect: true },
  {
    name: 'scanned-allowed.pdf',
    bytes: makePdf({ pages: ['Contents', ''] }),
    inspect: true,
    limits: { imageReview: false },
  },
  {
    name: 'attached.pdf',
    bytes: makePdf({ pages: ['Cover'], attachments: [{ name: 'annex.docx', data: 'PK' }] }),
    inspect: true,
  },
  {
    name: 'large.pdf',
    bytes: makeManyPagePdf(1_000, 'SECRET'),
    inspect: true,
    limits: { maxPdfBytes: 4 * 1024 },
  },
  { name: 'tool', bytes: makeElf() },
  { name: 'elf.pdf', bytes: makeElf() },
  { name: 'pdf.docx', bytes: makePdf({ pages: ['x'] }) },
  { name: 'text.png', bytes: makeText('hello') },
  { name: 'macro.docx', bytes: makeDocm() },
  { name: 'archive.zip', bytes: makeZip([{ name: 'a.txt', data: 'a' }]) },
  {
    name: 'gif.gif',
    bytes: Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'),
  },
  { name: 'empty.txt', bytes: Buffer.alloc(0) },
  { name: 'bomb.docx', bytes: makeZipBomb({ firstParagraph: 'SECRET' }), inspect: true },
  {
    name: 'long.pdf',
    bytes: makeManyPagePdf(100_000, 'Line one\nOFFICIAL-SENSITIVE'),
    inspect: true,
  },
  {
    name: 'slow.pdf',
    bytes: makeManyPagePdf(100_000, 'SECRET'),
    inspect: true,
    // Long enough for a busy machine to open the file and read its first pages.
    limits: { timeoutMs: 4_000, maxPages: 100_000 },
  },
  {
    name: 'tight.pdf',
    bytes: makePdf({ pages: ['x'] }),
    inspect: true,
    limits: { maxMemoryMb: 4 },
  },
  { name: 'broken.pdf', bytes: Buffer.from('%PDF-1.7\nnothing else'), inspect: true },
];

let results: Record<string, Outcome>;

beforeAll(async () => {
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  // Inside the repository, so the compiled code resolves node_modules as the build does.
  out = mkdtempSync(join(cache, 'ocvrn-inspection-spec-'));
  files = join(out, 'files');
  mkdirSync(files);
  compile();
  const input = cases.map((c) => {
    const path = join(files, c.name);
    writeFileSync(path, c.bytes);
    return { path, name: c.name, inspect: c.inspect ?? false, limits: c.limits ?? {} };
  });
  const index = join(out, relative(ROOT, __dirname), 'index.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', DRIVER, index, JSON.stringify(input)],
    { cwd: ROOT, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  results = JSON.parse(stdout) as Record<string, Outcome>;
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const detected = (name: string) => results[name].detected;
const inspection = (name: string) => results[name].inspection as Inspection;

describe('detectType (built, with file-type)', () => {
  it.each([
    ['paper.pdf', 'pdf', 'application/pdf'],
    [
      'findings.docx',
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['sheet.xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'slides.pptx',
      'pptx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['text.odt', 'odt', 'application/vnd.oasis.opendocument.text'],
    ['cells.ods', 'ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['notes.txt', 'txt', 'text/plain'],
    ['table.csv', 'csv', 'text/csv'],
    ['summary.md', 'md', 'text/markdown'],
    ['BMI.txt', 'txt', 'text/plain'],
    ['chart.png', 'png', 'image/png'],
    ['photo.jpeg', 'jpeg', 'image/jpeg'],
    [
      'bomb.docx',
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['long.pdf', 'pdf', 'application/pdf'],
  ])('%s is %s', (name, type, mime) => {
    expect(detected(name)).toMatchObject({ ok: true, detected: { type, mime } });
  });

  it.each([
    ['tool', /^The file is a Linux executable \(ELF\), which is not accepted\./],
    ['elf.pdf', /^The file is a Linux executable \(ELF\), which is not accepted\./],
    ['pdf.docx', /^The file is named \.docx but its content is a PDF document\.$/],
    ['text.png', /^The file is named \.png but its content is plain text\.$/],
    ['macro.docx', /^The file is a macro-enabled Word document \(\.docm\)/],
    ['archive.zip', /^The file is a ZIP archive, which is not accepted\./],
    ['gif.gif', /^The file is a GIF image, which is not accepted\./],
    ['empty.txt', /^The file is empty\.$/],
  ])('refuses %s', (name, reason) => {
    const result = detected(name);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('inspect (built, in a worker)', () => {
  it('reads a PDF: text of every page, properties, title, page count, markings by page', () => {
    expect(inspection('paper.pdf')).toEqual({
      text:
        'Drug markets\nRESTRICTED\nCocaine markets in Europe\n' +
        'Caf\u00e9 (d\u00e9j\u00e0) \\ \u201cquoted\u201d \u2013 50%\nSECRET',
      pages: 2,
      title: 'Drug markets',
      markings: [
        { marking: 'RESTRICTED', where: 'document properties' },
        { marking: 'SECRET', where: 'page 2' },
      ],
      incomplete: null,
    });
  });

  it('reads Word headers and sensitivity labels, and leaves prose alone', () => {
    expect(inspection('findings.docx').markings).toEqual([
      { marking: 'SECRET', where: 'sensitivity label' },
      { marking: 'OFFICIAL-SENSITIVE', where: 'header' },
    ]);
    expect(inspection('prose.docx')).toMatchObject({ markings: [], incomplete: null });
  });

  it('reads the other formats', () => {
    expect(inspection('sheet.xlsx').text).toBe('Offence Count\nFraud 3');
    expect(inspection('slides.pptx').text).toBe('County lines\nSpeaker notes');
    expect(inspection('text.odt')).toMatchObject({
      text: 'CONFIDENTIAL\nHarm index',
      markings: [{ marking: 'CONFIDENTIAL', where: 'header' }],
    });
    expect(inspection('cells.ods').text).toBe('a b');
    expect(inspection('notes.txt').markings).toEqual([{ marking: 'TOP SECRET', where: 'text' }]);
  });

  it("checks an image's metadata, and holds an image for review unless told not to", () => {
    const notRead =
      'The file is an image: only its descriptions (XMP, EXIF, IPTC) were checked for ' +
      'markings, not the picture itself.';
    expect(inspection('chart.png')).toEqual({
      text: '',
      pages: null,
      title: null,
      markings: [],
      incomplete: notRead,
    });
    expect(inspection('marked.png')).toMatchObject({
      markings: [{ marking: 'OFFICIAL-SENSITIVE', where: 'image metadata' }],
      incomplete: notRead,
    });
    expect(inspection('marked.jpeg').markings).toEqual([
      { marking: 'SECRET', where: 'image metadata' },
      { marking: 'RESTRICTED', where: 'image metadata' },
    ]);
    expect(inspection('allowed.jpeg')).toMatchObject({ markings: [], incomplete: null });
  });

  it('reads PDF annotations (hidden ones too) and form field values', () => {
    expect(inspection('annotated.pdf')).toMatchObject({
      text: 'Findings\nOFFICIAL-SENSITIVE\nAppendix\nTOP SECRET',
      markings: [
        { marking: 'OFFICIAL-SENSITIVE', where: 'form fields, page 1' },
        { marking: 'TOP SECRET', where: 'annotations, page 2' },
      ],
      incomplete: null,
    });
  });

  it('names PDF pages without text (scans) as not inspected, unless images are let through', () => {
    expect(inspection('scanned.pdf')).toMatchObject({
      pages: 3,
      incomplete:
        'Not every part of the file was inspected: pages 2, 3 hold no text that could be read ' +
        '(a scan or a picture of a page cannot be checked for markings).',
    });
    expect(inspection('scanned-allowed.pdf')).toMatchObject({ pages: 2, incomplete: null });
  });

  it('names files attached to a PDF as not inspected', () => {
    expect(inspection('attached.pdf').incomplete).toBe(
      'Not every part of the file was inspected: it has attached files that were not read (annex.docx).',
    );
  });

  it('does not read a PDF over the byte limit, and says so', () => {
    expect(results['large.pdf'].detected.ok).toBe(true);
    expect(inspection('large.pdf')).toEqual({
      text: '',
      pages: null,
      title: null,
      markings: [],
      incomplete: expect.stringMatching(
        /^The PDF was not inspected: it is \d+ KB, more than the 4 KB that can be read\.$/,
      ),
    });
  });

  it('stops a zip bomb at the size limit, quickly, having checked what it read', () => {
    expect(inspection('bomb.docx')).toMatchObject({
      markings: [{ marking: 'SECRET', where: 'text' }],
      incomplete:
        'Only part of the file was inspected: word/document.xml expands to 2.0 GB, more than the 256 MB allowed.',
    });
    expect(results['bomb.docx'].ms).toBeLessThan(15_000);
  });

  it('reads the first 2,000 pages of a 100,000-page PDF', () => {
    const result = inspection('long.pdf');
    expect(result).toMatchObject({
      pages: 100_000,
      incomplete: 'Only the first 2,000 of 100,000 pages were inspected.',
    });
    expect(result.markings).toHaveLength(25);
    expect(result.markings[0]).toEqual({ marking: 'OFFICIAL-SENSITIVE', where: 'page 1' });
    expect(result.text.split('Line one')).toHaveLength(2_001);
    expect(results['long.pdf'].ms).toBeLessThan(15_000);
  });

  it('stops at the time limit and keeps what was found until then', () => {
    const result = inspection('slow.pdf');
    expect(result.incomplete).toBe(
      'Inspection stopped after 4 seconds: only part of the file was inspected.',
    );
    expect(results['slow.pdf'].ms).toBeLessThan(7_000);
    expect(result.pages).toBe(100_000);
    expect(result.markings[0]).toEqual({ marking: 'SECRET', where: 'page 1' });
    expect(result.text).toMatch(/^SECRET\nSECRET\n/);
  });

  it('stops at the memory limit', () => {
    expect(inspection('tight.pdf').incomplete).toBe(
      'Inspection stopped: reading the file needed more than 4 MB of memory.',
    );
  });

  it('turns a file that cannot be read into a reason, not an error', () => {
    expect(inspection('broken.pdf')).toMatchObject({
      text: '',
      markings: [],
      incomplete: 'The file could not be read: Invalid PDF structure.',
    });
  });
});
