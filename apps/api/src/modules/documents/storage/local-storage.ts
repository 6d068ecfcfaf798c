import { constants, createReadStream } from 'node:fs';
import { access, copyFile, mkdir, opendir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertKey, type BlobStorage, type ByteRange, type StoredObject } from './blob-storage';

/** Files under `root/ab/cd/<sha256>` on local disk (DATA_DIR/documents by default). */
export class LocalStorage implements BlobStorage {
  readonly driver = 'local' as const;

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertKey(key);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async putFile(key: string, filePath: string): Promise<void> {
    const target = this.pathOf(key);
    if (await this.has(key)) {
      await unlink(filePath).catch(() => undefined);
      return;
    }
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await rename(filePath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Temporary files on another file system: copy to a side name, then rename in place.
      const side = `${target}.${process.pid}.part`;
      await copyFile(filePath, side);
      await rename(side, target);
      await unlink(filePath).catch(() => undefined);
    }
  }

  async has(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    const stream = createReadStream(path, {
      start: range?.start,
      end: range?.end,
      highWaterMark: 256 * 1024,
    });
    // Surface a missing file as a rejected promise, not a stream error after headers went out.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const a of await this.dirs(this.root)) {
      for (const b of await this.dirs(join(this.root, a))) {
        const dir = await opendir(join(this.root, a, b));
        for await (const entry of dir) {
          if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
          const info = await stat(join(dir.path, entry.name)).catch(() => null);
          if (info) yield { key: entry.name, modifiedAt: info.mtime };
        }
      }
    }
  }

  private async dirs(path: string): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const entry of await opendir(path)) {
        if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)) names.push(entry.name);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return names;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }
}
