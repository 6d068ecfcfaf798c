import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import {
  makeDocx,
  makeJpeg,
  makeOds,
  makeOdt,
  makePng,
  makePptx,
  makeText,
  makeXlsx,
  makeZip,
  makeZipBomb,
} from '@testing/files';
import { Collector, type Inspection } from './collector';
import { extractPlainText } from './extract';
import {
  extractOffice,
  headerFooterText,
  MAX_EMBEDDING_DEPTH,
  MAX_ZIP_ENTRIES,
  type OfficeType,
} from './office';

const MiB = 1024 * 1024;
const LIMITS = {
  maxUncompressedBytes: 16 * MiB,
  maxTextChars: 100_000,
  maxPages: 10,
  maxPdfBytes: 16 * MiB,
  imageReview: true,
};

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ocvrn-office-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(bytes: Buffer): string {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, bytes);
  return path;
}

async function read(
  type: OfficeType,
  bytes: Buffer,
  limits: Partial<typeof LIMITS> = {},
): Promise<Inspection> {
  const all = { ...LIMITS, ...limits };
  const collector = new Collector(all.maxTextChars);
  await extractOffice(fileOf(bytes), type, all, collector);
  return collector.result();
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const DOCX_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/** A Word document from raw parts: word/document.xml's body and any other parts. */
function rawDocx(body: string, parts: Record<string, string> = {}): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: DOCX_TYPES },
    { name: 'word/document.xml', data: `<w:document ${W}><w:body>${body}</w:body></w:document>` },
    ...Object.entries(parts).map(([name, data]) => ({ name, data })),
  ]);
}
const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe('extractOffice: Word', () => {
  it('reads paragraphs, header, footer and title, each marking where it is', async () => {
    const result = await read(
      'docx',
      makeDocx({
        paragraphs: ['Cocaine markets in Europe', 'Fish &amp; <chips>'],
        header: 'OFFICIAL-SENSITIVE',
        footer: 'Page 1 of 1',
        title: 'Drug markets',
      }),
    );
    expect(result.text).toBe(
      'Drug markets\nOFFICIAL-SENSITIVE\nPage 1 of 1\nCocaine markets in Europe\nFish &amp; <chips>',
    );
    expect(result.title).toBe('Drug markets');
    expect(result.markings).toEqual([{ marking: 'OFFICIAL-SENSITIVE', where: 'header' }]);
    expect(result.incomplete).toBeNull();
  });

  it('finds a sensitivity label by its name, in any case, without adding it to the text', async () => {
    const result = await read(
      'docx',
      makeDocx({ paragraphs: ['Findings'], sensitivityLabel: 'Official Sensitive' }),
    );
    expect(result.markings).toEqual([
      { marking: 'OFFICIAL-SENSITIVE', where: 'sensitivity label' },
    ]);
    expect(result.text).toBe('Findings');
  });

  it('leaves research prose, an all-capitals title and OFFICIAL alone', async () => {
    const result = await read(
      'docx',
      makeDocx({
        paragraphs: [
          'Informants keep their identity secret and some data is restricted to researchers.',
          'THE SECRET LIFE OF GANGS',
          'Classification: OFFICIAL',
        ],
        sensitivityLabel: 'Official',
      }),
    );
    expect(result.markings).toEqual([]);
  });

  it('keeps words apart: paragraphs, breaks, tabs and table cells', async () => {
    const result = await read(
      'docx',
      rawDocx(
        '<w:p><w:r><w:t>One</w:t></w:r><w:r><w:tab/><w:t>two</w:t><w:br/><w:t>three</w:t></w:r></w:p>' +
          p('four') +
          '<w:tbl><w:tr><w:tc>' +
          p('SECRET') +
          '</w:tc><w:tc>' +
          p('Information that could cause serious damage') +
          '</w:tc></w:tr><w:tr><w:tc>' +
          p('TOP SECRET') +
          '</w:tc></w:tr></w:tbl>' +
          '<w:p><w:r><w:instrText> PAGE </w:instrText><w:t>Caf&#xE9; &amp; bar</w:t></w:r></w:p>',
      ),
    );
    expect(result.text).toBe(
      'One two\nthree\nfour\nSECRET Information that could cause serious damage\nTOP SECRET\nCafé & bar',
    );
    // A table describing the scheme is not a marking; a row that is only a marking is.
    expect(result.markings).toEqual([{ marking: 'TOP SECRET', where: 'text' }]);
  });

  it('reads footnotes, endnotes, comments and custom properties', async () => {
    const result = await read(
      'docx',
      rawDocx(p('Body'), {
        'word/footnotes.xml': `<w:footnotes ${W}><w:footnote>${p('RESTRICTED')}</w:footnote></w:footnotes>`,
        'word/endnotes.xml': `<w:endnotes ${W}><w:endnote>${p('An endnote')}</w:endnote></w:endnotes>`,
        'word/comments.xml': `<w:comments ${W}><w:comment>${p('[SECRET] remove before sending')}</w:comment></w:comments>`,
        'docProps/custom.xml':
          '<Properties xmlns:vt="x"><property name="Classification"><vt:lpwstr>Confidential</vt:lpwstr></property>' +
          '<property name="Project"><vt:lpwstr>PROTECT</vt:lpwstr></property></Properties>',
      }),
    );
    expect(result.text).toBe('Body\nRESTRICTED\nAn endnote\n[SECRET] remove before sending');
    expect(result.markings).toEqual([
      { marking: 'PROTECT', where: 'document properties' },
      { marking: 'CONFIDENTIAL', where: 'sensitivity label' },
      { marking: 'RESTRICTED', where: 'footnotes' },
      { marking: 'SECRET', where: 'comments' },
    ]);
  });

  it('follows the package relationships to a main part with another name', async () => {
    const result = await read(
      'docx',
      makeZip([
        { name: '[Content_Types].xml', data: DOCX_TYPES },
        {
          name: '_rels/.rels',
          data:
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/>' +
            '</Relationships>',
        },
        {
          name: 'word/document2.xml',
          data: `<w:document ${W}><w:body>${p('Moved')}</w:body></w:document>`,
        },
      ]),
    );
    expect(result.text).toBe('Moved');
  });

  it('records a broken part and still reads the others', async () => {
    const result = await read(
      'docx',
      rawDocx(`${p('Start')}<w:p><w:r><w:t a="${'x'.repeat(2 * MiB)}`, {
        'word/header1.xml': `<w:hdr ${W}>${p('SECRET')}</w:hdr>`,
      }),
    );
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'header' }]);
    expect(result.text).toBe('SECRET\nStart');
    expect(result.incomplete).toBe(
      'The file could not be read: word/document.xml: malformed XML (a tag that does not end).',
    );
  });

  it('refuses XML nested too deep, keeping what came before', async () => {
    const result = await read('docx', rawDocx(`${p('SECRET')}${'<w:sdt>'.repeat(1000)}`));
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'text' }]);
    expect(result.incomplete).toMatch(
      /^The file could not be read: word\/document.xml: XML nested deeper than/,
    );
  });

  it('throws for a file that is not a zip (the worker reports it)', async () => {
    await expect(read('docx', makeText('not a zip at all'))).rejects.toThrow(/central directory/);
  });
});

describe('extractOffice: zip bombs', () => {
  it('reads a huge document only up to the limit, and checks what it read', async () => {
    const started = Date.now();
    const result = await read('docx', makeZipBomb({ firstParagraph: 'OFFICIAL-SENSITIVE' }), {
      maxUncompressedBytes: 8 * MiB,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.incomplete).toBe(
      'Only part of the file was inspected: word/document.xml expands to 2.0 GB, more than the 8 MB allowed.',
    );
    expect(result.markings).toEqual([{ marking: 'OFFICIAL-SENSITIVE', where: 'text' }]);
    expect(result.title).toBe('A very long report');
  });

  it('stops at the declared size of an entry that holds more than it declares', async () => {
    const result = await read(
      'docx',
      makeZipBomb({ firstParagraph: 'SECRET', declaredBytes: 2000, uncompressedBytes: 64 * MiB }),
      { maxUncompressedBytes: 1024 * MiB },
    );
    expect(result.incomplete).toBe(
      'Only part of the file was inspected: word/document.xml holds more data than the zip declares.',
    );
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'text' }]);
  });

  it('counts the budget over every entry together', async () => {
    const parts: Record<string, string> = {};
    for (let i = 1; i <= 5; i++)
      parts[`word/header${i}.xml`] = `<w:hdr ${W}>${p('h'.repeat(MiB))}</w:hdr>`;
    const result = await read('docx', rawDocx(p('Body'), parts), { maxUncompressedBytes: 3 * MiB });
    expect(result.incomplete).toBe(
      'Only part of the file was inspected: its content expands to more than 3 MB.',
    );
  });

  it(`lists at most ${MAX_ZIP_ENTRIES.toLocaleString('en-GB')} entries`, async () => {
    const result = await read(
      'docx',
      makeZipBomb({ uncompressedBytes: MiB, extraEntries: MAX_ZIP_ENTRIES + 10 }),
    );
    expect(result.incomplete).toBe(
      'Only part of the file was inspected: it holds more than 10,000 files.',
    );
    expect(result.text).toBe('A very long report\nThe end.');
  });
});

describe('extractOffice: Excel', () => {
  it('reads cells row by row, the sheet named, header codes stripped', async () => {
    const result = await read(
      'xlsx',
      makeXlsx({
        rows: [['Offence', 'Count'], ['Fraud & theft', '12'], ['RESTRICTED']],
        header: 'TOP SECRET',
        sheetName: 'Data 2023',
      }),
    );
    expect(result.text).toBe('Offence Count\nFraud & theft 12\nRESTRICTED\nTOP SECRET');
    expect(result.markings).toEqual([
      { marking: 'RESTRICTED', where: 'sheet Data 2023' },
      { marking: 'TOP SECRET', where: 'header' },
    ]);
  });

  it('reads inline strings and formula strings, not numbers', async () => {
    const result = await read(
      'xlsx',
      makeZip([
        { name: 'xl/workbook.xml', data: '<workbook><sheets/></workbook>' },
        {
          name: 'xl/worksheets/sheet1.xml',
          data:
            '<worksheet><sheetData><row><c t="inlineStr"><is><t>Inline</t></is></c><c><v>42</v></c>' +
            '<c t="str"><f>A1</f><v>Formula</v></c></row></sheetData></worksheet>',
        },
      ]),
    );
    expect(result.text).toBe('Inline Formula');
  });

  it('strips header and footer codes', () => {
    expect(headerFooterText('&L&"Arial,Bold"&14SECRET&C&KFF0000Page &P of &N&RA && B')).toBe(
      '\tSECRET\tPage   of  \tA & B',
    );
  });
});

describe('extractOffice: PowerPoint', () => {
  it('reads slides in order, their notes, and checks masters without keeping them', async () => {
    const pptx = makePptx({
      slides: ['County lines\nExploitation', 'RESTRICTED'],
      notes: ['Say SECRET'],
    });
    const result = await read('pptx', pptx);
    expect(result.text).toBe('County lines\nExploitation\nRESTRICTED\nSay SECRET');
    expect(result.markings).toEqual([{ marking: 'RESTRICTED', where: 'slide 2' }]);
  });

  it('names notes by their slide', async () => {
    const result = await read('pptx', makePptx({ slides: ['One', 'Two'], notes: ['', 'SECRET'] }));
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'notes, slide 2' }]);
  });
});

describe('extractOffice: OpenDocument', () => {
  it('reads text, header and title', async () => {
    const result = await read(
      'odt',
      makeOdt({
        paragraphs: ['Harm index', 'PROTECT - PERSONAL'],
        header: 'SECRET',
        title: 'Harm',
      }),
    );
    expect(result.text).toBe('Harm\nSECRET\nHarm index\nPROTECT - PERSONAL');
    expect(result.title).toBe('Harm');
    expect(result.markings).toEqual([
      { marking: 'SECRET', where: 'header' },
      { marking: 'PROTECT', where: 'text' },
    ]);
  });

  it('keeps spaces, tabs and line breaks, and skips annotation authors', async () => {
    const ns =
      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"';
    const result = await read(
      'odt',
      makeZip([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
        {
          name: 'content.xml',
          data:
            `<office:document-content ${ns}><office:body><office:text>` +
            '<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d' +
            '<office:annotation><dc:creator>SECRET</dc:creator><text:p>note</text:p></office:annotation></text:p>' +
            '<text:h>Heading</text:h></office:text></office:body></office:document-content>',
        },
      ]),
    );
    expect(result.text).toBe('a b c\ndnote\n\nHeading');
    expect(result.markings).toEqual([]);
  });

  it('names each spreadsheet table as a sheet', async () => {
    const result = await read(
      'ods',
      makeOds({ rows: [['Year', 'Cases'], ['SECRET']], sheetName: 'Cases' }),
    );
    expect(result.text).toBe('Year Cases\nSECRET');
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'sheet Cases' }]);
  });
});

describe('extractPlainText', () => {
  async function readText(bytes: Buffer, maxUncompressedBytes = MiB) {
    const collector = new Collector(100_000);
    await extractPlainText(fileOf(bytes), { ...LIMITS, maxUncompressedBytes }, collector);
    return collector.result();
  }

  it('keeps text as written, without the BOM', async () => {
    const result = await readText(Buffer.from('\ufeffa,b\r\n"c, d",e\r\nRESTRICTED\r\n', 'utf8'));
    expect(result.text).toBe('a,b\r\n"c, d",e\r\nRESTRICTED');
    expect(result.markings).toEqual([{ marking: 'RESTRICTED', where: 'text' }]);
  });

  it('reads only up to the byte limit', async () => {
    const result = await readText(makeText(`SECRET\n${'x'.repeat(3 * MiB)}`), MiB);
    expect(result.incomplete).toBe('Only the first 1 MB of the file were inspected.');
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'text' }]);
  });

  it('reads an empty file as no text', async () => {
    expect(await readText(Buffer.alloc(0))).toMatchObject({ text: '', incomplete: null });
  });
});

/** The same zip with more parts added (an embedded object, a chart, an image). */
function withParts(zip: Buffer, parts: Record<string, string | Buffer>): Buffer {
  const entries = Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => ({
    name,
    data: Buffer.from(data),
  }));
  return makeZip([...entries, ...Object.entries(parts).map(([name, data]) => ({ name, data }))]);
}

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"';
const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
/** A chart: a rich-text title, and series and category names in string caches. */
function chart(title: string, series: string, categories: string[]): string {
  const cache = (values: string[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>${values
      .map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)
      .join('')}</c:strCache>`;
  return (
    `<c:chartSpace ${C} ${A}><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>${title}</a:t></a:r></a:p>` +
    `</c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f>` +
    `${cache([series])}</c:strRef></c:tx><c:cat><c:strRef>${cache(categories)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>42</c:v></c:pt></c:numCache></c:numRef></c:val>` +
    `</c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`
  );
}
const smartArt = (texts: string[]) =>
  `<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" ${A}><dgm:ptLst>${texts
    .map(
      (t, i) =>
        `<dgm:pt modelId="${i}"><dgm:t><a:bodyPr/><a:p><a:r><a:t>${t}</a:t></a:r></a:p></dgm:t></dgm:pt>`,
    )
    .join('')}</dgm:ptLst></dgm:dataModel>`;
const OLE = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);

describe('extractOffice: charts, SmartArt, drawings', () => {
  it("reads a chart's title and its category and series names, not its numbers", async () => {
    const docx = makeDocx({
      paragraphs: ['Seizures by port'],
      parts: [
        { name: 'word/charts/chart1.xml', data: chart('SECRET', 'Tonnes', ['Dover', 'Hull']) },
      ],
    });
    const result = await read('docx', docx);
    expect(result.markings).toEqual([{ marking: 'SECRET', where: 'chart' }]);
    expect(result.text).toBe('Seizures by port\nSECRET\nTonnes\nDover\nHull');
    expect(result.incomplete).toBeNull();
  });

  it('reads SmartArt text, in Word, Excel and PowerPoint', async () => {
    const parts = { data: smartArt(['Step one', 'OFFICIAL-SENSITIVE']) };
    const cases: [OfficeType, Buffer][] = [
      [
        'docx',
        withParts(makeDocx({ paragraphs: ['x'] }), { 'word/diagrams/data1.xml': parts.data }),
      ],
      ['xlsx', withParts(makeXlsx({ rows: [['x']] }), { 'xl/diagrams/data1.xml': parts.data })],
      ['pptx', withParts(makePptx({ slides: ['x'] }), { 'ppt/diagrams/data1.xml': parts.data })],
    ];
    for (const [type, bytes] of cases) {
      const result = await read(type, bytes);
      expect(result.markings).toEqual([{ marking: 'OFFICIAL-SENSITIVE', where: 'diagram' }]);
    }
  });

  it('reads charts and text boxes on a sheet', async () => {
    const drawing =
      `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ${A}>` +
      '<xdr:sp><xdr:txBody><a:p><a:r><a:t>RESTRICTED</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>';
    const xlsx = withParts(makeXlsx({ rows: [['Port', 'Tonnes']] }), {
      'xl/drawings/drawing1.xml': drawing,
      'xl/charts/chart1.xml': chart('Totals', 'CONFIDENTIAL', ['a']),
    });
    const result = await read('xlsx', xlsx);
    expect(result.markings).toEqual([
      { marking: 'CONFIDENTIAL', where: 'chart' },
      { marking: 'RESTRICTED', where: 'drawing' },
    ]);
  });
});

describe('extractOffice: embedded documents and images', () => {
  it('opens an embedded workbook and document, naming where a marking was found', async () => {
    const docx = makeDocx({
      paragraphs: ['Report'],
      parts: [
        {
          name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx',
          data: makeXlsx({ rows: [['Port', 'Tonnes']], header: 'SECRET' }),
        },
        {
          name: 'word/embeddings/Microsoft_Word_Document.docx',
          data: makeDocx({ paragraphs: ['Annex'], sensitivityLabel: 'Official Sensitive' }),
        },
      ],
    });
    const result = await read('docx', docx);
    expect(result.markings).toEqual([
      { marking: 'SECRET', where: 'header (in word/embeddings/Microsoft_Excel_Worksheet.xlsx)' },
      {
        marking: 'OFFICIAL-SENSITIVE',
        where: 'sensitivity label (in word/embeddings/Microsoft_Word_Document.docx)',
      },
    ]);
    expect(result.text).toContain('Port Tonnes');
    expect(result.title).toBeNull();
    expect(result.incomplete).toBeNull();
  });

  it('names an OLE object, or anything else it cannot open, as not inspected', async () => {
    const docx = makeDocx({
      paragraphs: ['Report'],
      parts: [
        { name: 'word/embeddings/oleObject1.bin', data: OLE },
        { name: 'word/embeddings/Microsoft_Word_Document.docx', data: Buffer.from('%PDF-1.7\n') },
      ],
    });
    expect((await read('docx', docx)).incomplete).toBe(
      'Not every part of the file was inspected: it holds embedded objects that could not be ' +
        'read (word/embeddings/Microsoft_Word_Document.docx: a PDF, word/embeddings/oleObject1.bin: an OLE object).',
    );
  });

  it(`opens documents nested ${MAX_EMBEDDING_DEPTH} deep, and no deeper`, async () => {
    let inner = makeDocx({ paragraphs: ['SECRET'] });
    for (let depth = 0; depth < MAX_EMBEDDING_DEPTH; depth++) {
      inner = makeDocx({
        paragraphs: [`Level ${depth}`],
        parts: [{ name: 'word/embeddings/inner.docx', data: inner }],
      });
    }
    const ok = await read('docx', inner);
    expect(ok.markings).toHaveLength(1);
    expect(ok.incomplete).toBeNull();
    const deeper = makeDocx({
      paragraphs: ['Top'],
      parts: [{ name: 'word/embeddings/inner.docx', data: inner }],
    });
    const result = await read('docx', deeper);
    expect(result.markings).toEqual([]);
    expect(result.incomplete).toMatch(
      new RegExp(
        `word/embeddings/inner\\.docx in .*: nested more than ${MAX_EMBEDDING_DEPTH} deep`,
      ),
    );
  });

  it('counts embedded documents against the same byte budget', async () => {
    const docx = makeDocx({
      paragraphs: ['Report'],
      parts: [
        { name: 'word/embeddings/big.docx', data: makeDocx({ paragraphs: ['x'.repeat(300_000)] }) },
      ],
    });
    const result = await read('docx', docx, { maxUncompressedBytes: 200_000 });
    expect(result.incomplete).toMatch(
      /^Only part of the file was inspected: word\/document\.xml expands to .+ \(in word\/embeddings\/big\.docx\)\.$/,
    );
  });

  it("checks images' metadata, and holds a file with images for review by default", async () => {
    const docx = makeDocx({
      paragraphs: ['Photographs'],
      parts: [
        { name: 'word/media/image1.png', data: makePng(8, 8, { xmp: { title: 'TOP SECRET' } }) },
        { name: 'word/media/image2.jpeg', data: makeJpeg() },
        { name: 'word/media/image3.emf', data: Buffer.from('not read') },
      ],
    });
    const held = await read('docx', docx);
    expect(held.markings).toEqual([
      { marking: 'TOP SECRET', where: 'image metadata (word/media/image1.png)' },
    ]);
    expect(held.incomplete).toBe(
      'Not every part of the file was inspected: it holds 3 images whose picture cannot be ' +
        'checked for markings (word/media/image1.png, word/media/image2.jpeg, word/media/image3.emf).',
    );
    const passed = await read('docx', docx, { imageReview: false });
    expect(passed.markings).toHaveLength(1);
    expect(passed.incomplete).toBeNull();
  });

  it('reads an OpenDocument chart object and pictures', async () => {
    const chartContent =
      '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:chart>' +
      '<text:p>RESTRICTED</text:p></office:chart></office:body></office:document-content>';
    const odt = withParts(makeOdt({ paragraphs: ['Findings'] }), {
      'Object 1/content.xml': chartContent,
      'Pictures/logo.png': makePng(),
    });
    const result = await read('odt', odt);
    expect(result.markings).toEqual([{ marking: 'RESTRICTED', where: 'embedded object' }]);
    expect(result.incomplete).toMatch(
      /an image whose picture cannot be checked for markings \(Pictures\/logo\.png\)/,
    );
  });
});
