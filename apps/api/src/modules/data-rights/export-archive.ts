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
 * Writes the ZIP to `path` (JSON sections, README.txt, then each file streamed from storage)
 * and answers its SHA-256 and size.
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
  zip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  const written = new Promise<void>((resolve, reject) => {
    out.once('close', resolve);
    out.once('error', reject);
    zip.once('error', reject);
  });
  zip.pipe(out);
  zip.append(readmeText, { name: 'README.txt' });
  for (const s of sections) zip.append(`${JSON.stringify(s.data, null, 2)}\n`, { name: s.file });
  for (const f of files) {
    const stream = await f.open();
    await new Promise<void>((resolve, reject) => {
      zip.once('entry', () => resolve());
      stream.once('error', reject);
      zip.append(stream, { name: f.path });
    });
  }
  await zip.finalize();
  await written;
  return { sha256: hash.digest('hex'), size };
}
