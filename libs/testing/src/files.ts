import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

/*
 * Real files, written byte by byte to their formats' specifications, for upload tests and
 * benchmarks: file-type recognises each as what it claims to be, pdfjs reads the PDFs' text
 * back, so tests go down the same paths as real uploads (inspection/inspect.spec.ts checks
 * both). No ESM imports: jest loads this file.
 */

// ---------------------------------------------------------------------------------------------
// ZIP

/** One member of a zip; `store` keeps it uncompressed (ODF's `mimetype` must be). */
export interface ZipItem {
  name: string;
  data: string | Buffer;
  store?: boolean;
}

/** A member whose bytes are already deflated (or stored): lets a bomb declare any size. */
interface RawZipEntry {
  name: string;
  method: 0 | 8;
  body: Buffer;
  crc: number;
  size: number;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 0x0800;

function writeZip(entries: RawZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new Error('writeZip: zip64 is not supported');
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    if (e.size > 0xffffffff || e.body.length > 0xffffffff) throw new Error('writeZip: too big');
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(e.method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(e.crc >>> 0, 16);
    header.writeUInt32LE(e.body.length, 20);
    header.writeUInt32LE(e.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, e.body);
    central.push(header, name);
    offset += local.length + name.length + e.body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A zip of the given members, in order, deflated unless `store`. */
export function makeZip(items: ZipItem[]): Buffer {
  return writeZip(
    items.map((item) => {
      const data = typeof item.data === 'string' ? Buffer.from(item.data, 'utf8') : item.data;
      const store = item.store ?? false;
      return {
        name: item.name,
        method: store ? 0 : 8,
        body: store ? data : deflateRawSync(data),
        crc: crc32(data),
        size: data.length,
      };
    }),
  );
}

// CRC-32 of concatenations without reading the bytes again (zlib's crc32_combine).
function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i];
  return sum >>> 0;
}
function gf2Square(square: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(matrix, matrix[n]);
}
function crc32Combine(crc1: number, crc2: number, length2: number): number {
  if (length2 <= 0) return crc1;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd);
  gf2Square(odd, even);
  let remaining = length2;
  let crc = crc1 >>> 0;
  for (;;) {
    gf2Square(even, odd);
    if (remaining % 2 === 1) crc = gf2Times(even, crc);
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
    gf2Square(odd, even);
    if (remaining % 2 === 1) crc = gf2Times(odd, crc);
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
  }
  return (crc ^ crc2) >>> 0;
}
/** CRC-32 of `block` repeated `times` times, by doubling. */
function crc32Repeated(blockCrc: number, blockLength: number, times: number): number {
  let result = 0;
  let resultLength = 0;
  let power = blockCrc;
  let powerLength = blockLength;
  for (let n = times; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) {
      result = resultLength === 0 ? power : crc32Combine(result, power, powerLength);
      resultLength += powerLength;
    }
    if (n > 1) {
      power = crc32Combine(power, power, powerLength);
      powerLength *= 2;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// XML helpers

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PML = 'http://schemas.openxmlformats.org/presentationml/2006/main';
const DML = 'http://schemas.openxmlformats.org/drawingml/2006/main';

const MIME = {
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
  core: 'application/vnd.openxmlformats-package.core-properties+xml',
  app: 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
  custom: 'application/vnd.openxmlformats-officedocument.custom-properties+xml',
  labels: 'application/vnd.ms-office.classificationlabels+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  docm: 'application/vnd.ms-word.document.macroEnabled.main+xml',
  header: 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml',
  footer: 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml',
  vba: 'application/vnd.ms-office.vbaProject',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  sheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  strings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notes: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  master: 'application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml',
  layout: 'application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml',
  notesMaster: 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml',
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
} as const;

function contentTypes(overrides: [string, string][], defaults: [string, string][] = []): string {
  return (
    `${XML_DECL}<Types xmlns="${CT}">` +
    `<Default Extension="rels" ContentType="${MIME.rels}"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    defaults.map(([ext, type]) => `<Default Extension="${ext}" ContentType="${type}"/>`).join('') +
    overrides
      .map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`)
      .join('') +
    '</Types>'
  );
}

function relationships(rels: [id: string, type: string, target: string][]): string {
  return (
    `${XML_DECL}<Relationships xmlns="${PR}">` +
    rels
      .map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`)
      .join('') +
    '</Relationships>'
  );
}

function coreProperties(title?: string): string {
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    (title === undefined ? '' : `<dc:title>${xml(title)}</dc:title>`) +
    '<dc:creator>OCVRN tests</dc:creator>' +
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>' +
    '</cp:coreProperties>'
  );
}

function appProperties(application: string): string {
  return (
    `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
    `<Application>${application}</Application></Properties>`
  );
}

// ---------------------------------------------------------------------------------------------
// Word

export interface DocxOptions {
  paragraphs: string[];
  header?: string;
  footer?: string;
  /** An Office (Purview) sensitivity label name, e.g. `Official Sensitive`. */
  sensitivityLabel?: string;
  title?: string;
  /** More parts as they are (charts, SmartArt, embedded documents, images), after the rest. */
  parts?: ZipItem[];
}

function wordParagraphs(paragraphs: string[]): string {
  return paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${xml(p)}</w:t></w:r></w:p>`)
    .join('');
}

function wordParts(options: DocxOptions, mainType: string): ZipItem[] {
  const label = options.sensitivityLabel;
  const labelId = '{3d8a9c52-6f1e-4b7a-9c1d-2e5f8a7b6c41}';
  const overrides: [string, string][] = [
    ['/word/document.xml', mainType],
    ['/docProps/core.xml', MIME.core],
    ['/docProps/app.xml', MIME.app],
  ];
  const docRels: [string, string, string][] = [];
  if (options.header !== undefined) {
    overrides.push(['/word/header1.xml', MIME.header]);
    docRels.push(['rId1', `${OD}/header`, 'header1.xml']);
  }
  if (options.footer !== undefined) {
    overrides.push(['/word/footer1.xml', MIME.footer]);
    docRels.push(['rId2', `${OD}/footer`, 'footer1.xml']);
  }
  const rootRels: [string, string, string][] = [
    ['rId1', `${OD}/officeDocument`, 'word/document.xml'],
    ['rId2', `${PR}/metadata/core-properties`, 'docProps/core.xml'],
    ['rId3', `${OD}/extended-properties`, 'docProps/app.xml'],
  ];
  if (label !== undefined) {
    overrides.push(
      ['/docProps/custom.xml', MIME.custom],
      ['/docMetadata/LabelInfo.xml', MIME.labels],
    );
    rootRels.push(
      ['rId4', `${OD}/custom-properties`, 'docProps/custom.xml'],
      [
        'rId5',
        'http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels',
        'docMetadata/LabelInfo.xml',
      ],
    );
  }
  const sectPr =
    '<w:sectPr>' +
    (options.header === undefined ? '' : '<w:headerReference w:type="default" r:id="rId1"/>') +
    (options.footer === undefined ? '' : '<w:footerReference w:type="default" r:id="rId2"/>') +
    '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>';
  const items: ZipItem[] = [
    { name: '[Content_Types].xml', data: contentTypes(overrides) },
    { name: '_rels/.rels', data: relationships(rootRels) },
    {
      name: 'word/document.xml',
      data:
        `${XML_DECL}<w:document xmlns:w="${W}" xmlns:r="${OD}"><w:body>` +
        wordParagraphs(options.paragraphs) +
        sectPr +
        '</w:body></w:document>',
    },
  ];
  if (docRels.length > 0) {
    items.push({ name: 'word/_rels/document.xml.rels', data: relationships(docRels) });
  }
  if (options.header !== undefined) {
    items.push({
      name: 'word/header1.xml',
      data: `${XML_DECL}<w:hdr xmlns:w="${W}">${wordParagraphs([options.header])}</w:hdr>`,
    });
  }
  if (options.footer !== undefined) {
    items.push({
      name: 'word/footer1.xml',
      data: `${XML_DECL}<w:ftr xmlns:w="${W}">${wordParagraphs([options.footer])}</w:ftr>`,
    });
  }
  items.push(
    { name: 'docProps/core.xml', data: coreProperties(options.title) },
    { name: 'docProps/app.xml', data: appProperties('Microsoft Office Word') },
  );
  if (label !== undefined) {
    const prefix = `MSIP_Label_${labelId.slice(1, -1)}`;
    const props: [string, string][] = [
      [`${prefix}_Enabled`, 'true'],
      [`${prefix}_SetDate`, '2024-01-01T00:00:00Z'],
      [`${prefix}_Method`, 'Standard'],
      [`${prefix}_Name`, label],
      [`${prefix}_SiteId`, '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'],
      [`${prefix}_ContentBits`, '0'],
    ];
    items.push(
      {
        name: 'docProps/custom.xml',
        data:
          `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ` +
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
          props
            .map(
              ([name, value], i) =>
                `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${name}">` +
                `<vt:lpwstr>${xml(value)}</vt:lpwstr></property>`,
            )
            .join('') +
          '</Properties>',
      },
      {
        name: 'docMetadata/LabelInfo.xml',
        data:
          `${XML_DECL}<clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata">` +
          `<clbl:label id="${labelId}" enabled="1" method="Standard" siteId="{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}" removed="0"/>` +
          '</clbl:labelList>',
      },
    );
  }
  return items;
}

/** A Word document: paragraphs, and optionally a header, footer, title and sensitivity label. */
export function makeDocx(options: DocxOptions): Buffer {
  return makeZip([...wordParts(options, MIME.docx), ...(options.parts ?? [])]);
}

/** A macro-enabled Word document (.docm content type and a vbaProject part). */
export function makeDocm(paragraphs: string[] = ['A document with a macro.']): Buffer {
  const items = wordParts({ paragraphs }, MIME.docm);
  items[0] = {
    name: '[Content_Types].xml',
    data: contentTypes(
      [
        ['/word/document.xml', MIME.docm],
        ['/docProps/core.xml', MIME.core],
        ['/docProps/app.xml', MIME.app],
      ],
      [['bin', MIME.vba]],
    ),
  };
  items.push(
    {
      name: 'word/_rels/document.xml.rels',
      data: relationships([
        [
          'rId9',
          'http://schemas.microsoft.com/office/2006/relationships/vbaProject',
          'vbaProject.bin',
        ],
      ]),
    },
    // Not a real VBA storage: detection must refuse on the content type alone.
    { name: 'word/vbaProject.bin', data: Buffer.from('d0cf11e0a1b11ae1', 'hex') },
  );
  return makeZip(items);
}

// ---------------------------------------------------------------------------------------------
// Excel

export interface XlsxOptions {
  rows: string[][];
  /** Printed page header (centre section). */
  header?: string;
  sheetName?: string;
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** An Excel workbook of one sheet; cells are shared strings. */
export function makeXlsx(options: XlsxOptions): Buffer {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const stringIndex = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const rows = options.rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">` +
        row
          .map((cell, c) => `<c r="${columnName(c)}${r + 1}" t="s"><v>${stringIndex(cell)}</v></c>`)
          .join('') +
        '</row>',
    )
    .join('');
  const headerFooter =
    options.header === undefined
      ? ''
      : `<headerFooter><oddHeader>${xml(`&C${options.header.replace(/&/g, '&&')}`)}</oddHeader></headerFooter>`;
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: contentTypes([
        ['/xl/workbook.xml', MIME.xlsx],
        ['/xl/worksheets/sheet1.xml', MIME.sheet],
        ['/xl/sharedStrings.xml', MIME.strings],
        ['/docProps/core.xml', MIME.core],
        ['/docProps/app.xml', MIME.app],
      ]),
    },
    {
      name: '_rels/.rels',
      data: relationships([
        ['rId1', `${OD}/officeDocument`, 'xl/workbook.xml'],
        ['rId2', `${PR}/metadata/core-properties`, 'docProps/core.xml'],
        ['rId3', `${OD}/extended-properties`, 'docProps/app.xml'],
      ]),
    },
    {
      name: 'xl/workbook.xml',
      data:
        `${XML_DECL}<workbook xmlns="${SML}" xmlns:r="${OD}"><sheets>` +
        `<sheet name="${xml(options.sheetName ?? 'Sheet1')}" sheetId="1" r:id="rId1"/>` +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: relationships([
        ['rId1', `${OD}/worksheet`, 'worksheets/sheet1.xml'],
        ['rId2', `${OD}/sharedStrings`, 'sharedStrings.xml'],
      ]),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `${XML_DECL}<worksheet xmlns="${SML}"><sheetData>${rows}</sheetData>${headerFooter}</worksheet>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      data:
        `${XML_DECL}<sst xmlns="${SML}" count="${strings.length}" uniqueCount="${strings.length}">` +
        strings.map((s) => `<si><t xml:space="preserve">${xml(s)}</t></si>`).join('') +
        '</sst>',
    },
    { name: 'docProps/core.xml', data: coreProperties() },
    { name: 'docProps/app.xml', data: appProperties('Microsoft Excel') },
  ]);
}

// ---------------------------------------------------------------------------------------------
// PowerPoint

export interface PptxOptions {
  slides: string[];
  /** Speaker notes, by slide index. */
  notes?: string[];
}

const THEME =
  `${XML_DECL}<a:theme xmlns:a="${DML}" name="Office Theme"><a:themeElements>` +
  '<a:clrScheme name="Office">' +
  '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>' +
  '<a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>' +
  '<a:accent1><a:srgbClr val="4F81BD"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2>' +
  '<a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4>' +
  '<a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6>' +
  '<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink>' +
  '</a:clrScheme>' +
  '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>' +
  '<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>' +
  '<a:fmtScheme name="Office"><a:fillStyleLst>' +
  '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'.repeat(3) +
  '</a:fillStyleLst><a:lnStyleLst>' +
  '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'.repeat(3) +
  '</a:lnStyleLst><a:effectStyleLst>' +
  '<a:effectStyle><a:effectLst/></a:effectStyle>'.repeat(3) +
  '</a:effectStyleLst><a:bgFillStyleLst>' +
  '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'.repeat(3) +
  '</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>';

const EMPTY_TREE =
  '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>' +
  '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>';

function textShape(id: number, text: string, placeholder = ''): string {
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Text ${id}"/><p:cNvSpPr/><p:nvPr>${placeholder}</p:nvPr></p:nvSpPr>` +
    '<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="8229600" cy="4525963"/></a:xfrm>' +
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>' +
    text
      .split('\n')
      .map((line) => `<a:p><a:r><a:rPr lang="en-GB"/><a:t>${xml(line)}</a:t></a:r></a:p>`)
      .join('') +
    '</p:txBody></p:sp>'
  );
}

/** A PowerPoint presentation: one text box per slide, optional speaker notes. */
export function makePptx(options: PptxOptions): Buffer {
  const ns = `xmlns:a="${DML}" xmlns:r="${OD}" xmlns:p="${PML}"`;
  const notes = options.notes ?? [];
  const hasNotes = notes.some((n) => n !== undefined && n !== '');
  const overrides: [string, string][] = [
    ['/ppt/presentation.xml', MIME.pptx],
    ['/ppt/slideMasters/slideMaster1.xml', MIME.master],
    ['/ppt/slideLayouts/slideLayout1.xml', MIME.layout],
    ['/ppt/theme/theme1.xml', MIME.theme],
    ['/docProps/core.xml', MIME.core],
    ['/docProps/app.xml', MIME.app],
  ];
  if (hasNotes) overrides.push(['/ppt/notesMasters/notesMaster1.xml', MIME.notesMaster]);
  const presentationRels: [string, string, string][] = [
    ['rId1', `${OD}/slideMaster`, 'slideMasters/slideMaster1.xml'],
    ['rId2', `${OD}/theme`, 'theme/theme1.xml'],
  ];
  if (hasNotes)
    presentationRels.push(['rId3', `${OD}/notesMaster`, 'notesMasters/notesMaster1.xml']);
  const items: ZipItem[] = [];
  options.slides.forEach((text, i) => {
    const n = i + 1;
    overrides.push([`/ppt/slides/slide${n}.xml`, MIME.slide]);
    presentationRels.push([`rId${100 + n}`, `${OD}/slide`, `slides/slide${n}.xml`]);
    const slideRels: [string, string, string][] = [
      ['rId1', `${OD}/slideLayout`, '../slideLayouts/slideLayout1.xml'],
    ];
    items.push({
      name: `ppt/slides/slide${n}.xml`,
      data: `${XML_DECL}<p:sld ${ns}><p:cSld><p:spTree>${EMPTY_TREE}${textShape(2, text)}</p:spTree></p:cSld></p:sld>`,
    });
    const note = notes[i];
    if (note !== undefined && note !== '') {
      overrides.push([`/ppt/notesSlides/notesSlide${n}.xml`, MIME.notes]);
      slideRels.push(['rId2', `${OD}/notesSlide`, `../notesSlides/notesSlide${n}.xml`]);
      items.push(
        {
          name: `ppt/notesSlides/notesSlide${n}.xml`,
          data:
            `${XML_DECL}<p:notes ${ns}><p:cSld><p:spTree>${EMPTY_TREE}` +
            textShape(2, note, '<p:ph type="body" idx="1"/>') +
            '</p:spTree></p:cSld></p:notes>',
        },
        {
          name: `ppt/notesSlides/_rels/notesSlide${n}.xml.rels`,
          data: relationships([
            ['rId1', `${OD}/notesMaster`, '../notesMasters/notesMaster1.xml'],
            ['rId2', `${OD}/slide`, `../slides/slide${n}.xml`],
          ]),
        },
      );
    }
    items.push({ name: `ppt/slides/_rels/slide${n}.xml.rels`, data: relationships(slideRels) });
  });
  const head: ZipItem[] = [
    { name: '[Content_Types].xml', data: contentTypes(overrides) },
    {
      name: '_rels/.rels',
      data: relationships([
        ['rId1', `${OD}/officeDocument`, 'ppt/presentation.xml'],
        ['rId2', `${PR}/metadata/core-properties`, 'docProps/core.xml'],
        ['rId3', `${OD}/extended-properties`, 'docProps/app.xml'],
      ]),
    },
    {
      name: 'ppt/presentation.xml',
      data:
        `${XML_DECL}<p:presentation ${ns}>` +
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>' +
        (hasNotes
          ? '<p:notesMasterIdLst><p:notesMasterId r:id="rId3"/></p:notesMasterIdLst>'
          : '') +
        '<p:sldIdLst>' +
        options.slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${101 + i}"/>`).join('') +
        '</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>' +
        '</p:presentation>',
    },
    { name: 'ppt/_rels/presentation.xml.rels', data: relationships(presentationRels) },
    {
      name: 'ppt/slideMasters/slideMaster1.xml',
      data:
        `${XML_DECL}<p:sldMaster ${ns}><p:cSld><p:spTree>${EMPTY_TREE}</p:spTree></p:cSld>` +
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" ' +
        'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>' +
        '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>',
    },
    {
      name: 'ppt/slideMasters/_rels/slideMaster1.xml.rels',
      data: relationships([
        ['rId1', `${OD}/slideLayout`, '../slideLayouts/slideLayout1.xml'],
        ['rId2', `${OD}/theme`, '../theme/theme1.xml'],
      ]),
    },
    {
      name: 'ppt/slideLayouts/slideLayout1.xml',
      data:
        `${XML_DECL}<p:sldLayout ${ns} type="blank"><p:cSld name="Blank"><p:spTree>${EMPTY_TREE}</p:spTree></p:cSld>` +
        '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>',
    },
    {
      name: 'ppt/slideLayouts/_rels/slideLayout1.xml.rels',
      data: relationships([['rId1', `${OD}/slideMaster`, '../slideMasters/slideMaster1.xml']]),
    },
    { name: 'ppt/theme/theme1.xml', data: THEME },
  ];
  if (hasNotes) {
    overrides.push(['/ppt/theme/theme2.xml', MIME.theme]);
    head[0] = { name: '[Content_Types].xml', data: contentTypes(overrides) };
    head.push(
      {
        name: 'ppt/notesMasters/notesMaster1.xml',
        data:
          `${XML_DECL}<p:notesMaster ${ns}><p:cSld><p:spTree>${EMPTY_TREE}</p:spTree></p:cSld>` +
          '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" ' +
          'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/></p:notesMaster>',
      },
      {
        name: 'ppt/notesMasters/_rels/notesMaster1.xml.rels',
        data: relationships([['rId1', `${OD}/theme`, '../theme/theme2.xml']]),
      },
      { name: 'ppt/theme/theme2.xml', data: THEME },
    );
  }
  return makeZip([
    ...head,
    ...items,
    { name: 'docProps/core.xml', data: coreProperties() },
    { name: 'docProps/app.xml', data: appProperties('Microsoft Office PowerPoint') },
  ]);
}

// ---------------------------------------------------------------------------------------------
// OpenDocument

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"';

function odfPackage(mime: string, content: string, styles: string, title?: string): Buffer {
  return makeZip([
    { name: 'mimetype', data: mime, store: true },
    {
      name: 'META-INF/manifest.xml',
      data:
        `${XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
        `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${mime}"/>` +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
        '</manifest:manifest>',
    },
    { name: 'content.xml', data: content },
    { name: 'styles.xml', data: styles },
    {
      name: 'meta.xml',
      data:
        `${XML_DECL}<office:document-meta ${ODF_NS}><office:meta>` +
        (title === undefined ? '' : `<dc:title>${xml(title)}</dc:title>`) +
        '<meta:generator>OCVRN tests</meta:generator></office:meta></office:document-meta>',
    },
  ]);
}

function odfStyles(header?: string): string {
  return (
    `${XML_DECL}<office:document-styles ${ODF_NS}><office:automatic-styles>` +
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout>' +
    '</office:automatic-styles><office:master-styles>' +
    '<style:master-page style:name="Standard" style:page-layout-name="pm1">' +
    (header === undefined ? '' : `<style:header><text:p>${xml(header)}</text:p></style:header>`) +
    '</style:master-page></office:master-styles></office:document-styles>'
  );
}

/** An OpenDocument text (LibreOffice Writer) document. */
export function makeOdt(options: {
  paragraphs: string[];
  header?: string;
  title?: string;
}): Buffer {
  const content =
    `${XML_DECL}<office:document-content ${ODF_NS}><office:body><office:text>` +
    options.paragraphs.map((p) => `<text:p>${xml(p)}</text:p>`).join('') +
    '</office:text></office:body></office:document-content>';
  return odfPackage(
    'application/vnd.oasis.opendocument.text',
    content,
    odfStyles(options.header),
    options.title,
  );
}

/** An OpenDocument spreadsheet (LibreOffice Calc) of one sheet. */
export function makeOds(options: { rows: string[][]; sheetName?: string }): Buffer {
  const content =
    `${XML_DECL}<office:document-content ${ODF_NS}><office:body><office:spreadsheet>` +
    `<table:table table:name="${xml(options.sheetName ?? 'Sheet1')}">` +
    options.rows
      .map(
        (row) =>
          '<table:table-row>' +
          row
            .map(
              (cell) =>
                `<table:table-cell office:value-type="string"><text:p>${xml(cell)}</text:p></table:table-cell>`,
            )
            .join('') +
          '</table:table-row>',
      )
      .join('') +
    '</table:table></office:spreadsheet></office:body></office:document-content>';
  return odfPackage('application/vnd.oasis.opendocument.spreadsheet', content, odfStyles());
}

// ---------------------------------------------------------------------------------------------
// PDF

const WIN_ANSI: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
  '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93,
  '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}; // prettier-ignore

/** A PDF literal string in WinAnsiEncoding, as ASCII: escapes and octal for the rest. */
function pdfLiteral(text: string): string {
  let out = '(';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else {
      const byte = WIN_ANSI[ch] ?? (code >= 0xa0 && code <= 0xff ? code : 0x3f);
      out += `\\${byte.toString(8).padStart(3, '0')}`;
    }
  }
  return `${out})`;
}

/** A PDF text string for the Info dictionary: literal when ASCII, else UTF-16BE hex. */
function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return pdfLiteral(text);
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

function pageContent(text: string): string {
  const lines = text.split('\n').map((line) => `${pdfLiteral(line)} Tj T*`);
  return `BT /F1 12 Tf 14 TL 72 770 Td ${lines.join(' ')} ET`;
}

/** Serialises numbered objects (1…n, all ASCII) with a correct xref table. */
function writePdf(objects: string[], trailer: string): Buffer {
  const header = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const chunks: string[] = [header];
  const offsets: number[] = [];
  let position = header.length;
  objects.forEach((body, i) => {
    const obj = `${i + 1} 0 obj\n${body}\nendobj\n`;
    offsets.push(position);
    chunks.push(obj);
    position += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`];
  for (const offset of offsets) xref.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  chunks.push(
    xref.join(''),
    `trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${position}\n%%EOF\n`,
  );
  return Buffer.from(chunks.join(''), 'latin1');
}

function stream(content: string): string {
  return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
const PAGE_SETUP = '/Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 595 842]';

export interface PdfOptions {
  /** Text of each page; `\n` starts a new line. */
  pages: string[];
  title?: string;
  subject?: string;
  keywords?: string;
  author?: string;
  /** Sticky-note comments (Text annotations), by page index; `hidden` sets the Hidden flag. */
  comments?: { page: number; text: string; hidden?: boolean }[];
  /** Text form fields (AcroForm widgets) and their values, by page index. */
  fields?: { page: number; name: string; value: string }[];
  /** Files attached to the document (EmbeddedFiles). */
  attachments?: { name: string; data: string }[];
}

/** A PDF written by hand: Helvetica text, one content stream per page, an Info dictionary. */
export function makePdf(options: PdfOptions): Buffer {
  const pages = options.pages.length > 0 ? options.pages : [''];
  // 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page.
  const kids = pages.map((_, i) => `${5 + 2 * i} 0 R`).join(' ');
  const info: string[] = [];
  if (options.title !== undefined) info.push(`/Title ${pdfTextString(options.title)}`);
  if (options.subject !== undefined) info.push(`/Subject ${pdfTextString(options.subject)}`);
  if (options.keywords !== undefined) info.push(`/Keywords ${pdfTextString(options.keywords)}`);
  if (options.author !== undefined) info.push(`/Author ${pdfTextString(options.author)}`);
  info.push('/Producer (OCVRN tests)');
  const objects = [
    '', // the catalog, once the fields and attachments have numbers
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    FONT,
    `<< ${info.join(' ')} >>`,
  ];
  // Annotations and fields come after the pages: 5 + 2n onwards.
  let next = 5 + 2 * pages.length;
  const annots = pages.map(() => [] as number[]);
  const extra: string[] = [];
  const fieldRefs: number[] = [];
  for (const c of options.comments ?? []) {
    annots[c.page].push(next++);
    extra.push(
      `<< /Type /Annot /Subtype /Text /Rect [72 700 92 720] /Contents ${pdfTextString(c.text)}` +
        `${c.hidden ? ' /F 2' : ''} >>`,
    );
  }
  for (const f of options.fields ?? []) {
    annots[f.page].push(next);
    fieldRefs.push(next++);
    extra.push(
      `<< /Type /Annot /Subtype /Widget /FT /Tx /T ${pdfTextString(f.name)} ` +
        `/V ${pdfTextString(f.value)} /Rect [72 600 300 620] /P ${5 + 2 * f.page} 0 R >>`,
    );
  }
  const attached: string[] = [];
  for (const a of options.attachments ?? []) {
    const file = next++;
    const spec = next++;
    extra.push(
      `<< /Type /EmbeddedFile /Length ${a.data.length} >>\nstream\n${a.data}\nendstream`,
      `<< /Type /Filespec /F ${pdfLiteral(a.name)} /UF ${pdfLiteral(a.name)} /EF << /F ${file} 0 R >> >>`,
    );
    attached.push(`${pdfLiteral(a.name)} ${spec} 0 R`);
  }
  const catalog = ['/Type /Catalog /Pages 2 0 R'];
  if (fieldRefs.length > 0) {
    catalog.push(`/AcroForm << /Fields [${fieldRefs.map((r) => `${r} 0 R`).join(' ')}] >>`);
  }
  if (attached.length > 0)
    catalog.push(`/Names << /EmbeddedFiles << /Names [${attached.join(' ')}] >> >>`);
  objects[0] = `<< ${catalog.join(' ')} >>`;
  pages.forEach((text, i) => {
    const list =
      annots[i].length > 0 ? ` /Annots [${annots[i].map((r) => `${r} 0 R`).join(' ')}]` : '';
    objects.push(
      `<< /Type /Page /Parent 2 0 R ${PAGE_SETUP} /Contents ${6 + 2 * i} 0 R${list} >>`,
      stream(pageContent(text)),
    );
  });
  objects.push(...extra);
  return writePdf(objects, '/Root 1 0 R /Info 4 0 R');
}

/**
 * A PDF of `pageCount` pages sharing one content stream, as real producers write big files:
 * a balanced page tree, page objects packed in compressed object streams, and a compressed
 * cross-reference stream (PDF 1.5). 100,000 pages make a file of about 1 MB, built in well
 * under a second.
 */
export function makeManyPagePdf(pageCount: number, text = 'The same page again.'): Buffer {
  const fanout = 64;
  const perStream = 1000;
  // Tree levels from the leaves up: node counts per level, until the root's kids fit.
  const levels: number[] = [pageCount];
  while (levels[levels.length - 1] > fanout) {
    levels.push(Math.ceil(levels[levels.length - 1] / fanout));
  }
  const rootLevel = levels.length;
  // 1 catalog, 2 root, 3 font, 4 content (plain objects); then intermediate levels top-down,
  // then pages (in object streams); then the object streams; then the xref stream.
  const firstId: number[] = new Array<number>(levels.length);
  let next = 5;
  for (let level = levels.length - 1; level >= 1; level--) {
    firstId[level] = next;
    next += levels[level];
  }
  firstId[0] = next;
  next += pageCount;
  const nodeId = (level: number, index: number): number =>
    level === rootLevel ? 2 : firstId[level] + index;
  const pagesUnder = (level: number, index: number): number =>
    Math.min(pageCount - index * fanout ** level, fanout ** level);
  const kidsOf = (level: number, index: number): string => {
    const childLevel = level - 1;
    const kids: string[] = [];
    const to = Math.min(levels[childLevel], (index + 1) * fanout);
    for (let i = index * fanout; i < to; i++) kids.push(`${nodeId(childLevel, i)} 0 R`);
    return kids.join(' ');
  };

  // Bodies of the packed objects, in id order from 5.
  const packed: string[] = [];
  for (let level = levels.length - 1; level >= 1; level--) {
    for (let i = 0; i < levels[level]; i++) {
      const parent = nodeId(level + 1, Math.floor(i / fanout));
      packed.push(
        `<< /Type /Pages /Parent ${parent} 0 R /Kids [${kidsOf(level, i)}] /Count ${pagesUnder(level, i)} >>`,
      );
    }
  }
  for (let i = 0; i < pageCount; i++) {
    packed.push(
      `<< /Type /Page /Parent ${nodeId(1, Math.floor(i / fanout))} 0 R /Contents 4 0 R >>`,
    );
  }
  const streamCount = Math.ceil(packed.length / perStream);
  const firstStreamId = next;
  const xrefId = firstStreamId + streamCount;
  const size = xrefId + 1;

  const chunks: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let position = chunks[0].length;
  const offsets = new Map<number, number>();
  const write = (id: number, dictionary: string, data?: Buffer) => {
    offsets.set(id, position);
    const parts: Buffer[] = [Buffer.from(`${id} 0 obj\n${dictionary}`, 'latin1')];
    if (data)
      parts.push(Buffer.from('\nstream\n', 'latin1'), data, Buffer.from('\nendstream', 'latin1'));
    parts.push(Buffer.from('\nendobj\n', 'latin1'));
    for (const part of parts) {
      chunks.push(part);
      position += part.length;
    }
  };
  const content = Buffer.from(pageContent(text), 'latin1');
  write(1, '<< /Type /Catalog /Pages 2 0 R >>');
  write(2, `<< /Type /Pages /Kids [${kidsOf(rootLevel, 0)}] /Count ${pageCount} ${PAGE_SETUP} >>`);
  write(3, FONT);
  write(4, `<< /Length ${content.length} >>`, content);
  for (let s = 0; s < streamCount; s++) {
    const bodies = packed.slice(s * perStream, (s + 1) * perStream);
    const header: string[] = [];
    let offset = 0;
    bodies.forEach((body, i) => {
      header.push(`${5 + s * perStream + i} ${offset}`);
      offset += body.length + 1;
    });
    const head = `${header.join(' ')}\n`;
    const data = deflateSync(Buffer.from(head + bodies.join('\n') + '\n', 'latin1'));
    write(
      firstStreamId + s,
      `<< /Type /ObjStm /N ${bodies.length} /First ${head.length} /Filter /FlateDecode /Length ${data.length} >>`,
      data,
    );
  }
  // Cross-reference stream: type 1 (offset) for plain objects, 2 (stream, index) for packed.
  offsets.set(xrefId, position);
  const rows = Buffer.alloc(size * 7);
  for (let id = 0; id < size; id++) {
    const row = id * 7;
    if (id === 0) {
      rows.writeUInt8(0, row);
      rows.writeUInt16BE(0xffff, row + 5);
    } else if (id >= 5 && id < firstStreamId) {
      const index = id - 5;
      rows.writeUInt8(2, row);
      rows.writeUInt32BE(firstStreamId + Math.floor(index / perStream), row + 1);
      rows.writeUInt16BE(index % perStream, row + 5);
    } else {
      rows.writeUInt8(1, row);
      rows.writeUInt32BE(offsets.get(id) as number, row + 1);
    }
  }
  const xref = deflateSync(rows);
  write(
    xrefId,
    `<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${xref.length} >>`,
    xref,
  );
  chunks.push(Buffer.from(`startxref\n${offsets.get(xrefId)}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Text

/** UTF-8 text, as a `.txt` upload. */
export function makeText(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** RFC 4180 CSV (quoted where needed, CRLF line ends). */
export function makeCsv(rows: string[][]): Buffer {
  const cell = (value: string) =>
    /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return Buffer.from(rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** Markdown, as a `.md` upload. */
export function makeMarkdown(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Images and executables

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/** Text metadata for an image: an XMP packet, EXIF and IPTC fields, PNG text chunks, a comment. */
export interface ImageMetadataOptions {
  /** Written as an XMP packet with dc:title, dc:description and dc:subject. */
  xmp?: { title?: string; description?: string; keywords?: string[] };
  /** EXIF ImageDescription, XPKeywords (UCS-2) and UserComment (in the EXIF IFD). */
  exif?: { description?: string; xpKeywords?: string; userComment?: string };
  /** IPTC (JPEG only): object name, keywords, caption. */
  iptc?: { objectName?: string; keywords?: string[]; caption?: string };
  /** PNG tEXt chunks (keyword → text); zTXt when `compressed`. */
  text?: Record<string, string>;
  compressed?: boolean;
  /** JPEG COM segment. */
  comment?: string;
}

export function xmpPacket(options: NonNullable<ImageMetadataOptions['xmp']>): string {
  const alt = (value: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${xml(value)}</rdf:li></rdf:Alt>`;
  return (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="OCVRN tests">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    (options.title !== undefined ? `<dc:title>${alt(options.title)}</dc:title>` : '') +
    (options.description !== undefined
      ? `<dc:description>${alt(options.description)}</dc:description>`
      : '') +
    (options.keywords
      ? `<dc:subject><rdf:Bag>${options.keywords.map((k) => `<rdf:li>${xml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`
      : '') +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** A little-endian TIFF block with the EXIF text tags asked for. */
export function exifBlock(options: NonNullable<ImageMetadataOptions['exif']>): Buffer {
  type Tag = { tag: number; type: number; data: Buffer };
  const ifd0: Tag[] = [];
  if (options.description !== undefined) {
    ifd0.push({ tag: 0x010e, type: 2, data: Buffer.from(`${options.description}\0`, 'latin1') });
  }
  if (options.xpKeywords !== undefined) {
    ifd0.push({ tag: 0x9c9e, type: 1, data: Buffer.from(`${options.xpKeywords}\0`, 'utf16le') });
  }
  const exif: Tag[] = [];
  if (options.userComment !== undefined) {
    const data = Buffer.concat([
      Buffer.from('UNICODE\0', 'latin1'),
      Buffer.from(options.userComment, 'utf16le'),
    ]);
    exif.push({ tag: 0x9286, type: 7, data });
  }
  const ifdSize = (tags: Tag[]) => 2 + tags.length * 12 + 4;
  const ifd0Offset = 8;
  const hasExif = exif.length > 0;
  const ifd0Count = ifd0.length + (hasExif ? 1 : 0);
  const exifOffset = ifd0Offset + 2 + ifd0Count * 12 + 4;
  let dataOffset = exifOffset + (hasExif ? ifdSize(exif) : 0);
  const values: Buffer[] = [];
  const write = (tags: Tag[], extra: Tag[]): Buffer => {
    const all = [...tags, ...extra];
    const out = Buffer.alloc(2 + all.length * 12 + 4);
    out.writeUInt16LE(all.length, 0);
    all.forEach((t, i) => {
      const at = 2 + i * 12;
      out.writeUInt16LE(t.tag, at);
      out.writeUInt16LE(t.type, at + 2);
      out.writeUInt32LE(t.type === 4 ? 1 : t.data.length, at + 4);
      if (t.data.length <= 4) t.data.copy(out, at + 8);
      else {
        out.writeUInt32LE(dataOffset, at + 8);
        values.push(t.data);
        dataOffset += t.data.length;
      }
    });
    return out;
  };
  const pointer = Buffer.alloc(4);
  pointer.writeUInt32LE(exifOffset, 0);
  const first = write(ifd0, hasExif ? [{ tag: 0x8769, type: 4, data: pointer }] : []);
  const second = hasExif ? write(exif, []) : Buffer.alloc(0);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, first, second, ...values]);
}

function iptcBlock(options: NonNullable<ImageMetadataOptions['iptc']>): Buffer {
  const records: Buffer[] = [];
  const add = (dataset: number, value: string) => {
    const data = Buffer.from(value, 'utf8');
    const head = Buffer.from([0x1c, 2, dataset, data.length >> 8, data.length & 0xff]);
    records.push(head, data);
  };
  if (options.objectName !== undefined) add(5, options.objectName);
  for (const keyword of options.keywords ?? []) add(25, keyword);
  if (options.caption !== undefined) add(120, options.caption);
  const iim = Buffer.concat(records);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length, 0);
  return Buffer.concat([
    Buffer.from('Photoshop 3.0\0', 'latin1'),
    Buffer.from('8BIM', 'latin1'),
    Buffer.from([0x04, 0x04, 0, 0]),
    size,
    iim,
    Buffer.alloc(iim.length % 2),
  ]);
}

function pngMetadataChunks(metadata: ImageMetadataOptions): Buffer[] {
  const chunks: Buffer[] = [];
  if (metadata.xmp) {
    const keyword = Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1');
    chunks.push(
      pngChunk('iTXt', Buffer.concat([keyword, Buffer.from(xmpPacket(metadata.xmp), 'utf8')])),
    );
  }
  for (const [keyword, text] of Object.entries(metadata.text ?? {})) {
    const key = Buffer.from(`${keyword}\0`, 'latin1');
    chunks.push(
      metadata.compressed
        ? pngChunk(
            'zTXt',
            Buffer.concat([key, Buffer.from([0]), deflateSync(Buffer.from(text, 'latin1'))]),
          )
        : pngChunk('tEXt', Buffer.concat([key, Buffer.from(text, 'latin1')])),
    );
  }
  if (metadata.exif) chunks.push(pngChunk('eXIf', exifBlock(metadata.exif)));
  return chunks;
}

/** A solid-colour RGB PNG, with text metadata if asked (after the image data, as often). */
export function makePng(width = 16, height = 16, metadata: ImageMetadataOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([0x2a, 0x6f, 0xb4], 1 + x * 3);
  const raw = Buffer.concat(new Array<Buffer>(height).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    ...pngMetadataChunks(metadata),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

function jpegMetadataSegments(metadata: ImageMetadataOptions): number[] {
  const out: number[] = [];
  if (metadata.exif) {
    out.push(
      ...jpegSegment(0xe1, [...Buffer.from('Exif\0\0', 'latin1'), ...exifBlock(metadata.exif)]),
    );
  }
  if (metadata.xmp) {
    const header = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
    out.push(...jpegSegment(0xe1, [...header, ...Buffer.from(xmpPacket(metadata.xmp), 'utf8')]));
  }
  if (metadata.iptc) out.push(...jpegSegment(0xed, [...iptcBlock(metadata.iptc)]));
  if (metadata.comment !== undefined) {
    out.push(...jpegSegment(0xfe, [...Buffer.from(metadata.comment, 'utf8')]));
  }
  return out;
}

/**
 * A baseline JPEG of mid-grey: JFIF, one quantisation table of ones, one-code Huffman tables,
 * and per 8×8 block a zero DC difference and an end-of-block (two bits).
 */
export function makeJpeg(width = 16, height = 16, metadata: ImageMetadataOptions = {}): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const data = new Array<number>(Math.ceil(bits / 8)).fill(0);
  const pad = data.length * 8 - bits;
  if (pad > 0) data[data.length - 1] = (1 << pad) - 1; // pad with ones
  const oneCode = [1, ...new Array<number>(15).fill(0), 0x00];
  return Buffer.from([
    0xff,
    0xd8,
    ...jpegSegment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0, 1, 0, 1, 0, 0]),
    ...jpegMetadataSegments(metadata),
    ...jpegSegment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...jpegSegment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...jpegSegment(0xc4, [0x00, ...oneCode]),
    ...jpegSegment(0xc4, [0x10, ...oneCode]),
    ...jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...data,
    0xff,
    0xd9,
  ]);
}

/** The start of an x86-64 Linux executable: a valid ELF header and nothing to run. */
export function makeElf(): Buffer {
  const elf = Buffer.alloc(128);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // magic, 64-bit, little-endian, v1, SysV
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // x86-64
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(0x401000n, 24); // entry
  elf.writeBigUInt64LE(64n, 32); // program headers
  elf.writeUInt16LE(64, 52); // header size
  elf.writeUInt16LE(56, 54);
  elf.writeUInt16LE(0, 56);
  return elf;
}

// ---------------------------------------------------------------------------------------------
// Zip bomb

export interface ZipBombOptions {
  /** What word/document.xml inflates to; default 2 GiB (a file of about 2 MB). */
  uncompressedBytes?: number;
  /** The size the zip declares for it; default the true size. Smaller is a lying bomb. */
  declaredBytes?: number;
  /** A first paragraph before the filler, e.g. a marking that inspection must still find. */
  firstParagraph?: string;
  /** Tiny extra members after the document (up to 60,000), for entry-count limits. */
  extraEntries?: number;
}

/**
 * A Word document (valid [Content_Types].xml, so file-type says docx) whose
 * word/document.xml inflates to gigabytes while the file stays about 1 MB per GiB. The
 * filler is whitespace between paragraphs (one repeated byte packs best, ~1,000:1); its
 * deflate stream is one compressed 4 MiB block, full-flushed so it stands alone, repeated:
 * built in milliseconds without ever holding the inflated text.
 */
export function makeZipBomb(options: ZipBombOptions = {}): Buffer {
  const head =
    `${XML_DECL}<w:document xmlns:w="${W}"><w:body>` +
    (options.firstParagraph === undefined ? '' : wordParagraphs([options.firstParagraph]));
  const tail = '<w:p><w:r><w:t>The end.</w:t></w:r></w:p><w:sectPr/></w:body></w:document>';
  const block = Buffer.alloc(4 << 20, ' ');
  const target = options.uncompressedBytes ?? 2 * 1024 ** 3;
  const times = Math.max(1, Math.floor((target - head.length - tail.length) / block.length));
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(tail, 'utf8');
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const headDeflated = deflateRawSync(headBytes, flush);
  const blockDeflated = deflateRawSync(block, flush);
  const tailDeflated = deflateRawSync(tailBytes); // ends the stream
  const body = Buffer.concat([
    headDeflated,
    ...new Array<Buffer>(times).fill(blockDeflated),
    tailDeflated,
  ]);
  const size = headBytes.length + block.length * times + tailBytes.length;
  const crc = crc32Combine(
    crc32Combine(
      crc32(headBytes),
      crc32Repeated(crc32(block), block.length, times),
      block.length * times,
    ),
    crc32(tailBytes),
    tailBytes.length,
  );
  const small = (name: string, text: string): RawZipEntry => {
    const data = Buffer.from(text, 'utf8');
    return { name, method: 8, body: deflateRawSync(data), crc: crc32(data), size: data.length };
  };
  const entries: RawZipEntry[] = [
    small(
      '[Content_Types].xml',
      contentTypes([
        ['/word/document.xml', MIME.docx],
        ['/docProps/core.xml', MIME.core],
      ]),
    ),
    small(
      '_rels/.rels',
      relationships([
        ['rId1', `${OD}/officeDocument`, 'word/document.xml'],
        ['rId2', `${PR}/metadata/core-properties`, 'docProps/core.xml'],
      ]),
    ),
    small('docProps/core.xml', coreProperties('A very long report')),
    {
      name: 'word/document.xml',
      method: 8,
      body,
      crc,
      size: options.declaredBytes ?? size,
    },
  ];
  const extra = Math.min(options.extraEntries ?? 0, 60_000);
  const empty = { method: 0 as const, body: Buffer.alloc(0), crc: 0, size: 0 };
  for (let i = 0; i < extra; i++) entries.push({ name: `word/media/empty${i}.xml`, ...empty });
  return writeZip(entries);
}
