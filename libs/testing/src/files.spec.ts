import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { makeJpeg, makeManyPagePdf, makePdf, makePng, makeZip, makeZipBomb } from './files';

interface ZipMember {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  data: Buffer;
}

/** The members of a zip, from its central directory, as an unzip tool reads them. */
function members(zip: Buffer): ZipMember[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const result: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const compressedSize = zip.readUInt32LE(at + 20);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    result.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize,
      size: zip.readUInt32LE(at + 24),
      data: zip.subarray(start, start + compressedSize),
    });
    at += 46 + nameLength;
  }
  return result;
}

describe('makeZip', () => {
  it('writes members in order with correct sizes and checksums, stored or deflated', () => {
    const zip = makeZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'dir/é.xml', data: '<a>'.repeat(1000) },
    ]);
    const [first, second] = members(zip);
    expect(first).toMatchObject({ name: 'mimetype', method: 0, size: 39, compressedSize: 39 });
    expect(first.data.toString()).toBe('application/vnd.oasis.opendocument.text');
    expect(second).toMatchObject({ name: 'dir/é.xml', method: 8, size: 3000 });
    const inflated = inflateRawSync(second.data);
    expect(inflated.toString()).toBe('<a>'.repeat(1000));
    expect(crc32(inflated)).toBe(second.crc);
  });
});

describe('makeZipBomb', () => {
  it('is small, declares gigabytes, and builds fast', () => {
    const started = Date.now();
    const bomb = makeZipBomb();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(bomb.length).toBeLessThan(2.5 * 1024 * 1024);
    const document = members(bomb).find((m) => m.name === 'word/document.xml');
    expect(document?.size).toBeGreaterThan(2 * 1000 ** 3);
    expect(members(bomb)[0].name).toBe('[Content_Types].xml');
  });

  it('inflates to exactly what it declares, with the right checksum', () => {
    const bomb = makeZipBomb({ uncompressedBytes: 20 * 1024 * 1024, firstParagraph: 'SECRET' });
    const document = members(bomb).find((m) => m.name === 'word/document.xml') as ZipMember;
    const inflated = inflateRawSync(document.data);
    expect(inflated.length).toBe(document.size);
    expect(crc32(inflated)).toBe(document.crc);
    const xml = inflated.toString('utf8');
    expect(xml).toMatch(/<w:body><w:p><w:r><w:t xml:space="preserve">SECRET<\/w:t>/);
    expect(xml.endsWith('</w:body></w:document>')).toBe(true);
  });

  it('can lie about its size and hold many entries', () => {
    const bomb = makeZipBomb({ uncompressedBytes: 8 << 20, declaredBytes: 1000, extraEntries: 50 });
    const all = members(bomb);
    expect(all).toHaveLength(54);
    expect(all.find((m) => m.name === 'word/document.xml')?.size).toBe(1000);
  });
});

/** Checks a classic PDF's xref table: every offset points at its object. */
function checkXref(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.startsWith('xref\n', start)).toBe(true);
  const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(start)) ?? [];
  const rows = text
    .slice(start)
    .split('\n')
    .slice(3, 2 + Number(count));
  rows.forEach((row, i) => {
    expect(row).toMatch(/^\d{10} 00000 n $/);
    expect(text.startsWith(`${i + 1} 0 obj\n`, Number(row.slice(0, 10)))).toBe(true);
  });
  return rows.length;
}

describe('makePdf', () => {
  it('writes a correct cross-reference table and escaped text', () => {
    const pdf = makePdf({ pages: ['a (b) \\ c', 'Café – €'], title: 'Ünïcode' });
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(checkXref(pdf)).toBe(8);
    const text = pdf.toString('latin1');
    expect(text).toContain('(a \\(b\\) \\\\ c) Tj');
    expect(text).toContain('(Caf\\351 \\226 \\200) Tj');
    expect(text).toContain('/Title <FEFF00DC006E00EF0063006F00640065>');
  });
});

describe('makeManyPagePdf', () => {
  it('packs 100,000 pages into about a megabyte, quickly', () => {
    const started = Date.now();
    const pdf = makeManyPagePdf(100_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(pdf.length).toBeLessThan(1.5 * 1024 * 1024);
    const text = pdf.toString('latin1');
    expect(text).toContain('/Count 100000');
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 200)).toMatch(
      /^\d+ 0 obj\n<< \/Type \/XRef \/Size \d+ \/W \[1 4 2\]/,
    );
  });

  it('points every packed object at its object stream', () => {
    const text = makeManyPagePdf(130).toString('latin1');
    const [, body] = /\/Type \/ObjStm \/N (\d+)/.exec(text) ?? [];
    expect(Number(body)).toBe(130 + 3); // pages, and three intermediate nodes of 64
    const streamStart = text.indexOf('stream\n', text.indexOf('/Type /ObjStm')) + 7;
    const length = Number(/\/Type \/ObjStm[^>]*\/Length (\d+)/.exec(text)?.[1]);
    const packed = inflateSync(
      Buffer.from(text.slice(streamStart, streamStart + length), 'latin1'),
    );
    expect(packed.toString('latin1')).toMatch(/^5 0 6 \d+ 7 \d+ /);
  });
});

describe('images', () => {
  it('writes PNG chunks with their checksums', () => {
    const png = makePng(4, 2);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    let at = 8;
    const types: string[] = [];
    while (at < png.length) {
      const length = png.readUInt32BE(at);
      const type = png.toString('latin1', at + 4, at + 8);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      types.push(type);
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('writes a baseline JPEG from SOI to EOI', () => {
    const jpeg = makeJpeg(20, 10);
    expect(jpeg.subarray(0, 4).toString('hex')).toBe('ffd8ffe0');
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(jpeg.readUInt16BE(sof + 5)).toBe(10);
    expect(jpeg.readUInt16BE(sof + 7)).toBe(20);
  });
});
