import type { DocumentType } from '@contracts';
import { DOCUMENT_LIMITS } from '@contracts';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Collector, type Inspection } from './collector';
import type { WorkerInput, WorkerMessage } from './extract.worker';

export { detectType, type DetectResult, type Detection } from './detect';
export { findMarkings, type MarkingHit } from './markings';
export type { Inspection } from './collector';

export interface InspectLimits {
  /** Wall-clock time for the worker, from its start (not counting a wait for a free slot). */
  timeoutMs: number;
  /** Characters of text kept (markings are still checked beyond). */
  maxTextChars: number;
  /** Bytes inflated from a zip, all entries together (declared and actually counted). */
  maxUncompressedBytes: number;
  /** PDF pages read. */
  maxPages: number;
  /** The worker's V8 heap (old generation). */
  maxMemoryMb: number;
  /** The largest PDF read: pdfjs holds the whole file in memory, outside the heap limit. */
  maxPdfBytes: number;
  /** An image (uploaded, in a document) or a PDF page without text sends the file to review. */
  imageReview: boolean;
}

export const DEFAULT_INSPECT_LIMITS: InspectLimits = {
  timeoutMs: 20_000,
  maxTextChars: DOCUMENT_LIMITS.text,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxPages: 2_000,
  maxMemoryMb: 256,
  maxPdfBytes: 128 * 1024 * 1024,
  imageReview: true,
};

/** The worker script, beside this file in the build (dist/…/inspection/extract.worker.js). */
const WORKER = join(__dirname, 'extract.worker.js');

/** Inspections at once: each may take a core and maxMemoryMb for its whole time limit. */
const PARALLEL = Math.min(4, Math.max(2, availableParallelism() - 1));

class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
const slots = new Slots(PARALLEL);

function runWorker(path: string, type: DocumentType, limits: InspectLimits): Promise<Inspection> {
  return new Promise((resolve) => {
    const collector = new Collector(limits.maxTextChars);
    const input: WorkerInput = {
      path,
      type,
      limits: {
        maxTextChars: limits.maxTextChars,
        maxUncompressedBytes: limits.maxUncompressedBytes,
        maxPages: limits.maxPages,
        maxPdfBytes: limits.maxPdfBytes,
        imageReview: limits.imageReview,
      },
    };
    const worker = new Worker(WORKER, {
      workerData: input,
      // A small young generation: text is decoded chunk by chunk, and a large one only grows RSS.
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxMemoryMb,
        maxYoungGenerationSizeMb: 8,
        stackSizeMb: 4,
      },
      // pdfjs may print warnings; they are not the API's to log.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (reason: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reason !== null) collector.incomplete(reason);
      void worker.terminate();
      resolve(collector.result());
    };
    const timer = setTimeout(() => {
      const seconds = Math.round(limits.timeoutMs / 100) / 10;
      finish(`Inspection stopped after ${seconds} seconds: only part of the file was inspected.`);
    }, limits.timeoutMs);
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.kind === 'done') finish(null);
      else if (message.kind === 'failed') finish(`The file could not be read: ${message.message}`);
      else collector.apply(message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Inspection stopped: reading the file needed more than ${limits.maxMemoryMb} MB of memory.`
          : `The file could not be read: ${error.message}`,
      );
    });
    worker.on('exit', (code) => {
      finish(`The file could not be read: the inspection stopped unexpectedly (code ${code}).`);
    });
  });
}

/**
 * Reads an uploaded file (already on disk, its type from detectType) in a worker thread with
 * a heap limit, stopped at the time limit: text for search, PDF pages, title, and protective
 * markings. Never throws for a bad file: what could not be done is in `incomplete`, with the
 * findings up to that point.
 */
export async function inspect(
  filePath: string,
  type: DocumentType,
  limits: Partial<InspectLimits> = {},
): Promise<Inspection> {
  const all: InspectLimits = { ...DEFAULT_INSPECT_LIMITS, ...limits };
  if (!existsSync(WORKER)) {
    // A build problem, not a bad file: fail loudly rather than quarantine every upload.
    throw new Error(`inspection worker not found at ${WORKER} (run the swc build)`);
  }
  return slots.run(() => runWorker(filePath, type, all));
}
