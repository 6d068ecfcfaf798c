import { fromBufferPromise, openPromise, type Entry, type ZipFile } from 'yauzl';

/** A limit stopped the reading: the message says which, for the uploader and moderators. */
export class LimitError extends Error {}

/** Uncompressed bytes still allowed, shared by every entry read from one file. */
export class ByteBudget {
  constructor(
    readonly limit: number,
    public remaining = limit,
  ) {}
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A zip opened from its central directory (yauzl, lazily), whose entries are read by name in
 * any order, within a byte budget counted on what is really inflated and on what each entry
 * declares: an entry is never read past its declared size.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly byName: Map<string, Entry>,
    /** The zip holds more entries than were listed. */
    readonly truncated: boolean,
  ) {}

  /**
   * Lists up to `maxEntries` entries, or fewer when `enough` says (given a lookup by lower-case
   * name) that what is needed has been seen.
   */
  static async open(
    path: string | Buffer,
    maxEntries: number,
    enough?: (has: (name: string) => boolean) => boolean,
  ): Promise<ZipArchive> {
    const options = {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: false,
      decodeStrings: true,
      strictFileNames: false,
    };
    // A buffer: a document embedded in another, already inflated within the budget.
    const zip =
      typeof path === 'string'
        ? await openPromise(path, options)
        : await fromBufferPromise(path, options);
    const byName = new Map<string, Entry>();
    let truncated = false;
    try {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          zip.removeAllListeners('entry');
          zip.removeAllListeners('end');
          resolve();
        };
        zip.on('entry', (entry: Entry) => {
          const key = entry.fileName.toLowerCase();
          if (!byName.has(key)) byName.set(key, entry);
          if (enough?.((name) => byName.has(name))) {
            done();
            return;
          }
          if (zip.entriesRead >= maxEntries && zip.entriesRead < zip.entryCount) {
            truncated = true;
            done();
            return;
          }
          zip.readEntry();
        });
        zip.once('end', done);
        zip.once('error', reject);
        zip.readEntry();
      });
    } catch (error) {
      zip.close();
      throw error;
    }
    return new ZipArchive(zip, byName, truncated);
  }

  /** Every listed entry name, as stored (case kept). */
  names(): string[] {
    return [...this.byName.values()].map((e) => e.fileName);
  }

  /** The stored name of an entry, looked up without regard to case (as OPC part names are). */
  find(name: string): string | null {
    return this.byName.get(name.toLowerCase())?.fileName ?? null;
  }

  /**
   * Inflates one entry as UTF-8 text, handing it over piece by piece, never past its declared
   * size nor the budget. Throws LimitError when it stops short: what was read until then has
   * been handed over (the start of a huge document is still checked).
   */
  async readText(name: string, budget: ByteBudget, onText: (text: string) => void): Promise<void> {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) return;
    const declared = entry.uncompressedSize;
    const overBudget = (): LimitError =>
      new LimitError(
        declared > budget.limit
          ? `Only part of the file was inspected: ${entry.fileName} expands to ` +
              `${formatBytes(declared)}, more than the ${formatBytes(budget.limit)} allowed.`
          : `Only part of the file was inspected: its content expands to more than ` +
              `${formatBytes(budget.limit)}.`,
      );
    if (budget.remaining <= 0 && declared > 0) throw overBudget();
    const stream = await this.zip.openReadStreamPromise(entry);
    const decoder = new TextDecoder('utf-8');
    // Counted here rather than by yauzl, so the bytes up to a limit are still read.
    let read = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const room = Math.min(declared - read, budget.remaining);
        const usable = chunk.length <= room ? chunk : chunk.subarray(0, room);
        read += usable.length;
        budget.remaining -= usable.length;
        onText(decoder.decode(usable, { stream: true }));
        if (usable.length < chunk.length) {
          onText(decoder.decode());
          if (read < declared) throw overBudget();
          throw new LimitError(
            `Only part of the file was inspected: ${entry.fileName} holds more data than the ` +
              'zip declares.',
          );
        }
      }
      onText(decoder.decode());
    } finally {
      stream.destroy();
    }
  }

  /** The size an entry declares once inflated, or null when there is no such entry. */
  sizeOf(name: string): number | null {
    return this.byName.get(name.toLowerCase())?.uncompressedSize ?? null;
  }

  /**
   * Inflates one whole entry into memory (an embedded document, an image's metadata), within
   * the budget and its declared size; LimitError when it is larger.
   */
  async readBytes(name: string, budget: ByteBudget): Promise<Buffer> {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) return Buffer.alloc(0);
    const declared = entry.uncompressedSize;
    if (declared > budget.remaining) {
      throw new LimitError(
        `Only part of the file was inspected: ${entry.fileName} expands to ` +
          `${formatBytes(declared)}, more than the ${formatBytes(budget.remaining)} left to read.`,
      );
    }
    const stream = await this.zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    let read = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (read > declared) {
          throw new LimitError(
            `Only part of the file was inspected: ${entry.fileName} holds more data than the ` +
              'zip declares.',
          );
        }
        chunks.push(chunk);
      }
    } finally {
      stream.destroy();
    }
    budget.remaining -= read;
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}
