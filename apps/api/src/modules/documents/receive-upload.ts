import { randomUUID, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@api/common/domain-error';

/** A file received to a temporary path, with what we learnt while writing it. */
export interface ReceivedFile {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  /** Every text field, each name with its values in arrival order. */
  fields: Map<string, string[]>;
  /** The first (for documents, the only) file. */
  file: ReceivedFile | null;
  files: ReceivedFile[];
}

export interface ReceiveOptions {
  tmpDir: string;
  maxBytes: number;
  /** Field names accepted beside the file parts. */
  fieldNames: ReadonlySet<string>;
  /** The name of the file parts (default `file`) and how many may come (default 1). */
  fileField?: string;
  maxFiles?: number;
}

const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 120;
/** Room for the fields and multipart framing on top of the file itself. */
const ENVELOPE_BYTES = 2 * 1024 * 1024;

/** Counts and hashes bytes on their way to disk. */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB allowed`,
  );
}

function malformed(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
}

function translate(err: unknown, maxBytes: number): unknown {
  const code = (err as { code?: string }).code;
  if (err instanceof DomainError) return err;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT') return malformed('Too many files in one request');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new DomainError('VALIDATION_FAILED', 'Too many form fields');
  }
  if (code === 'FST_PROTO_VIOLATION') {
    return new DomainError('VALIDATION_FAILED', 'A field name is not allowed');
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
  }
  if (
    code === 'FST_MP_PREMATURE_CLOSE' ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE'
  ) {
    return new DomainError('MALFORMED_REQUEST', 'The upload was interrupted');
  }
  if (err instanceof Error && /multipart|boundary|Unexpected end of form/i.test(err.message)) {
    return new DomainError('MALFORMED_REQUEST', `The form could not be read: ${err.message}`);
  }
  return err;
}

/**
 * Reads a multipart request: text fields into memory (small and counted), the one `file` part
 * streamed to a temporary file while it is hashed, never held in memory. Whatever goes wrong
 * (too big, a dropped connection, a malformed body), the temporary file is gone before this
 * throws; on success the caller owns it and must remove or move it.
 */
export async function receiveUpload(
  request: FastifyRequest,
  options: ReceiveOptions,
): Promise<ReceivedUpload> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + ENVELOPE_BYTES) {
    throw tooLarge(options.maxBytes);
  }
  if (!request.isMultipart()) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
  }
  await mkdir(options.tmpDir, { recursive: true });
  const fields = new Map<string, string[]>();
  const files: ReceivedFile[] = [];
  const fileField = options.fileField ?? 'file';
  let partial: string | null = null;
  try {
    const parts = request.parts({
      // Keep the client's name whole, so a name carrying a path is refused, not trimmed.
      preservePath: true,
      limits: {
        fileSize: options.maxBytes,
        files: options.maxFiles ?? 1,
        fields: MAX_FIELDS,
        parts: MAX_FIELDS + (options.maxFiles ?? 1),
        fieldSize: MAX_FIELD_BYTES,
        fieldNameSize: 100,
        headerPairs: 50,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== fileField) {
          part.file.resume();
          throw malformed(`Send files in parts named "${fileField}", not "${part.fieldname}"`);
        }
        const path = join(options.tmpDir, `${process.pid}-${randomUUID()}.part`);
        partial = path;
        const digest = new Digest();
        await pipeline(part.file, digest, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        if (part.file.truncated) throw tooLarge(options.maxBytes);
        files.push({
          path,
          // Browsers send a double quote in a file name as %22 (the HTML form encoding).
          fileName: (part.filename ?? '').replace(/%22/g, '"'),
          size: digest.size,
          sha256: digest.hash.digest('hex'),
        });
        partial = null;
      } else {
        if (part.valueTruncated || part.fieldnameTruncated) {
          throw new DomainError('VALIDATION_FAILED', `${part.fieldname}: is too long`, [
            { field: part.fieldname, message: 'is too long' },
          ]);
        }
        if (!options.fieldNames.has(part.fieldname)) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `${part.fieldname}: is not a field of this form`,
            [{ field: part.fieldname, message: 'is not a field of this form' }],
          );
        }
        const values = fields.get(part.fieldname) ?? [];
        values.push(String(part.value));
        fields.set(part.fieldname, values);
      }
    }
    return { fields, file: files[0] ?? null, files };
  } catch (err) {
    if (partial) await unlink(partial).catch(() => undefined);
    await Promise.all(files.map((f) => unlink(f.path).catch(() => undefined)));
    throw translate(err, options.maxBytes);
  }
}
