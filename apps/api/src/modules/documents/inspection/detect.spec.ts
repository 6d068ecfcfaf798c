import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeDocm,
  makeDocx,
  makeOds,
  makeOdt,
  makePptx,
  makeText,
  makeXlsx,
  makeZip,
} from '@testing/files';
import {
  classify,
  decide,
  extensionOf,
  identifyCompoundFile,
  judgeText,
  verifyContainer,
  type Content,
  type TextSample,
} from './detect';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ocvrn-detect-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(bytes: Buffer): string {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, bytes);
  return path;
}

describe('extensionOf', () => {
  it.each([
    ['report.PDF', 'pdf'],
    ['archive.tar.gz', 'gz'],
    ['notes', ''],
    ['.bashrc', ''],
    ['trailing.', ''],
    ['Smith et al. 2021', ''],
    ['data.2024', ''],
    ['dir/sub\\Final.Docx ', 'docx'],
    ['weird.extension-name', ''],
  ])('%s → %s', (name, ext) => {
    expect(extensionOf(name)).toBe(ext);
  });
});

describe('decide', () => {
  const doc = (type: 'pdf' | 'docx' | 'jpeg'): Content => ({ kind: 'document', type });
  const text: Content = { kind: 'text' };

  it('accepts content whose name agrees, or has no extension, with canonical mime and ext', () => {
    expect(decide(doc('pdf'), 'paper.pdf')).toEqual({
      ok: true,
      detected: { type: 'pdf', mime: 'application/pdf', ext: 'pdf' },
    });
    expect(decide(doc('jpeg'), 'photo.JPEG')).toEqual({
      ok: true,
      detected: { type: 'jpeg', mime: 'image/jpeg', ext: 'jpg' },
    });
    expect(decide(doc('docx'), 'no-extension')).toMatchObject({
      ok: true,
      detected: { type: 'docx' },
    });
  });

  it('refuses a name that contradicts the content', () => {
    expect(decide(doc('pdf'), 'a.docx')).toEqual({
      ok: false,
      reason: 'The file is named .docx but its content is a PDF document.',
    });
    expect(decide(doc('docx'), 'a.pdf')).toEqual({
      ok: false,
      reason: 'The file is named .pdf but its content is a Word document.',
    });
    expect(decide(doc('docx'), 'a.zip')).toMatchObject({ ok: false });
  });

  it('lets the extension choose between txt, csv and md for text', () => {
    expect(decide(text, 'notes.txt')).toMatchObject({
      detected: { type: 'txt', mime: 'text/plain' },
    });
    expect(decide(text, 'notes.TEXT')).toMatchObject({ detected: { type: 'txt' } });
    expect(decide(text, 'README')).toMatchObject({ detected: { type: 'txt', ext: 'txt' } });
    expect(decide(text, 'table.csv')).toMatchObject({
      detected: { type: 'csv', mime: 'text/csv' },
    });
    expect(decide(text, 'a.md')).toMatchObject({ detected: { type: 'md', mime: 'text/markdown' } });
    expect(decide(text, 'a.markdown')).toMatchObject({ detected: { type: 'md', ext: 'md' } });
  });

  it('refuses text named as a binary format, and other text extensions', () => {
    for (const name of ['a.pdf', 'a.docx', 'a.exe', 'a.png', 'a.jpg', 'a.zip', 'a.doc']) {
      expect(decide(text, name)).toEqual({
        ok: false,
        reason: `The file is named .${extensionOf(name)} but its content is plain text.`,
      });
    }
    expect(decide(text, 'page.html')).toEqual({
      ok: false,
      reason: 'Files named .html are not accepted: text files must be named .txt, .csv or .md.',
    });
  });

  it('explains the other refusals', () => {
    expect(decide({ kind: 'empty' }, 'a.txt')).toEqual({ ok: false, reason: 'The file is empty.' });
    expect(decide({ kind: 'refused', reason: 'No macros.' }, 'a.docx')).toEqual({
      ok: false,
      reason: 'No macros.',
    });
    const other = decide({ kind: 'other', what: 'a ZIP archive' }, 'a.zip');
    expect(other).toMatchObject({ ok: false });
    expect(!other.ok && other.reason).toMatch(
      /^The file is a ZIP archive, which is not accepted\. The library accepts PDF/,
    );
    const unknown = decide({ kind: 'unknown' }, 'a.bin');
    expect(!unknown.ok && unknown.reason).toMatch(
      /^The file's content is not of a type the library accepts\./,
    );
  });
});

describe('judgeText', () => {
  const sample = (bytes: Buffer | string, atStart = true, atEnd = true): TextSample => ({
    bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'),
    atStart,
    atEnd,
  });

  it('takes UTF-8 text, with or without a BOM, tabs, CRs and form feeds', () => {
    expect(judgeText([sample('Plain text, café, €, 😀\r\n\tIndented\f')])).toBe('text');
    expect(
      judgeText([sample(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('hi')]))]),
    ).toBe('text');
  });

  it('forgives a character cut by a sample boundary, not by the end of the file', () => {
    const euro = Buffer.from('a€b€', 'utf8'); // € is 3 bytes
    expect(judgeText([sample(euro.subarray(0, 3), true, false)])).toBe('text');
    expect(judgeText([sample(euro.subarray(0, 3), true, true)])).toBe('not-utf8');
    expect(judgeText([sample('x'), sample(euro.subarray(2), false, true)])).toBe('text');
  });

  it('refuses NUL bytes and many control characters as binary', () => {
    expect(judgeText([sample(Buffer.from('abc\0def'))])).toBe('binary');
    expect(judgeText([sample(Buffer.from('ab\x01\x02\x03cd'))])).toBe('binary');
    expect(judgeText([sample(`${'x'.repeat(300)}\x1b`)])).toBe('text');
  });

  it('tells UTF-16, other encodings and empty files apart', () => {
    expect(judgeText([sample(Buffer.from('\ufeffhi', 'utf16le'))])).toBe('utf16');
    expect(judgeText([sample(Buffer.from('caf\xe9', 'latin1'))])).toBe('not-utf8');
    expect(judgeText([sample(Buffer.alloc(0))])).toBe('empty');
    expect(judgeText([sample('fine'), sample(Buffer.from('ok\0'), false, true)])).toBe('binary');
  });
});

describe('verifyContainer', () => {
  it('accepts the generated Office and OpenDocument files', async () => {
    await expect(verifyContainer(fileOf(makeDocx({ paragraphs: ['x'] })), 'docx')).resolves.toEqual(
      {
        kind: 'document',
        type: 'docx',
      },
    );
    await expect(verifyContainer(fileOf(makeXlsx({ rows: [['x']] })), 'xlsx')).resolves.toEqual({
      kind: 'document',
      type: 'xlsx',
    });
    await expect(verifyContainer(fileOf(makePptx({ slides: ['x'] })), 'pptx')).resolves.toEqual({
      kind: 'document',
      type: 'pptx',
    });
    await expect(verifyContainer(fileOf(makeOdt({ paragraphs: ['x'] })), 'odt')).resolves.toEqual({
      kind: 'document',
      type: 'odt',
    });
    await expect(verifyContainer(fileOf(makeOds({ rows: [['x']] })), 'ods')).resolves.toEqual({
      kind: 'document',
      type: 'ods',
    });
  });

  it('refuses a container of another kind than file-type said', async () => {
    await expect(verifyContainer(fileOf(makeXlsx({ rows: [['x']] })), 'docx')).resolves.toEqual({
      kind: 'refused',
      reason:
        'The file looks like a Word document but is damaged: it does not declare its main part.',
    });
    await expect(verifyContainer(fileOf(makeOds({ rows: [['x']] })), 'odt')).resolves.toMatchObject(
      {
        reason:
          'The file looks like an OpenDocument text document but is damaged: its mimetype entry names another kind of document.',
      },
    );
  });

  it('refuses macros', async () => {
    const result = await verifyContainer(fileOf(makeDocm()), 'docx');
    expect(result).toMatchObject({ kind: 'refused' });
    expect(result.kind === 'refused' && result.reason).toMatch(/macro-enabled Office document/);
    const odf = makeZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', data: '<x/>' },
      {
        name: 'META-INF/manifest.xml',
        data: '<manifest:manifest><manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml"/></manifest:manifest>',
      },
    ]);
    await expect(verifyContainer(fileOf(odf), 'odt')).resolves.toMatchObject({
      reason: 'The file contains macros; save it without macros and upload it again.',
    });
  });

  it('refuses a password-protected OpenDocument file', async () => {
    const odf = makeZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', data: 'binary' },
      {
        name: 'META-INF/manifest.xml',
        data: '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>',
      },
    ]);
    await expect(verifyContainer(fileOf(odf), 'odt')).resolves.toMatchObject({
      reason: 'The file is a password-protected document; remove the password and upload it again.',
    });
  });

  it('refuses a damaged container', async () => {
    const missingMain = makeZip([
      {
        name: '[Content_Types].xml',
        data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      },
      { name: 'word/other.xml', data: '<x/>' },
    ]);
    await expect(verifyContainer(fileOf(missingMain), 'docx')).resolves.toMatchObject({
      reason: 'The file looks like a Word document but is damaged: its main part is missing.',
    });
    await expect(
      verifyContainer(fileOf(makeZip([{ name: 'word/document.xml', data: '<x/>' }])), 'docx'),
    ).resolves.toMatchObject({
      reason: 'The file looks like a Word document but is damaged: it has no [Content_Types].xml.',
    });
    const notZip = await verifyContainer(fileOf(makeText('PK\x03\x04 but no zip')), 'xlsx');
    expect(notZip.kind === 'refused' && notZip.reason).toMatch(
      /^The file looks like an Excel spreadsheet but is damaged: /,
    );
  });
});

/** A compound file (OLE) with these names in its first directory sector. */
function compoundFile(names: string[]): Buffer {
  const file = Buffer.alloc(512 * 3);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(9, 0x1e); // 512-byte sectors
  file.writeUInt32LE(1, 0x30); // the directory starts in sector 1 (offset 1024)
  names.forEach((name, i) => {
    const at = 1024 + i * 128;
    file.write(name, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 0x40);
  });
  return file;
}

describe('identifyCompoundFile', () => {
  it('recognises an encrypted Office document', async () => {
    await expect(
      identifyCompoundFile(
        fileOf(compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])),
      ),
    ).resolves.toEqual({
      kind: 'refused',
      reason:
        'The file is a password-protected Office document; remove the password and upload it again.',
    });
  });

  it('recognises old binary Office files', async () => {
    const result = await identifyCompoundFile(fileOf(compoundFile(['Root Entry', 'WordDocument'])));
    expect(result.kind === 'refused' && result.reason).toMatch(/old Microsoft Office format/);
  });

  it('names anything else a compound file', async () => {
    await expect(
      identifyCompoundFile(fileOf(compoundFile(['Root Entry', '__substg1.0_0037001F']))),
    ).resolves.toMatchObject({
      kind: 'other',
    });
    await expect(identifyCompoundFile(fileOf(Buffer.from('short')))).resolves.toMatchObject({
      kind: 'other',
    });
  });
});

describe('classify', () => {
  const path = () => fileOf(makeText('unused'));

  it('maps what file-type found', async () => {
    await expect(classify(path(), { ext: 'pdf', mime: 'application/pdf' })).resolves.toEqual({
      kind: 'document',
      type: 'pdf',
    });
    await expect(classify(path(), { ext: 'apng', mime: 'image/apng' })).resolves.toEqual({
      kind: 'document',
      type: 'png',
    });
    await expect(classify(path(), { ext: 'jpg', mime: 'image/jpeg' })).resolves.toEqual({
      kind: 'document',
      type: 'jpeg',
    });
  });

  it('refuses macro-enabled formats by name', async () => {
    await expect(
      classify(path(), { ext: 'xlsm', mime: 'application/vnd.ms-excel.sheet.macroenabled.12' }),
    ).resolves.toEqual({
      kind: 'refused',
      reason:
        'The file is a macro-enabled Excel workbook (.xlsm); save it without macros and upload it again.',
    });
  });

  it('leaves other formats to the text check (BMP is "BM", which text may start with)', async () => {
    await expect(classify(path(), { ext: 'bmp', mime: 'image/bmp' })).resolves.toBeNull();
    await expect(classify(path(), { ext: 'zip', mime: 'application/zip' })).resolves.toBeNull();
  });
});
