import { ZipArchive } from 'archiver';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { cleanFileName } from '../documents/file-name';

/** One JSON file of the archive: its name and what it holds. */
export interface ArchiveSection {
  file: string;
  about: string;
  data: unknown;
}

/** A stored file to include under `path`, read when the archive reaches it. */
export interface ArchiveFile {
  path: string;
  open: () => Promise<Readable>;
}

export function readme(
  sections: ArchiveSection[],
  generatedAt: Date,
  expiresInDays: number,
): string {
  const lines = [
    'Your data from the Organised Crime Virtual Research Network (OCVRN)',
    '',
    `Made on ${generatedAt.toISOString()} at your request (UK GDPR, articles 15 and 20).`,
    `The download link works for ${expiresInDays} days; the file is then deleted.`,
    '',
    'Each .json file is UTF-8 JSON with times in ISO 8601 (UTC):',
    '',
    ...sections.map((s) => `  ${s.file.padEnd(28)} ${s.about}`),
    `  ${'uploads/'.padEnd(28)} the files you uploaded to the library, one folder per document`,
    '',
    'What another member wrote is not included, nor the detail of staff actions about other',
    'people. To ask a question about your data, write to the contact point.',
    '',
  ];
  return lines.join('\r\n');
}

/** A path inside the archive for a document version's file. */
export function uploadPath(documentId: string, version: number, fileName: string): string {
  return `uploads/${documentId}/v${version}-${cleanFileName(fileName).replace(/[/\\]/g, '_')}`;
}

/**
 * Writes the ZIP to `path` (README.txt, the JSON sections, then each file streamed from
 * storage, one open at a time) and answers its SHA-256 and size.
 */
export async function writeArchive(
  path: string,
  sections: ArchiveSection[],
  files: ArchiveFile[],
  readmeText: string,
): Promise<{ sha256: string; size: number }> {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(path, { mode: 0o600 });
  const hash = createHash('sha256');
  let size = 0;
  let processed = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    wake?.();
  };
  const check = () => {
    if (failure) throw failure;
  };
  zip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  zip.on('entry', () => {
    processed++;
    wake?.();
  });
  const written = new Promise<void>((resolve, reject) => {
    out.once('close', resolve);
    out.once('error', reject);
    zip.once('error', reject);
  });
  // Settled below; a failure before then must not go unhandled.
  written.catch(fail);
  /** Waits until the archive has taken in `count` entries (or something failed). */
  const until = async (count: number) => {
    for (check(); processed < count; check()) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
  try {
    zip.pipe(out);
    zip.append(readmeText, { name: 'README.txt' });
    for (const s of sections) zip.append(`${JSON.stringify(s.data, null, 2)}\n`, { name: s.file });
    let appended = 1 + sections.length;
    for (const f of files) {
      await until(appended);
      const stream = await f.open();
      stream.once('error', fail);
      zip.append(stream, { name: f.path });
      appended++;
    }
    await until(appended);
    await zip.finalize();
    await written;
    check();
  } catch (err) {
    zip.abort();
    out.destroy();
    throw err;
  }
  return { sha256: hash.digest('hex'), size };
}
