import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Config } from '@api/config/app-config';
import { assertKey, type BlobStorage, type ByteRange, type StoredObject } from './blob-storage';

const PREFIX = 'documents/';

/** The subset of the S3 client this driver uses (a test can hand in its own). */
export type S3Sender = Pick<S3Client, 'send'>;

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
  });
}

/** Objects `documents/<sha256>` in one bucket of any S3-compatible object storage. */
export class S3Storage implements BlobStorage {
  readonly driver = 's3' as const;

  constructor(
    private readonly client: S3Sender,
    private readonly bucket: string,
  ) {}

  private nameOf(key: string): string {
    assertKey(key);
    return `${PREFIX}${key}`;
  }

  async putFile(key: string, filePath: string, size: number): Promise<void> {
    if (!(await this.has(key))) {
      // Multipart for big files (5 MiB parts, 4 at a time): bounded memory whatever the size.
      const upload = new Upload({
        client: this.client as S3Client,
        params: {
          Bucket: this.bucket,
          Key: this.nameOf(key),
          Body: createReadStream(filePath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        },
        queueSize: 4,
        partSize: 5 * 1024 * 1024,
        leavePartsOnError: false,
      });
      await upload.done();
    }
    await unlink(filePath).catch(() => undefined);
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.nameOf(key) }));
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (err as Error).name === 'NotFound') return false;
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const out = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.nameOf(key),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return out.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.nameOf(key) }));
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: PREFIX,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) {
        const key = item.Key?.slice(PREFIX.length) ?? '';
        if (/^[0-9a-f]{64}$/.test(key)) {
          yield { key, modifiedAt: item.LastModified ?? new Date(0) };
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}
