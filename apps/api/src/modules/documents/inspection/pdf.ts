import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sink } from './collector';
import { formatBytes } from './zip-archive';

/*
 * PDF text with pdfjs-dist, inside the inspection worker only. pdfjs is an ES module: the
 * dynamic import() below becomes require() in the swc build, which Node (≥ 20.19) serves
 * from ESM; jest cannot, so no unit test reaches this file.
 */

export interface PdfLimits {
  maxPages: number;
  /** A page without text (a scan) makes the file "not fully inspected". */
  imageReview: boolean;
  /** Larger files are not read: pdfjs holds the whole file in memory, outside the heap limit. */
  maxPdfBytes: number;
}

interface TextPiece {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  height?: number;
}

/** Lines of a page: pdfjs's own line ends, and a new line wherever the baseline moves. */
export function pageText(items: readonly TextPiece[]): string {
  const lines: string[] = [];
  let line = '';
  let lastY: number | null = null;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const y: number | null = item.transform?.[5] ?? lastY;
    const tolerance = Math.max(1, (item.height ?? 0) / 2);
    if (line.length > 0 && lastY !== null && y !== null && Math.abs(y - lastY) > tolerance) {
      lines.push(line);
      line = '';
    }
    line += item.str;
    lastY = y;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\n');
}

const INFO_FIELDS = ['Title', 'Subject', 'Keywords', 'Author'] as const;
const LABEL_FIELD = /^MSIP_Label_.+_Name$|classification|protective ?marking|sensitivity/i;

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value : null;
}

interface AnnotationData {
  subtype?: string;
  contentsObj?: { str?: string };
  richText?: unknown;
  textContent?: unknown;
  overlaidText?: unknown;
  alternativeText?: unknown;
  fieldValue?: unknown;
  buttonValue?: unknown;
  options?: { displayValue?: unknown; exportValue?: unknown }[];
}

/** The strings anywhere in a value (a rich text tree, a list of lines, a field's choices). */
function stringsIn(value: unknown, out: string[], depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    if (value.trim().length > 0) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) stringsIn(item, out, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) stringsIn(item, out, depth + 1);
  }
}

/**
 * What a page's annotations say: comments, notes, free text and link text; and what its form
 * fields hold (values, choices, tooltips). Pop-ups repeat their parent's text and are left out.
 */
export function annotationText(annotations: readonly AnnotationData[]): {
  comments: string;
  fields: string;
} {
  const comments: string[] = [];
  const fields: string[] = [];
  for (const a of annotations) {
    if (a.subtype === 'Popup') continue;
    const out: string[] = [];
    stringsIn(a.contentsObj?.str, out);
    stringsIn(a.textContent, out);
    stringsIn(a.overlaidText, out);
    stringsIn(a.alternativeText, out);
    if (a.subtype === 'Widget') {
      stringsIn(a.fieldValue, out);
      stringsIn(a.buttonValue, out);
      stringsIn(
        a.options?.map((o) => o.displayValue ?? o.exportValue),
        out,
      );
      fields.push(...new Set(out));
    } else {
      if (out.length === 0) stringsIn(a.richText, out);
      comments.push(...new Set(out));
    }
  }
  return { comments: comments.join('\n'), fields: fields.join('\n') };
}

/** The whole file, read here up to the byte limit; null (and the reason given) when larger. */
async function readBounded(
  path: string,
  limits: PdfLimits,
  sink: Sink,
): Promise<Uint8Array | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limits.maxPdfBytes) {
      sink.incomplete(
        `The PDF was not inspected: it is ${formatBytes(size)}, more than the ` +
          `${formatBytes(limits.maxPdfBytes)} that can be read.`,
      );
      return null;
    }
    const data = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(data, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return data.subarray(0, at);
  } finally {
    await handle.close();
  }
}

let workerLoaded = false;

export async function extractPdf(path: string, limits: PdfLimits, sink: Sink): Promise<void> {
  // Before pdfjs is loaded: a PDF too large to read costs nothing.
  const data = await readBounded(path, limits, sink);
  if (data === null) return;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  if (!workerLoaded) {
    // pdfjs's "worker" runs here, in this thread (already a worker of the API's).
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(workerModule);
    workerLoaded = true;
  }
  // Character maps for CJK text, read from disk (pdfjs reads files in Node, never the network).
  const cMapUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    cMapUrl,
    cMapPacked: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      sink.incomplete('The PDF is password-protected, so its text could not be inspected.');
      return;
    }
    throw error;
  }
  try {
    sink.setPages(document.numPages);
    const meta = await document.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const properties: string[] = [];
    for (const field of INFO_FIELDS) {
      const value = textOf(info[field]);
      if (value === null) continue;
      if (field === 'Title') sink.setTitle(value);
      properties.push(value);
    }
    if (properties.length > 0)
      sink.add('document properties', properties.join('\n'), { tidy: true });
    const custom = (info.Custom ?? {}) as Record<string, unknown>;
    for (const [name, raw] of Object.entries(custom)) {
      const value = textOf(raw);
      if (value === null) continue;
      if (LABEL_FIELD.test(name)) sink.add('sensitivity label', value, { keep: false });
      else sink.add('document properties', `${name}: ${value}`, { keep: false });
    }
    const xmp = (meta?.metadata ?? []) as Iterable<[string, unknown]>;
    for (const [name, raw] of xmp) {
      const value = textOf(raw);
      if (value !== null && /MSIP_Label_.+_Name$/i.test(name)) {
        sink.add('sensitivity label', value, { keep: false });
      }
    }

    const attachments = (await document.getAttachments().catch(() => null)) as Record<
      string,
      { filename?: string }
    > | null;
    const attached = Object.values(attachments ?? {}).map((a) => a.filename ?? 'unnamed');
    if (attached.length > 0) {
      sink.incomplete(
        `Not every part of the file was inspected: it has attached files that were not read ` +
          `(${attached.slice(0, 3).join(', ')}${attached.length > 3 ? ` and ${attached.length - 3} more` : ''}).`,
      );
    }

    const last = Math.min(document.numPages, limits.maxPages);
    /** Pages without any text: a scan, or a picture of a page, whose marking cannot be read. */
    const textless: number[] = [];
    for (let number = 1; number <= last; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const text = pageText(content.items as TextPiece[]);
      if (text.trim().length === 0) textless.push(number);
      sink.add(`page ${number}`, text, { tidy: true });
      // Hidden and print-only annotations too: a marking need not be visible to count.
      const annotations = (await page.getAnnotations({ intent: 'any' })) as AnnotationData[];
      const { comments, fields } = annotationText(annotations);
      sink.add(`annotations, page ${number}`, comments, { tidy: true });
      sink.add(`form fields, page ${number}`, fields, { tidy: true });
      page.cleanup();
    }
    if (limits.imageReview && textless.length > 0) {
      const shown = textless.slice(0, 5).join(', ') + (textless.length > 5 ? ', …' : '');
      sink.incomplete(
        `Not every part of the file was inspected: ${textless.length === 1 ? 'page' : 'pages'} ` +
          `${shown} ${textless.length === 1 ? 'holds' : 'hold'} no text that could be read ` +
          '(a scan or a picture of a page cannot be checked for markings).',
      );
    }
    if (document.numPages > limits.maxPages) {
      sink.incomplete(
        `Only the first ${limits.maxPages.toLocaleString('en-GB')} of ` +
          `${document.numPages.toLocaleString('en-GB')} pages were inspected.`,
      );
    }
  } finally {
    await document.destroy();
  }
}
