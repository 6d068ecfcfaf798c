import { posix } from 'node:path';
import { Section, type Sink } from './collector';
import { reportImageMetadata } from './image';
import { bufferSource, readImageMetadata } from './image-metadata';
import { attribute, XmlStream, type XmlHandler } from './xml-stream';
import { ByteBudget, formatBytes, LimitError, ZipArchive } from './zip-archive';

/*
 * Text of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods) files, read part by
 * part from the zip. Small, telling parts (properties, labels, headers, footers) come first,
 * so a bomb in the body still leaves them checked. A part that fails or hits a limit is
 * recorded as the reason the inspection is incomplete, and the others are still read.
 * Charts, SmartArt and drawings are read too, and embedded Office documents opened in turn
 * (to a depth, within the same byte budget); what cannot be read (an OLE object, a picture)
 * is named in the reason.
 */

export interface OfficeLimits {
  maxUncompressedBytes: number;
  maxTextChars: number;
  /** Images in the file make it "not fully inspected" (their pictures are not read); default true. */
  imageReview?: boolean;
}

/** Documents inside documents are opened this deep (a chart's workbook in a report is 1). */
export const MAX_EMBEDDING_DEPTH = 3;
/** An embedded document or image larger than this once inflated is not opened. */
export const MAX_EMBEDDED_BYTES = 64 * 1024 * 1024;

/** More entries than any real document has; a zip with more is only partly listed. */
export const MAX_ZIP_ENTRIES = 10_000;

export type OfficeType = 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods';

/** What could not be inspected, gathered over the file and the documents embedded in it. */
interface Unread {
  images: string[];
  objects: string[];
}

interface Context {
  zip: ZipArchive;
  budget: ByteBudget;
  sink: Sink;
  limits: OfficeLimits;
  /** 0 for the uploaded file, 1 for a document embedded in it… */
  depth: number;
  /** The embedded part this document is, for names in reasons; '' for the uploaded file. */
  within: string;
  unread: Unread;
}

/** Reads an Office or OpenDocument file's text into `sink`. */
export async function extractOffice(
  path: string,
  type: OfficeType,
  limits: OfficeLimits,
  sink: Sink,
): Promise<void> {
  const zip = await ZipArchive.open(path, MAX_ZIP_ENTRIES);
  const unread: Unread = { images: [], objects: [] };
  const context: Context = {
    zip,
    budget: new ByteBudget(limits.maxUncompressedBytes),
    sink,
    limits,
    depth: 0,
    within: '',
    unread,
  };
  try {
    await extractPackage(context, type);
  } finally {
    zip.close();
  }
  const reason = notInspected(unread);
  if (reason !== null) sink.incomplete(reason);
}

async function extractPackage(context: Context, type: OfficeType): Promise<void> {
  if (context.zip.truncated) {
    context.sink.incomplete(
      `Only part of the file was inspected: ${context.within || 'it'} holds more than ` +
        `${MAX_ZIP_ENTRIES.toLocaleString('en-GB')} files.`,
    );
  }
  switch (type) {
    case 'docx':
      await extractDocx(context);
      break;
    case 'xlsx':
      await extractXlsx(context);
      break;
    case 'pptx':
      await extractPptx(context);
      break;
    case 'odt':
    case 'ods':
      await extractOpenDocument(context, type);
      break;
  }
  await readAttachedParts(context, type);
}

/** Up to a few names, then how many more. */
function someOf(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/** The reason given to moderators for what was not read, or null when everything was. */
export function notInspected(unread: Unread): string | null {
  const parts: string[] = [];
  if (unread.objects.length > 0) {
    const noun = unread.objects.length === 1 ? 'an embedded object' : 'embedded objects';
    parts.push(`it holds ${noun} that could not be read (${someOf(unread.objects)})`);
  }
  if (unread.images.length > 0) {
    const noun = unread.images.length === 1 ? 'an image' : `${unread.images.length} images`;
    parts.push(
      `it holds ${noun} whose picture cannot be checked for markings (${someOf(unread.images)})`,
    );
  }
  return parts.length > 0 ? `Not every part of the file was inspected: ${parts.join('; ')}.` : null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Streams one part through an XML handler; failures become the incomplete reason. */
async function readPart(
  context: Context,
  name: string,
  handler: XmlHandler,
  sections: Section[] = [],
): Promise<boolean> {
  const stored = context.zip.find(name);
  if (stored === null) return false;
  const parser = new XmlStream(handler);
  try {
    await context.zip.readText(stored, context.budget, (text) => parser.write(text));
    parser.end();
    return true;
  } catch (error) {
    context.sink.incomplete(
      error instanceof LimitError
        ? error.message
        : `The file could not be read: ${stored}: ${describe(error)}.`,
    );
    return false;
  } finally {
    sections.forEach((s) => s.flush());
  }
}

/** Reads a whole small part into a string (relationships, workbook, presentation). */
async function readSmallPart(context: Context, name: string): Promise<string | null> {
  const stored = context.zip.find(name);
  if (stored === null) return null;
  let text = '';
  try {
    await context.zip.readText(stored, context.budget, (piece) => {
      text += piece;
      if (text.length > 16 * 1024 * 1024) throw new Error('part too large');
    });
    return text;
  } catch (error) {
    context.sink.incomplete(
      error instanceof LimitError
        ? error.message
        : `The file could not be read: ${stored}: ${describe(error)}.`,
    );
    return null;
  }
}

/** Parses a small part read whole; a failure becomes the incomplete reason. */
function parseSmall(context: Context, name: string, xml: string, handler: XmlHandler): void {
  try {
    const parser = new XmlStream(handler);
    parser.write(xml);
    parser.end();
  } catch (error) {
    context.sink.incomplete(`The file could not be read: ${name}: ${describe(error)}.`);
  }
}

interface Relationship {
  type: string;
  /** Zip entry name the relationship points to. */
  target: string;
}

/** A part's relationships by id, targets resolved to entry names. */
async function relationshipsOf(context: Context, part: string): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(part);
  const relsName = posix.join(dir === '.' ? '' : dir, '_rels', `${posix.basename(part)}.rels`);
  const xml = await readSmallPart(context, relsName);
  const result = new Map<string, Relationship>();
  if (xml === null) return result;
  parseSmall(context, relsName, xml, {
    open(name, attributes) {
      if (name !== 'Relationship' || attribute(attributes, 'TargetMode') === 'External') return;
      const id = attribute(attributes, 'Id');
      const target = attribute(attributes, 'Target');
      const type = attribute(attributes, 'Type') ?? '';
      if (!id || !target) return;
      const resolved = target.startsWith('/')
        ? target.slice(1)
        : posix.normalize(posix.join(dir === '.' ? '' : dir, target));
      result.set(id, { type, target: resolved });
    },
  });
  return result;
}

/** The main part (word/document.xml…), from the package relationships. */
async function mainPart(context: Context, fallback: string): Promise<string> {
  const rels = await relationshipsOf(context, '');
  for (const rel of rels.values()) {
    if (rel.type.endsWith('/officeDocument') && context.zip.find(rel.target) !== null) {
      return rel.target;
    }
  }
  return fallback;
}

/** Entries matching `pattern`, in natural order (header2 before header10). */
function partsMatching(context: Context, pattern: RegExp): string[] {
  return context.zip
    .names()
    .filter((name) => pattern.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

// ---------------------------------------------------------------------------------------------
// Properties

const LABEL_PROPERTY =
  /^MSIP_Label_.+_Name$|classification|protective ?marking|security ?label|sensitivity/i;

/** docProps/core.xml, app.xml and custom.xml; docMetadata/LabelInfo.xml. */
async function readOfficeProperties(context: Context): Promise<void> {
  const { sink } = context;
  const properties = new Section(sink, 'document properties');
  const hidden = new Section(sink, 'document properties', { keep: false });
  const label = new Section(sink, 'sensitivity label', { keep: false });

  const core = new Set([
    'title',
    'subject',
    'keywords',
    'description',
    'category',
    'contentStatus',
  ]);
  let current: string | null = null;
  let value = '';
  await readPart(
    context,
    'docProps/core.xml',
    {
      open(name) {
        if (core.has(name)) {
          current = name;
          value = '';
        }
      },
      text(text) {
        if (current !== null) value += text;
      },
      close(name) {
        if (name !== current) return;
        if (name === 'title') sink.setTitle(value);
        properties.write(`${value}\n`);
        current = null;
      },
    },
    [properties],
  );

  const app = new Set(['Company', 'Manager']);
  await readPart(
    context,
    'docProps/app.xml',
    {
      open(name) {
        if (app.has(name)) {
          current = name;
          value = '';
        }
      },
      text(text) {
        if (current !== null) value += text;
      },
      close(name) {
        if (name !== current) return;
        hidden.write(`${value}\n`);
        current = null;
      },
    },
    [hidden],
  );

  let property: string | null = null;
  await readPart(
    context,
    'docProps/custom.xml',
    {
      open(name, attributes) {
        if (name === 'property') {
          property = attribute(attributes, 'name') ?? '';
          value = '';
        }
      },
      text(text) {
        if (property !== null) value += text;
      },
      close(name) {
        if (name !== 'property' || property === null) return;
        if (LABEL_PROPERTY.test(property)) label.write(`${value}\n`);
        else hidden.write(`${property}: ${value}\n`);
        property = null;
      },
    },
    [hidden, label],
  );

  // Purview labels by id; names only when a tool wrote them, but any text counts.
  await readPart(
    context,
    'docMetadata/LabelInfo.xml',
    {
      open(name, attributes) {
        const labelName = attribute(attributes, 'name') ?? attribute(attributes, 'displayName');
        if (labelName) label.write(`${labelName}\n`);
      },
      text(text) {
        label.write(text);
      },
      close() {
        label.write('\n');
      },
    },
    [label],
  );
}

// ---------------------------------------------------------------------------------------------
// Word

/** WordprocessingML (and DrawingML text in it): runs' text, tabs, breaks, table cells. */
export function wordHandler(section: Section): XmlHandler {
  let inText = 0;
  let inCell = 0;
  return {
    open(name) {
      switch (name) {
        case 't':
        case 'delText':
          inText++;
          break;
        case 'tab':
          if (inText === 0) section.write('\t');
          break;
        case 'br':
        case 'cr':
          section.write(inCell > 0 ? ' ' : '\n');
          break;
        case 'tc':
          inCell++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 't':
        case 'delText':
          inText--;
          break;
        case 'p':
          section.write(inCell > 0 ? ' ' : '\n');
          break;
        case 'tc':
          inCell--;
          section.write('\t');
          break;
        case 'tr':
          section.write('\n');
          break;
      }
    },
    text(text) {
      if (inText > 0) section.write(text);
    },
  };
}

async function readWordPart(context: Context, part: string, where: string): Promise<void> {
  const section = new Section(context.sink, where);
  await readPart(context, part, wordHandler(section), [section]);
}

async function extractDocx(context: Context): Promise<void> {
  await readOfficeProperties(context);
  const main = await mainPart(context, 'word/document.xml');
  const dir = posix.dirname(main);
  const inDir = (file: string) =>
    new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${file}$`, 'i');
  for (const part of partsMatching(context, inDir('header\\d*\\.xml'))) {
    await readWordPart(context, part, 'header');
  }
  for (const part of partsMatching(context, inDir('footer\\d*\\.xml'))) {
    await readWordPart(context, part, 'footer');
  }
  await readWordPart(context, main, 'text');
  await readWordPart(context, `${dir}/footnotes.xml`, 'footnotes');
  await readWordPart(context, `${dir}/endnotes.xml`, 'endnotes');
  await readWordPart(context, `${dir}/comments.xml`, 'comments');
}

// ---------------------------------------------------------------------------------------------
// Excel

/** Strips the formatting codes of a spreadsheet header or footer (`&C`, `&"Arial,Bold"`, `&12`). */
export function headerFooterText(codes: string): string {
  return codes.replace(/&(&|"[^"]*"|K[0-9A-Fa-f]{6}|\d+|[A-Za-z])?/g, (_, code?: string) => {
    if (code === undefined || code === '&') return '&';
    if (code === 'L' || code === 'C' || code === 'R') return '\t'; // left, centre, right
    return /^[A-Za-z]$/.test(code) ? ' ' : ''; // a field (page, date…), or formatting
  });
}

/** Shared strings, kept up to a total length; the rest are checked for markings only. */
export function sharedStringsHandler(
  strings: string[],
  maxChars: number,
  overflow: Section,
): XmlHandler {
  let inItem = false;
  let inPhonetic = 0;
  let inText = 0;
  let value = '';
  let total = 0;
  return {
    open(name) {
      if (name === 'si') {
        inItem = true;
        value = '';
      } else if (name === 'rPh') inPhonetic++;
      else if (name === 't') inText++;
    },
    close(name) {
      if (name === 't') inText--;
      else if (name === 'rPh') inPhonetic--;
      else if (name === 'si') {
        inItem = false;
        if (total + value.length <= maxChars) {
          strings.push(value);
          total += value.length;
        } else {
          strings.push('');
          overflow.write(`${value}\n`);
        }
      }
    },
    text(text) {
      if (inItem && inText > 0 && inPhonetic === 0) value += text;
    },
  };
}

/** One worksheet: cell values tab-separated, a line per row; headers and footers apart. */
export function sheetHandler(
  strings: readonly string[],
  cells: Section,
  header: Section,
  footer: Section,
): XmlHandler {
  let type = 'n';
  let value = '';
  let inValue = false;
  let inInline = 0;
  let inText = 0;
  let headerFooter: Section | null = null;
  let codes = '';
  return {
    open(name, attributes) {
      switch (name) {
        case 'c':
          type = attribute(attributes, 't') ?? 'n';
          value = '';
          break;
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline++;
          break;
        case 't':
          inText++;
          break;
        case 'oddHeader':
        case 'evenHeader':
        case 'firstHeader':
          headerFooter = header;
          codes = '';
          break;
        case 'oddFooter':
        case 'evenFooter':
        case 'firstFooter':
          headerFooter = footer;
          codes = '';
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline--;
          break;
        case 't':
          inText--;
          break;
        case 'c': {
          const text =
            type === 's'
              ? (strings[Number.parseInt(value, 10)] ?? '')
              : type === 'inlineStr' || type === 'str'
                ? value
                : '';
          if (text.length > 0) cells.write(`${text}\t`);
          break;
        }
        case 'row':
          cells.write('\n');
          break;
        case 'oddHeader':
        case 'evenHeader':
        case 'firstHeader':
        case 'oddFooter':
        case 'evenFooter':
        case 'firstFooter':
          headerFooter?.write(`${headerFooterText(codes)}\n`);
          headerFooter = null;
          break;
      }
    },
    text(text) {
      if (headerFooter !== null) codes += text;
      else if (inValue || (inInline > 0 && inText > 0)) value += text;
    },
  };
}

async function extractXlsx(context: Context): Promise<void> {
  await readOfficeProperties(context);
  const main = await mainPart(context, 'xl/workbook.xml');
  const dir = posix.dirname(main);
  const rels = await relationshipsOf(context, main);
  const sheets: { name: string; part: string }[] = [];
  const workbook = await readSmallPart(context, main);
  if (workbook !== null) {
    parseSmall(context, main, workbook, {
      open(name, attributes) {
        if (name !== 'sheet') return;
        const target = rels.get(attribute(attributes, 'r:id') ?? '')?.target;
        if (target) sheets.push({ name: attribute(attributes, 'name') ?? target, part: target });
      },
    });
  }
  if (sheets.length === 0) {
    for (const part of partsMatching(context, /^xl\/worksheets\/[^/]+\.xml$/i)) {
      sheets.push({ name: posix.basename(part, '.xml'), part });
    }
  }

  const strings: string[] = [];
  const overflow = new Section(context.sink, 'cells', { keep: false });
  const sharedStrings =
    [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ??
    `${dir}/sharedStrings.xml`;
  await readPart(
    context,
    sharedStrings,
    sharedStringsHandler(strings, context.limits.maxTextChars, overflow),
    [overflow],
  );

  const header = new Section(context.sink, 'header');
  const footer = new Section(context.sink, 'footer');
  for (const sheet of sheets) {
    const cells = new Section(context.sink, `sheet ${sheet.name}`);
    await readPart(context, sheet.part, sheetHandler(strings, cells, header, footer), [
      cells,
      header,
      footer,
    ]);
  }
  for (const part of partsMatching(context, /^xl\/comments\d*\.xml$/i)) {
    await readDrawingPart(context, part, 'comments');
  }
}

// ---------------------------------------------------------------------------------------------
// PowerPoint

/** DrawingML text (slides, notes, comments): paragraphs, line breaks, table cells. */
export function drawingHandler(section: Section): XmlHandler {
  let inText = 0;
  let inCell = 0;
  return {
    open(name) {
      if (name === 't' || name === 'text') inText++;
      else if (name === 'br') section.write(inCell > 0 ? ' ' : '\n');
      else if (name === 'tc') inCell++;
    },
    close(name) {
      if (name === 't' || name === 'text') inText--;
      else if (name === 'p') section.write(inCell > 0 ? ' ' : '\n');
      else if (name === 'tc') {
        inCell--;
        section.write('\t');
      } else if (name === 'tr') section.write('\n');
    },
    text(text) {
      if (inText > 0) section.write(text);
    },
  };
}

async function readDrawingPart(
  context: Context,
  part: string,
  where: string,
  keep = true,
): Promise<void> {
  const section = new Section(context.sink, where, { keep, tidy: true });
  await readPart(context, part, drawingHandler(section), [section]);
}

async function extractPptx(context: Context): Promise<void> {
  await readOfficeProperties(context);
  const main = await mainPart(context, 'ppt/presentation.xml');
  const rels = await relationshipsOf(context, main);
  const slides: string[] = [];
  const presentation = await readSmallPart(context, main);
  if (presentation !== null) {
    parseSmall(context, main, presentation, {
      open(name, attributes) {
        if (name !== 'sldId') return;
        const target = rels.get(attribute(attributes, 'r:id') ?? '')?.target;
        if (target && context.zip.find(target) !== null) slides.push(target);
      },
    });
  }
  if (slides.length === 0) slides.push(...partsMatching(context, /^ppt\/slides\/slide\d+\.xml$/i));

  for (const [i, slide] of slides.entries()) {
    await readDrawingPart(context, slide, `slide ${i + 1}`);
  }
  for (const [i, slide] of slides.entries()) {
    const notes = [...(await relationshipsOf(context, slide)).values()].find((r) =>
      r.type.endsWith('/notesSlide'),
    );
    if (notes) await readDrawingPart(context, notes.target, `notes, slide ${i + 1}`);
  }
  for (const part of partsMatching(context, /^ppt\/comments\/[^/]+\.xml$/i)) {
    await readDrawingPart(context, part, 'comments');
  }
  // Masters and layouts: their placeholder prompts are not the document's text, but a
  // marking typed into a master shows on every slide.
  for (const part of partsMatching(context, /^ppt\/slideMasters\/[^/]+\.xml$/i)) {
    await readDrawingPart(context, part, 'slide master', false);
  }
  for (const part of partsMatching(context, /^ppt\/slideLayouts\/[^/]+\.xml$/i)) {
    await readDrawingPart(context, part, 'slide layout', false);
  }
}

// ---------------------------------------------------------------------------------------------
// OpenDocument

/** Where ODF text goes: the current section, and a new one per spreadsheet table. */
export interface OpenDocumentTarget {
  section(): Section;
  /** A spreadsheet table starts (not called for text documents' tables). */
  table?(name: string): void;
}

/**
 * ODF text: paragraphs and headings (text:p, text:h) with their spaces, tabs and line
 * breaks; table cells tab-separated; annotation authors and dates left out.
 */
export function openDocumentHandler(target: OpenDocumentTarget): XmlHandler {
  let inParagraph = 0;
  let inCell = 0;
  let skip = 0;
  const write = (text: string) => {
    if (inParagraph > 0 && skip === 0) target.section().write(text);
  };
  return {
    open(name, attributes, selfClosing) {
      switch (name) {
        case 'p':
        case 'h':
          inParagraph++;
          break;
        case 's': {
          const count = Number.parseInt(attribute(attributes, 'text:c') ?? '1', 10);
          write(' '.repeat(Math.min(Math.max(count, 1), 64)));
          break;
        }
        case 'tab':
          write('\t');
          break;
        case 'line-break':
          write(inCell > 0 ? ' ' : '\n');
          break;
        case 'table-cell':
        case 'covered-table-cell':
          if (!selfClosing) inCell++;
          break;
        case 'table':
          target.table?.(attribute(attributes, 'table:name') ?? 'unnamed');
          break;
        case 'creator':
        case 'date':
          skip++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'p':
        case 'h':
          inParagraph--;
          target.section().write(inCell > 0 ? ' ' : '\n');
          break;
        case 'table-cell':
        case 'covered-table-cell':
          if (inCell > 0) {
            inCell--;
            target.section().write('\t');
          }
          break;
        case 'table-row':
          target.section().write('\n');
          break;
        case 'creator':
        case 'date':
          skip--;
          break;
      }
    },
    text(text) {
      write(text);
    },
  };
}

async function extractOpenDocument(context: Context, type: 'odt' | 'ods'): Promise<void> {
  const { sink } = context;
  // meta.xml: title, subject, description, keywords, user-defined fields.
  const properties = new Section(sink, 'document properties');
  const hidden = new Section(sink, 'document properties', { keep: false });
  const label = new Section(sink, 'sensitivity label', { keep: false });
  const wanted = new Set(['title', 'subject', 'description', 'keyword', 'user-defined']);
  let current: string | null = null;
  let field = '';
  let value = '';
  await readPart(
    context,
    'meta.xml',
    {
      open(name, attributes) {
        if (!wanted.has(name)) return;
        current = name;
        field = name === 'user-defined' ? (attribute(attributes, 'meta:name') ?? '') : '';
        value = '';
      },
      text(text) {
        if (current !== null) value += text;
      },
      close(name) {
        if (name !== current) return;
        if (name === 'title') sink.setTitle(value);
        if (name !== 'user-defined') properties.write(`${value}\n`);
        else if (LABEL_PROPERTY.test(field)) label.write(`${value}\n`);
        else hidden.write(`${field}: ${value}\n`);
        current = null;
      },
    },
    [properties, hidden, label],
  );

  // styles.xml: the master pages' headers and footers.
  const header = new Section(sink, 'header');
  const footer = new Section(sink, 'footer');
  const none = new Section(sink, 'styles', { keep: false });
  let place: Section = none;
  const inner = openDocumentHandler({ section: () => place });
  await readPart(
    context,
    'styles.xml',
    {
      open(name, attributes, selfClosing) {
        if (/^header(-left|-first)?$/.test(name)) place = header;
        else if (/^footer(-left|-first)?$/.test(name)) place = footer;
        if (place !== none) inner.open?.(name, attributes, selfClosing);
      },
      close(name) {
        if (place === none) return;
        if (/^region-(left|center|right)$/.test(name)) place.write('\t');
        inner.close?.(name);
        if (/^(header|footer)(-left|-first)?$/.test(name)) place = none;
      },
      text(text) {
        if (place !== none) inner.text?.(text);
      },
    },
    [header, footer],
  );

  // content.xml: the body; in a spreadsheet, a section per table.
  const sections = [new Section(sink, 'text')];
  const target: OpenDocumentTarget = {
    section: () => sections[sections.length - 1],
    table:
      type === 'ods'
        ? (name) => {
            sections[sections.length - 1].flush();
            sections.push(new Section(sink, `sheet ${name}`));
          }
        : undefined,
  };
  await readPart(context, 'content.xml', openDocumentHandler(target), sections);
}

// ---------------------------------------------------------------------------------------------
// Charts, SmartArt, drawings, images and embedded documents

/** Chart text: titles and labels (DrawingML runs) and the cached strings of categories and series. */
export function chartHandler(section: Section): XmlHandler {
  let inText = 0;
  let inStrings = 0;
  let inValue = 0;
  return {
    open(name) {
      if (name === 't') inText++;
      else if (name === 'strCache' || name === 'strLit' || name === 'multiLvlStrCache') {
        inStrings++;
      } else if (name === 'v' && inStrings > 0) inValue++;
    },
    close(name) {
      if (name === 't') inText--;
      else if (name === 'p') section.write('\n');
      else if (name === 'strCache' || name === 'strLit' || name === 'multiLvlStrCache') {
        inStrings--;
      } else if (name === 'v' && inValue > 0) {
        inValue--;
        section.write('\n');
      }
    },
    text(text) {
      if (inText > 0 || inValue > 0) section.write(text);
    },
  };
}

/** Every text node (an SVG's text and title), a line each. */
function allTextHandler(section: Section): XmlHandler {
  return {
    text(text) {
      section.write(text);
    },
    close() {
      section.write('\n');
    },
  };
}

/** Places in an embedded document are named with the part it is: `header (in word/embeddings/…)`. */
class NestedSink implements Sink {
  constructor(
    private readonly parent: Sink,
    private readonly within: string,
  ) {}

  add(where: string, text: string, options?: { keep?: boolean; tidy?: boolean }): void {
    this.parent.add(`${where} (in ${this.within})`, text, options);
  }

  setPages(): void {}

  setTitle(): void {}

  incomplete(reason: string): void {
    this.parent.incomplete(`${reason.replace(/\.$/, '')} (in ${this.within}).`);
  }
}

const OOXML_FOLDER: Partial<Record<OfficeType, string>> = { docx: 'word', xlsx: 'xl', pptx: 'ppt' };

/** The name of a part for moderators: with the embedded document it is in, if any. */
function nameOf(context: Context, part: string): string {
  return context.within ? `${part} in ${context.within}` : part;
}

/** Charts, SmartArt, drawings, embedded objects and images, in the folders their formats use. */
async function readAttachedParts(context: Context, type: OfficeType): Promise<void> {
  const folder = OOXML_FOLDER[type];
  if (folder !== undefined) {
    const inFolder = (pattern: string) => new RegExp(`^${folder}/${pattern}$`, 'i');
    for (const part of partsMatching(context, inFolder('charts/chart[^/]*\\.xml'))) {
      const section = new Section(context.sink, 'chart');
      await readPart(context, part, chartHandler(section), [section]);
    }
    // SmartArt: the data part holds the text; its drawing part is a rendered copy.
    for (const part of partsMatching(context, inFolder('diagrams/data[^/]*\\.xml'))) {
      await readDrawingPart(context, part, 'diagram');
    }
    for (const part of partsMatching(context, inFolder('diagrams/drawing[^/]*\\.xml'))) {
      await readDrawingPart(context, part, 'diagram', false);
    }
    // Shapes and text boxes on sheets, and shapes drawn over charts.
    for (const part of partsMatching(context, inFolder('drawings/drawing[^/]*\\.xml'))) {
      await readDrawingPart(context, part, 'drawing');
    }
    for (const part of partsMatching(context, inFolder('embeddings/[^/]+'))) {
      await readEmbedded(context, part);
    }
    for (const part of partsMatching(context, inFolder('media/[^/]+'))) {
      await readImagePart(context, part);
    }
    return;
  }
  // OpenDocument: objects (charts, formulas) are folders with their own content.xml; an OLE
  // object is a file of its own; pictures are under Pictures/.
  for (const part of partsMatching(context, /^Object [^/]+\/content\.xml$/i)) {
    const section = new Section(context.sink, 'embedded object');
    await readPart(context, part, openDocumentHandler({ section: () => section }), [section]);
  }
  for (const part of partsMatching(context, /^Object [^/]+$/i)) {
    context.unread.objects.push(nameOf(context, part));
  }
  for (const part of partsMatching(context, /^Pictures\/[^/]+$/i)) {
    await readImagePart(context, part);
  }
}

/** Reads a whole part into memory within the budget; a failure becomes the incomplete reason. */
async function readWhole(context: Context, part: string): Promise<Buffer | null> {
  const size = context.zip.sizeOf(part) ?? 0;
  if (size > MAX_EMBEDDED_BYTES) {
    context.sink.incomplete(
      `Only part of the file was inspected: ${nameOf(context, part)} expands to ` +
        `${formatBytes(size)}, more than the ${formatBytes(MAX_EMBEDDED_BYTES)} opened.`,
    );
    return null;
  }
  try {
    return await context.zip.readBytes(part, context.budget);
  } catch (error) {
    context.sink.incomplete(
      error instanceof LimitError
        ? error.message
        : `The file could not be read: ${nameOf(context, part)}: ${describe(error)}.`,
    );
    return null;
  }
}

function whatIs(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) return 'an OLE object';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF';
  return 'not an Office document';
}

async function officeTypeOf(context: Context): Promise<OfficeType | null> {
  const { zip } = context;
  if (zip.find('word/document.xml') !== null) return 'docx';
  if (zip.find('xl/workbook.xml') !== null) return 'xlsx';
  if (zip.find('ppt/presentation.xml') !== null) return 'pptx';
  if (zip.find('content.xml') !== null) {
    const mimetype = (await readSmallPart(context, 'mimetype')) ?? '';
    if (mimetype.trim() === 'application/vnd.oasis.opendocument.text') return 'odt';
    if (mimetype.trim() === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
  }
  return null;
}

/** An embedded Office or OpenDocument file is read as a document of its own; else named. */
async function readEmbedded(context: Context, part: string): Promise<void> {
  const name = nameOf(context, part);
  if (context.depth + 1 > MAX_EMBEDDING_DEPTH) {
    context.unread.objects.push(`${name}: nested more than ${MAX_EMBEDDING_DEPTH} deep`);
    return;
  }
  const bytes = await readWhole(context, part);
  if (bytes === null) return;
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') {
    context.unread.objects.push(`${name}: ${whatIs(bytes)}`);
    return;
  }
  let zip: ZipArchive;
  try {
    zip = await ZipArchive.open(bytes, MAX_ZIP_ENTRIES);
  } catch {
    context.unread.objects.push(`${name}: a damaged zip`);
    return;
  }
  try {
    const inner: Context = {
      ...context,
      zip,
      sink: new NestedSink(context.sink, part),
      depth: context.depth + 1,
      within: name,
    };
    const type = await officeTypeOf(inner);
    if (type === null) context.unread.objects.push(`${name}: not an Office document`);
    else await extractPackage(inner, type);
  } finally {
    zip.close();
  }
}

/** An image part: its metadata (PNG, JPEG) or text (SVG) is checked; its picture is not. */
async function readImagePart(context: Context, part: string): Promise<void> {
  const where = `image metadata (${part})`;
  if (/\.(png|jpe?g|jpe)$/i.test(part)) {
    const bytes = await readWhole(context, part);
    if (bytes !== null) {
      try {
        const skipped = reportImageMetadata(
          await readImageMetadata(bufferSource(bytes)),
          where,
          context.sink,
        );
        if (skipped !== null) {
          context.sink.incomplete(
            `The metadata of ${nameOf(context, part)} could not all be read: it holds ${skipped}.`,
          );
        }
      } catch (error) {
        context.sink.incomplete(`The file could not be read: ${part}: ${describe(error)}.`);
      }
    }
  } else if (/\.svg$/i.test(part)) {
    const section = new Section(context.sink, where, { keep: false });
    await readPart(context, part, allTextHandler(section), [section]);
  }
  if (context.limits.imageReview ?? true) context.unread.images.push(nameOf(context, part));
}
