import { posix } from 'node:path';
import { Section, type Sink } from './collector';
import { attribute, XmlStream, type XmlHandler } from './xml-stream';
import { ByteBudget, LimitError, ZipArchive } from './zip-archive';

/*
 * Text of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods) files, read part by
 * part from the zip. Small, telling parts (properties, labels, headers, footers) come first,
 * so a bomb in the body still leaves them checked. A part that fails or hits a limit is
 * recorded as the reason the inspection is incomplete, and the others are still read.
 */

export interface OfficeLimits {
  maxUncompressedBytes: number;
  maxTextChars: number;
}

/** More entries than any real document has; a zip with more is only partly listed. */
export const MAX_ZIP_ENTRIES = 10_000;

export type OfficeType = 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods';

interface Context {
  zip: ZipArchive;
  budget: ByteBudget;
  sink: Sink;
  limits: OfficeLimits;
}

/** Reads an Office or OpenDocument file's text into `sink`. */
export async function extractOffice(
  path: string,
  type: OfficeType,
  limits: OfficeLimits,
  sink: Sink,
): Promise<void> {
  const zip = await ZipArchive.open(path, MAX_ZIP_ENTRIES);
  const context: Context = {
    zip,
    budget: new ByteBudget(limits.maxUncompressedBytes),
    sink,
    limits,
  };
  try {
    if (zip.truncated) {
      sink.incomplete(
        `Only part of the file was inspected: it holds more than ${MAX_ZIP_ENTRIES.toLocaleString('en-GB')} files.`,
      );
    }
    switch (type) {
      case 'docx':
        return await extractDocx(context);
      case 'xlsx':
        return await extractXlsx(context);
      case 'pptx':
        return await extractPptx(context);
      case 'odt':
      case 'ods':
        return await extractOpenDocument(context, type);
    }
  } finally {
    zip.close();
  }
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
