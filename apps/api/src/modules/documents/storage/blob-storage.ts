import type { Readable } from 'node:stream';

/** A stored file, by its key (the hex SHA-256 of its content). */
export interface StoredObject {
  key: string;
  modifiedAt: Date;
}

/** Inclusive byte range, as HTTP `Range` speaks. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where document files live. Keys are content hashes, so a file is stored once however many
 * versions point to it; writers never overwrite, so readers never see a half-written file.
 */
export interface BlobStorage {
  readonly driver: 'local' | 's3';
  /** Moves a complete temporary file into storage under `key`; a no-op when the key exists. */
  putFile(key: string, filePath: string, size: number): Promise<void>;
  has(key: string): Promise<boolean>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  remove(key: string): Promise<void>;
  list(): AsyncIterable<StoredObject>;
  /** Throws when the storage cannot be reached or written (health check). */
  check(): Promise<void>;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');

const KEY = /^[0-9a-f]{64}$/;

/** Keys reach a path or an object name: only a hex SHA-256 ever does. */
export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Not a storage key: ${key.slice(0, 80)}`);
}
