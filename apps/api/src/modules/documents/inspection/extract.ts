import type { DocumentType } from '@contracts';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Section, type Sink } from './collector';
import { extractImage } from './image';
import { extractOffice } from './office';
import { extractPdf } from './pdf';
import { formatBytes } from './zip-archive';

export interface ExtractLimits {
  maxTextChars: number;
  maxUncompressedBytes: number;
  maxPages: number;
  /** The largest PDF read (pdfjs holds the whole file in memory, outside the heap limit). */
  maxPdfBytes: number;
  /** Images (uploaded, in a document) and PDF pages without text: "not fully inspected". */
  imageReview: boolean;
}

/** Plain text, CSV and Markdown: as written (UTF-8, BOM dropped), up to the byte limit. */
export async function extractPlainText(
  path: string,
  limits: ExtractLimits,
  sink: Sink,
): Promise<void> {
  const { size } = await stat(path);
  if (size === 0) return;
  const section = new Section(sink, 'text', { tidy: false });
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(path, {
    end: Math.min(size, limits.maxUncompressedBytes) - 1,
    highWaterMark: 256 * 1024,
  });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      section.write(decoder.decode(chunk, { stream: true }));
    }
    section.write(decoder.decode());
  } finally {
    section.flush();
  }
  if (size > limits.maxUncompressedBytes) {
    sink.incomplete(
      `Only the first ${formatBytes(limits.maxUncompressedBytes)} of the file were inspected.`,
    );
  }
}

/** Reads a file's text into `sink`, by type. Runs in the inspection worker. */
export async function extract(
  path: string,
  type: DocumentType,
  limits: ExtractLimits,
  sink: Sink,
): Promise<void> {
  switch (type) {
    case 'pdf':
      return extractPdf(path, limits, sink);
    case 'docx':
    case 'xlsx':
    case 'pptx':
    case 'odt':
    case 'ods':
      return extractOffice(path, type, limits, sink);
    case 'txt':
    case 'csv':
    case 'md':
      return extractPlainText(path, limits, sink);
    case 'png':
    case 'jpeg':
      return extractImage(path, limits, sink);
  }
}
