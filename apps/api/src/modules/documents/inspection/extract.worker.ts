import type { DocumentType } from '@contracts';
import { parentPort, workerData } from 'node:worker_threads';
import { Collector, type Finding } from './collector';
import { extract, type ExtractLimits } from './extract';

/*
 * The inspection worker: reads one file and posts what it finds as it goes, so that when the
 * API thread stops it (time or memory limit) the findings so far are not lost.
 */

export interface WorkerInput {
  path: string;
  type: DocumentType;
  limits: ExtractLimits;
}

export type WorkerMessage = Finding | { kind: 'done' } | { kind: 'failed'; message: string };

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

const input = workerData as WorkerInput;
const collector = new Collector(input.limits.maxTextChars, post);
extract(input.path, input.type, input.limits, collector).then(
  () => post({ kind: 'done' }),
  (error: unknown) =>
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
