import type { DocumentType } from '@contracts';
import { open } from 'node:fs/promises';
import { MAX_ZIP_ENTRIES } from './office';
import { ByteBudget, LimitError, ZipArchive } from './zip-archive';

export interface Detection {
  type: DocumentType;
  mime: string;
  /** Canonical extension: `pdf`, `docx`, `jpg`… */
  ext: string;
}

export type DetectResult = { ok: true; detected: Detection } | { ok: false; reason: string };

/** What the bytes are, before the file's name is considered. */
export type Content =
  | { kind: 'document'; type: DocumentType }
  | { kind: 'text' }
  | { kind: 'empty' }
  /** Recognised, and refused for a reason of its own (macros, a password, damage). */
  | { kind: 'refused'; reason: string }
  /** Recognised as a format the library does not take, e.g. `a ZIP archive`. */
  | { kind: 'other'; what: string }
  | { kind: 'unknown' };

/** The extensions each type may be named with (lower case). */
export const EXTENSIONS: Record<DocumentType, readonly string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  odt: ['odt'],
  ods: ['ods'],
  txt: ['txt', 'text'],
  csv: ['csv'],
  md: ['md', 'markdown'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
};

const CANONICAL: Record<DocumentType, { mime: string; ext: string }> = {
  pdf: { mime: 'application/pdf', ext: 'pdf' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ext: 'pptx',
  },
  odt: { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt' },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods' },
  txt: { mime: 'text/plain', ext: 'txt' },
  csv: { mime: 'text/csv', ext: 'csv' },
  md: { mime: 'text/markdown', ext: 'md' },
  png: { mime: 'image/png', ext: 'png' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
};

const NAMES: Record<DocumentType, string> = {
  pdf: 'a PDF document',
  docx: 'a Word document',
  xlsx: 'an Excel spreadsheet',
  pptx: 'a PowerPoint presentation',
  odt: 'an OpenDocument text document',
  ods: 'an OpenDocument spreadsheet',
  txt: 'plain text',
  csv: 'plain text',
  md: 'plain text',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
};

const ACCEPTED =
  'The library accepts PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument ' +
  '(.odt, .ods), plain text (.txt), CSV, Markdown (.md), PNG and JPEG files.';

/** Names of formats file-type recognises that the library refuses; others by extension. */
const OTHER_FORMATS: Record<string, string> = {
  zip: 'a ZIP archive',
  '7z': 'a 7-Zip archive',
  rar: 'a RAR archive',
  gz: 'a gzip archive',
  bz2: 'a bzip2 archive',
  xz: 'an xz archive',
  zst: 'a Zstandard archive',
  tar: 'a tar archive',
  cab: 'a cabinet archive',
  elf: 'a Linux executable (ELF)',
  exe: 'a Windows executable',
  macho: 'a macOS executable',
  class: 'a Java class file',
  jar: 'a Java archive',
  apk: 'an Android app',
  wasm: 'a WebAssembly module',
  dmg: 'a disk image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tif: 'a TIFF image',
  heic: 'a HEIC image',
  avif: 'an AVIF image',
  ico: 'an icon',
  psd: 'a Photoshop image',
  jxl: 'a JPEG XL image',
  jp2: 'a JPEG 2000 image',
  mp3: 'an MP3 audio file',
  mp4: 'an MP4 video',
  mov: 'a QuickTime video',
  wav: 'a WAV audio file',
  epub: 'an EPUB e-book',
  mobi: 'a Mobipocket e-book',
  odp: 'an OpenDocument presentation',
  odg: 'an OpenDocument drawing',
  dotx: 'a Word template',
  xltx: 'an Excel template',
  potx: 'a PowerPoint template',
  ppsx: 'a PowerPoint slide show',
  vsdx: 'a Visio drawing',
  rtf: 'an RTF document',
  sqlite: 'an SQLite database',
  pst: 'an Outlook data file',
  xml: 'an XML document',
  ps: 'a PostScript file',
  eps: 'an EPS image',
};

const MACRO_FORMATS: Record<string, string> = {
  docm: 'a macro-enabled Word document (.docm)',
  dotm: 'a macro-enabled Word template (.dotm)',
  xlsm: 'a macro-enabled Excel workbook (.xlsm)',
  xltm: 'a macro-enabled Excel template (.xltm)',
  pptm: 'a macro-enabled PowerPoint presentation (.pptm)',
  potm: 'a macro-enabled PowerPoint template (.potm)',
  ppsm: 'a macro-enabled PowerPoint slide show (.ppsm)',
};

/** Extensions of binary formats: a text file named so is lying about what it is. */
const BINARY_EXTENSIONS = new Set([
  ...Object.values(EXTENSIONS)
    .flat()
    .filter((ext) => !['txt', 'text', 'csv', 'md', 'markdown'].includes(ext)),
  ...Object.keys(OTHER_FORMATS).filter((ext) => !['xml', 'rtf', 'ps'].includes(ext)),
  ...Object.keys(MACRO_FORMATS),
  'doc', 'xls', 'ppt', 'com', 'dll', 'msi', 'bin', 'so', 'dylib', 'iso', 'tgz', 'jpe', 'tiff',
]); // prettier-ignore

function refused(reason: string): Content {
  return { kind: 'refused', reason };
}

/** The extension of a file name, lower case; '' when it has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = base.slice(dot + 1).toLowerCase();
  // "Smith et al. 2021" or "report.2024" have no extension.
  return /^(?=.*[a-z])[a-z0-9]{1,10}$/.test(ext) ? ext : '';
}

function accept(type: DocumentType): DetectResult {
  return { ok: true, detected: { type, ...CANONICAL[type] } };
}

/** The verdict: the content decides the type; the name may only agree with it. */
export function decide(content: Content, fileName: string): DetectResult {
  const ext = extensionOf(fileName);
  switch (content.kind) {
    case 'refused':
      return { ok: false, reason: content.reason };
    case 'empty':
      return { ok: false, reason: 'The file is empty.' };
    case 'document':
      if (ext === '' || EXTENSIONS[content.type].includes(ext)) return accept(content.type);
      return {
        ok: false,
        reason: `The file is named .${ext} but its content is ${NAMES[content.type]}.`,
      };
    case 'text': {
      if (ext === '') return accept('txt');
      const type = (['txt', 'csv', 'md'] as const).find((t) => EXTENSIONS[t].includes(ext));
      if (type) return accept(type);
      if (BINARY_EXTENSIONS.has(ext)) {
        return { ok: false, reason: `The file is named .${ext} but its content is plain text.` };
      }
      return {
        ok: false,
        reason: `Files named .${ext} are not accepted: text files must be named .txt, .csv or .md.`,
      };
    }
    case 'other':
      return {
        ok: false,
        reason: `The file is ${content.what}, which is not accepted. ${ACCEPTED}`,
      };
    case 'unknown':
      return {
        ok: false,
        reason: `The file's content is not of a type the library accepts. ${ACCEPTED}`,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const SAMPLE_BYTES = 64 * 1024;

export interface TextSample {
  bytes: Buffer;
  /** The sample starts at the file's first byte (a BOM may be there). */
  atStart: boolean;
  /** The sample ends at the file's last byte (no character may be cut). */
  atEnd: boolean;
}

export type TextVerdict = 'text' | 'empty' | 'utf16' | 'not-utf8' | 'binary';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function judgeSample({ bytes, atStart, atEnd }: TextSample): TextVerdict {
  let start = 0;
  let end = bytes.length;
  if (atStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  if (!atStart) while (start < 3 && start < end && (bytes[start] & 0xc0) === 0x80) start++;
  if (!atEnd) {
    // Drop a character cut by the sample's end.
    for (let i = end - 1; i >= Math.max(start, end - 4); i--) {
      const b = bytes[i];
      if ((b & 0xc0) === 0x80) continue;
      if (b >= 0xc0) {
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (i + length > end) end = i;
      }
      break;
    }
  }
  const body = bytes.subarray(start, end);
  let controls = 0;
  for (const b of body) {
    if (b === 0) return 'binary';
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) {
      controls++;
    }
  }
  if (controls * 100 > body.length) return 'binary';
  try {
    UTF8.decode(body);
    return 'text';
  } catch {
    return 'not-utf8';
  }
}

/**
 * Text is UTF-8 (a BOM allowed) with no NUL byte and few control characters, in every sample
 * (the start, and for larger files the middle and the end).
 */
export function judgeText(samples: TextSample[]): TextVerdict {
  const first = samples[0]?.bytes;
  if (!first || first.length === 0) return 'empty';
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
    return 'utf16';
  }
  for (const sample of samples) {
    const verdict = judgeSample(sample);
    if (verdict !== 'text') return verdict;
  }
  return 'text';
}

async function readSamples(path: string): Promise<TextSample[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const at = (position: number): Promise<TextSample> => {
      const length = Math.min(SAMPLE_BYTES, size - position);
      const bytes = Buffer.alloc(length);
      return handle.read(bytes, 0, length, position).then(({ bytesRead }) => ({
        bytes: bytes.subarray(0, bytesRead),
        atStart: position === 0,
        atEnd: position + bytesRead >= size,
      }));
    };
    const samples = [await at(0)];
    if (size > 3 * SAMPLE_BYTES) {
      samples.push(await at(Math.floor(size / 2)), await at(size - SAMPLE_BYTES));
    } else if (size > SAMPLE_BYTES) {
      samples.push(await at(SAMPLE_BYTES));
    }
    return samples;
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Containers

const MAIN_PART: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
};
const USUAL_MAIN_PART: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
};
const MACRO_CONTENT = /macroEnabled|vbaProject|vnd\.ms-excel\.sheet\.binary/i;
const SMALL_PART = 1024 * 1024;

async function readWhole(zip: ZipArchive, name: string): Promise<string> {
  let text = '';
  await zip.readText(name, new ByteBudget(SMALL_PART), (piece) => {
    text += piece;
  });
  return text;
}

/**
 * file-type says docx, xlsx, pptx, odt or ods: checks that the zip really is one (the main
 * part declared and present, or ODF's mimetype and content), without macros or encryption.
 */
export async function verifyContainer(
  path: string,
  type: 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods',
): Promise<Content> {
  const damaged = (detail: string) =>
    refused(`The file looks like ${NAMES[type]} but is damaged: ${detail}.`);
  // The usual parts come first in a zip: stop listing once they are seen.
  const usual =
    type === 'odt' || type === 'ods'
      ? ['mimetype', 'content.xml', 'meta-inf/manifest.xml']
      : ['[content_types].xml', USUAL_MAIN_PART[type]];
  let zip: ZipArchive;
  try {
    zip = await ZipArchive.open(path, MAX_ZIP_ENTRIES, (has) => usual.every(has));
  } catch (error) {
    return damaged(error instanceof Error ? error.message : 'not a readable zip');
  }
  try {
    if (type === 'odt' || type === 'ods') {
      const mimetype = zip.find('mimetype');
      if (mimetype === null) return damaged('it has no mimetype entry');
      if ((await readWhole(zip, mimetype)).trim() !== CANONICAL[type].mime) {
        return damaged('its mimetype entry names another kind of document');
      }
      if (zip.find('content.xml') === null) return damaged('it has no content');
      const manifestName = zip.find('META-INF/manifest.xml');
      const manifest = manifestName === null ? '' : await readWhole(zip, manifestName);
      if (/encryption-data/.test(manifest)) {
        return refused(
          'The file is a password-protected document; remove the password and upload it again.',
        );
      }
      if (/full-path="(Basic|Scripts)\//i.test(manifest)) {
        return refused('The file contains macros; save it without macros and upload it again.');
      }
      return { kind: 'document', type };
    }
    const contentTypes = zip.find('[Content_Types].xml');
    if (contentTypes === null) return damaged('it has no [Content_Types].xml');
    const declared = await readWhole(zip, contentTypes);
    if (MACRO_CONTENT.test(declared)) {
      return refused(
        'The file is a macro-enabled Office document; save it without macros ' +
          '(.docx, .xlsx or .pptx) and upload it again.',
      );
    }
    const main = [...declared.matchAll(/<Override\b[^>]*>/g)]
      .map(([tag]) => ({
        part: /PartName\s*=\s*["']([^"']+)["']/.exec(tag)?.[1],
        contentType: /ContentType\s*=\s*["']([^"']+)["']/.exec(tag)?.[1],
      }))
      .find((o) => o.contentType?.toLowerCase() === MAIN_PART[type]);
    if (!main?.part) return damaged('it does not declare its main part');
    if (zip.find(main.part.replace(/^\//, '')) === null) return damaged('its main part is missing');
    return { kind: 'document', type };
  } catch (error) {
    if (error instanceof LimitError) return damaged('a part is too large for a real document');
    return damaged(error instanceof Error ? error.message : 'unreadable');
  } finally {
    zip.close();
  }
}

/**
 * An OLE compound file: an encrypted OOXML document (Office wraps those in one) or an old
 * binary Office file. Tells them apart by the names in the first directory sector.
 */
export async function identifyCompoundFile(path: string): Promise<Content> {
  const handle = await open(path, 'r');
  let names: string[] = [];
  try {
    const header = Buffer.alloc(512);
    await handle.read(header, 0, 512, 0);
    const shift = header.readUInt16LE(0x1e);
    const sectorSize = shift === 9 || shift === 12 ? 1 << shift : 512;
    const firstDirectorySector = header.readUInt32LE(0x30);
    const directory = Buffer.alloc(sectorSize);
    const { bytesRead } = await handle.read(
      directory,
      0,
      sectorSize,
      (firstDirectorySector + 1) * sectorSize,
    );
    for (let at = 0; at + 128 <= bytesRead; at += 128) {
      const length = directory.readUInt16LE(at + 0x40);
      if (length >= 2 && length <= 64) {
        names.push(directory.toString('utf16le', at, at + length - 2));
      }
    }
  } catch {
    names = [];
  } finally {
    await handle.close();
  }
  if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo')) {
    return refused(
      'The file is a password-protected Office document; remove the password and upload it again.',
    );
  }
  if (names.some((n) => ['WordDocument', 'Workbook', 'Book', 'PowerPoint Document'].includes(n))) {
    return refused(
      'The file is in an old Microsoft Office format (.doc, .xls or .ppt); save it as .docx, ' +
        '.xlsx or .pptx and upload it again.',
    );
  }
  return { kind: 'other', what: 'an OLE compound file (such as an old Office or Outlook file)' };
}

// ---------------------------------------------------------------------------------------------
// Detection

interface FoundType {
  ext: string;
  mime: string;
}

/** What file-type's finding means here; null when only the text check can tell. */
export async function classify(path: string, found: FoundType): Promise<Content | null> {
  switch (found.ext) {
    case 'pdf':
      return { kind: 'document', type: 'pdf' };
    case 'png':
    case 'apng':
      return { kind: 'document', type: 'png' };
    case 'jpg':
      return { kind: 'document', type: 'jpeg' };
    case 'docx':
    case 'xlsx':
    case 'pptx':
    case 'odt':
    case 'ods':
      return verifyContainer(path, found.ext);
    case 'cfb':
      return identifyCompoundFile(path);
    default:
      if (found.ext in MACRO_FORMATS) {
        return refused(
          `The file is ${MACRO_FORMATS[found.ext]}; save it without macros and upload it again.`,
        );
      }
      return null;
  }
}

function describeFound(found: FoundType): string {
  return OTHER_FORMATS[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime})`;
}

/** The content as file-type sees it, then as text. */
export async function identify(path: string): Promise<Content> {
  // file-type is an ES module: import() becomes require() in the swc build, which Node
  // (≥ 20.19) serves from ESM. Jest cannot, so unit tests stop short of this call.
  const { fileTypeFromFile } = await import('file-type');
  const found = await fileTypeFromFile(path).catch(() => undefined);
  if (found) {
    const content = await classify(path, found);
    if (content) return content;
  }
  // Short signatures (BMP's "BM", MP3's "ID3") also start ordinary text: text wins.
  const verdict = judgeText(await readSamples(path));
  switch (verdict) {
    case 'text':
      return { kind: 'text' };
    case 'empty':
      return { kind: 'empty' };
    case 'utf16':
      return refused('The file is UTF-16 text; save it as UTF-8 and upload it again.');
    case 'not-utf8':
    case 'binary':
      if (found) return { kind: 'other', what: describeFound(found) };
      return verdict === 'not-utf8'
        ? refused(
            'The file looks like text but is not UTF-8; save it as UTF-8 and upload it again.',
          )
        : { kind: 'unknown' };
  }
}

/**
 * The type of an uploaded file, decided by its content; the name's extension must agree (or
 * be absent). For text, the extension chooses between txt, csv and md.
 */
export async function detectType(filePath: string, fileName: string): Promise<DetectResult> {
  return decide(await identify(filePath), fileName);
}
