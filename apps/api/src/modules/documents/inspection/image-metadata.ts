import type { FileHandle } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { XmlStream } from './xml-stream';

/*
 * The text an image carries besides its pixels: PNG text chunks (tEXt, zTXt, iTXt, which hold
 * XMP too) and eXIf; JPEG comments, EXIF (descriptions, titles, keywords, artist, copyright,
 * user comment), XMP and IPTC (in Photoshop's APP13). Read segment by segment, skipping the
 * image data, each piece of metadata under a size limit: a picture's pixels are never read.
 */

/** Where image bytes come from: a file read at offsets, or a buffer already in memory. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: (offset, length) => Promise.resolve(buffer.subarray(offset, offset + length)),
  };
}

export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
}

/** One metadata segment larger than this is not read (real ones are a few KB). */
export const MAX_METADATA_BYTES = 4 * 1024 * 1024;
/** Segments looked at, at most: a file made of millions of empty chunks stops here. */
const MAX_SEGMENTS = 10_000;

export interface ImageText {
  /** `XMP`, `EXIF`, `IPTC`, `comment`, or a PNG text chunk's keyword. */
  kind: string;
  text: string;
}

export interface ImageMetadata {
  texts: ImageText[];
  /** Metadata that was there but not read (too large, damaged), in a phrase; else null. */
  skipped: string | null;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const utf16le = new TextDecoder('utf-16le');

/** Metadata strings end in NULs and may hold more between values: a line break each. */
function clean(text: string): string {
  return text.split('\u0000').join('\n').trim();
}

/** The text values of an XMP packet: element text and attribute values, a line each. */
export function xmpText(xml: string): string {
  const lines: string[] = [];
  let current = '';
  const SKIP_ATTRIBUTE = /^(xmlns(:|$)|rdf:(about|parseType|resource|ID|nodeID)$|xml:|x:xmptk$)/;
  const parser = new XmlStream({
    open(_name, attributes) {
      for (const m of attributes.matchAll(/([\w.:-]+)\s*=\s*(["'])([\s\S]*?)\2/g)) {
        if (!SKIP_ATTRIBUTE.test(m[1]) && m[3].trim()) lines.push(m[3].trim());
      }
    },
    text(text) {
      current += text;
    },
    close() {
      if (current.trim()) lines.push(current.trim());
      current = '';
    },
  });
  parser.write(xml.replace(/^[\s\S]*?(?=<x:xmpmeta|<rdf:RDF)/, ''));
  parser.end();
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// EXIF (a TIFF structure)

const EXIF_TEXT_TAGS: Record<number, 'ascii' | 'ucs2'> = {
  0x010d: 'ascii', // DocumentName
  0x010e: 'ascii', // ImageDescription
  0x011d: 'ascii', // PageName
  0x013b: 'ascii', // Artist
  0x8298: 'ascii', // Copyright
  0x9c9b: 'ucs2', // XPTitle
  0x9c9c: 'ucs2', // XPComment
  0x9c9d: 'ucs2', // XPAuthor
  0x9c9e: 'ucs2', // XPKeywords
  0x9c9f: 'ucs2', // XPSubject
};
const EXIF_IFD = 0x8769;
const USER_COMMENT = 0x9286;
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

/** Text tags of a TIFF/EXIF block (IFD0 and the EXIF IFD). */
export function exifText(tiff: Buffer): string {
  if (tiff.length < 8) return '';
  const little = tiff.toString('latin1', 0, 2) === 'II';
  if (!little && tiff.toString('latin1', 0, 2) !== 'MM') return '';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const out: string[] = [];
  const seen = new Set<number>();
  const readIfd = (offset: number) => {
    if (seen.has(offset) || offset + 2 > tiff.length) return;
    seen.add(offset);
    const count = u16(offset);
    for (let i = 0; i < Math.min(count, 1000); i++) {
      const entry = offset + 2 + i * 12;
      if (entry + 12 > tiff.length) return;
      const tag = u16(entry);
      const type = u16(entry + 2);
      const n = u32(entry + 4);
      const bytes = n * (TYPE_SIZES[type] ?? 1);
      const at = bytes <= 4 ? entry + 8 : u32(entry + 8);
      if (tag === EXIF_IFD) {
        readIfd(u32(entry + 8));
        continue;
      }
      if (at + bytes > tiff.length || bytes > MAX_METADATA_BYTES) continue;
      const value = tiff.subarray(at, at + bytes);
      const kind = EXIF_TEXT_TAGS[tag];
      if (kind === 'ascii') out.push(clean(utf8.decode(value)));
      else if (kind === 'ucs2') out.push(clean(utf16le.decode(value)));
      else if (tag === USER_COMMENT && value.length > 8) {
        const code = value.toString('latin1', 0, 8);
        const body = value.subarray(8);
        out.push(clean(code.startsWith('UNICODE') ? utf16le.decode(body) : utf8.decode(body)));
      }
    }
  };
  readIfd(u32(4));
  return out.filter(Boolean).join('\n');
}

// ---------------------------------------------------------------------------------------------
// IPTC (IIM records inside Photoshop image resources)

/** Record 2 (application) datasets: object name, keywords, headline, caption, and the rest. */
export function iptcText(iim: Buffer): string {
  const out: string[] = [];
  let at = 0;
  while (at + 5 <= iim.length && iim[at] === 0x1c) {
    const record = iim[at + 1];
    const dataset = iim[at + 2];
    const length = iim.readUInt16BE(at + 3);
    if (length & 0x8000) break; // extended length: not used for text
    const value = iim.subarray(at + 5, at + 5 + length);
    if (record === 2 && dataset !== 0) out.push(clean(utf8.decode(value)));
    at += 5 + length;
  }
  return out.filter(Boolean).join('\n');
}

/** IPTC blocks (resource 0x0404) in Photoshop 3.0 image resources. */
function photoshopIptc(resources: Buffer): string {
  const out: string[] = [];
  let at = 0;
  while (at + 12 <= resources.length && resources.toString('latin1', at, at + 4) === '8BIM') {
    const id = resources.readUInt16BE(at + 4);
    const nameLength = resources[at + 6];
    let p = at + 6 + 1 + nameLength;
    if ((1 + nameLength) % 2 === 1) p++; // the name is padded to an even length
    if (p + 4 > resources.length) break;
    const size = resources.readUInt32BE(p);
    const data = resources.subarray(p + 4, p + 4 + size);
    if (id === 0x0404) out.push(iptcText(data));
    at = p + 4 + size + (size % 2);
  }
  return out.filter(Boolean).join('\n');
}

// ---------------------------------------------------------------------------------------------
// PNG and JPEG

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function inflateSmall(data: Buffer): Buffer {
  return inflateSync(data, { maxOutputLength: MAX_METADATA_BYTES });
}

function pngTextChunk(type: string, data: Buffer): ImageText | null {
  const zero = data.indexOf(0);
  if (zero < 1) return null;
  const keyword = latin1.decode(data.subarray(0, zero));
  let text: string;
  if (type === 'tEXt') text = latin1.decode(data.subarray(zero + 1));
  else if (type === 'zTXt') text = latin1.decode(inflateSmall(data.subarray(zero + 2)));
  else {
    // iTXt: compressed flag, method, language tag\0, translated keyword\0, UTF-8 text.
    const compressed = data[zero + 1] === 1;
    const language = data.indexOf(0, zero + 3);
    const translated = language === -1 ? -1 : data.indexOf(0, language + 1);
    if (translated === -1) return null;
    const body = data.subarray(translated + 1);
    const head = utf8.decode(data.subarray(language + 1, translated));
    text = `${head ? `${head}\n` : ''}${utf8.decode(compressed ? inflateSmall(body) : body)}`;
  }
  if (keyword === 'XML:com.adobe.xmp') return { kind: 'XMP', text: xmpText(text) };
  return { kind: keyword, text: clean(text) };
}

async function readPng(source: ByteSource): Promise<ImageMetadata> {
  const texts: ImageText[] = [];
  let skipped: string | null = null;
  let at = 8;
  for (let n = 0; n < MAX_SEGMENTS && at + 8 <= source.size; n++) {
    const head = await source.read(at, 8);
    if (head.length < 8) break;
    const length = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (type === 'IEND') break;
    if (['tEXt', 'zTXt', 'iTXt', 'eXIf'].includes(type)) {
      if (length > MAX_METADATA_BYTES) skipped ??= `a ${type} chunk larger than 4 MB`;
      else {
        const data = await source.read(at + 8, length);
        try {
          if (type === 'eXIf') texts.push({ kind: 'EXIF', text: exifText(data) });
          else {
            const text = pngTextChunk(type, data);
            if (text) texts.push(text);
          }
        } catch {
          skipped ??= `a damaged ${type} chunk`;
        }
      }
    }
    at += 12 + length;
  }
  return { texts: texts.filter((t) => t.text.length > 0), skipped };
}

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\u0000';
const XMP_EXTENSION = 'http://ns.adobe.com/xmp/extension/\u0000';

async function readJpeg(source: ByteSource): Promise<ImageMetadata> {
  const texts: ImageText[] = [];
  let skipped: string | null = null;
  let at = 2;
  for (let n = 0; n < MAX_SEGMENTS && at + 4 <= source.size; n++) {
    const head = await source.read(at, 4);
    if (head.length < 4 || head[0] !== 0xff) break;
    const marker = head[1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    // Image data starts (SOS) or the image ends: metadata comes before.
    if (marker === 0xda || marker === 0xd9) break;
    const length = head.readUInt16BE(2);
    const wanted = marker === 0xe1 || marker === 0xed || marker === 0xfe;
    if (wanted && length > 2) {
      const data = await source.read(at + 4, length - 2);
      try {
        if (marker === 0xfe) texts.push({ kind: 'comment', text: clean(utf8.decode(data)) });
        else if (marker === 0xe1 && data.toString('latin1', 0, 6) === 'Exif\u0000\u0000') {
          texts.push({ kind: 'EXIF', text: exifText(data.subarray(6)) });
        } else if (marker === 0xe1 && data.toString('latin1', 0, 29) === XMP_HEADER) {
          texts.push({ kind: 'XMP', text: xmpText(utf8.decode(data.subarray(29))) });
        } else if (marker === 0xe1 && data.toString('latin1', 0, 35) === XMP_EXTENSION) {
          // Extended XMP in pieces (GUID, length, offset first): checked as text.
          texts.push({ kind: 'XMP', text: clean(utf8.decode(data.subarray(35 + 40))) });
        } else if (marker === 0xed && data.toString('latin1', 0, 14) === 'Photoshop 3.0\u0000') {
          texts.push({ kind: 'IPTC', text: photoshopIptc(data.subarray(14)) });
        }
      } catch {
        skipped ??= 'a damaged metadata segment';
      }
    }
    at += 2 + length;
  }
  return { texts: texts.filter((t) => t.text.length > 0), skipped };
}

/** The text metadata of a PNG or JPEG; null when the bytes are neither. */
export async function readImageMetadata(source: ByteSource): Promise<ImageMetadata | null> {
  const start = await source.read(0, 8);
  if (start.length >= 8 && start.equals(PNG_SIGNATURE)) return readPng(source);
  if (start.length >= 3 && start[0] === 0xff && start[1] === 0xd8 && start[2] === 0xff) {
    return readJpeg(source);
  }
  return null;
}
