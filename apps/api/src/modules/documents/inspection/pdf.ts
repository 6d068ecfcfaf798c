import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sink } from './collector';

/*
 * PDF text with pdfjs-dist, inside the inspection worker only. pdfjs is an ES module: the
 * dynamic import() below becomes require() in the swc build, which Node (≥ 20.19) serves
 * from ESM; jest cannot, so no unit test reaches this file.
 */

export interface PdfLimits {
  maxPages: number;
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

let workerLoaded = false;

export async function extractPdf(path: string, limits: PdfLimits, sink: Sink): Promise<void> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  if (!workerLoaded) {
    // pdfjs's "worker" runs here, in this thread (already a worker of the API's).
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(workerModule);
    workerLoaded = true;
  }
  const data = await readFile(path);
  // Character maps for CJK text, read from disk (pdfjs reads files in Node, never the network).
  const cMapUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;
  const task = pdfjs.getDocument({
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
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

    const last = Math.min(document.numPages, limits.maxPages);
    for (let number = 1; number <= last; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      sink.add(`page ${number}`, pageText(content.items as TextPiece[]), { tidy: true });
      page.cleanup();
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
