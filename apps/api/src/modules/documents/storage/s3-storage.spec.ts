import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { S3Storage, type S3Sender } from './s3-storage';

const KEY = 'a'.repeat(64);

/** A remote S3 we do not run: records each command and answers like the service would. */
function fakeS3(objects: Map<string, Date>) {
  const sent: object[] = [];
  const client: S3Sender = {
    send: (async (command: object) => {
      sent.push(command);
      if (command instanceof HeadObjectCommand) {
        if (objects.has(command.input.Key ?? '')) return {};
        throw Object.assign(new Error('NotFound'), {
          name: 'NotFound',
          $metadata: { httpStatusCode: 404 },
        });
      }
      if (command instanceof GetObjectCommand) return { Body: Readable.from(['bytes']) };
      if (command instanceof DeleteObjectCommand) {
        objects.delete(command.input.Key ?? '');
        return {};
      }
      if (command instanceof ListObjectsV2Command) {
        const keys = [...objects.keys()].sort();
        const start = command.input.ContinuationToken ? Number(command.input.ContinuationToken) : 0;
        const page = keys.slice(start, start + 2);
        const next = start + 2 < keys.length ? String(start + 2) : undefined;
        return {
          Contents: page.map((Key) => ({ Key, LastModified: objects.get(Key) })),
          IsTruncated: next !== undefined,
          NextContinuationToken: next,
        };
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    }) as S3Sender['send'],
  };
  return { client, sent };
}

describe('S3Storage', () => {
  it('names objects documents/<sha256> and refuses anything else as a key', async () => {
    const objects = new Map([[`documents/${KEY}`, new Date()]]);
    const { client, sent } = fakeS3(objects);
    const storage = new S3Storage(client, 'bucket');
    expect(await storage.has(KEY)).toBe(true);
    expect(await storage.has('b'.repeat(64))).toBe(false);
    expect(sent[0]).toBeInstanceOf(HeadObjectCommand);
    expect((sent[0] as HeadObjectCommand).input).toEqual({
      Bucket: 'bucket',
      Key: `documents/${KEY}`,
    });
    await expect(storage.has('../etc/passwd')).rejects.toThrow('Not a storage key');
  });

  it('asks for byte ranges as HTTP does', async () => {
    const { client, sent } = fakeS3(new Map());
    await new S3Storage(client, 'bucket').read(KEY, { start: 10, end: 19 });
    expect((sent[0] as GetObjectCommand).input.Range).toBe('bytes=10-19');
  });

  it('lists every page of stored objects, skipping foreign keys', async () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const keys = ['1', '2', '3', '4', '5'].map((c) => c.repeat(64));
    const objects = new Map<string, Date>([
      ...keys.map((k) => [`documents/${k}`, when] as [string, Date]),
      ['documents/notes.txt', when],
    ]);
    const { client } = fakeS3(objects);
    const listed: string[] = [];
    for await (const o of new S3Storage(client, 'bucket').list()) {
      listed.push(o.key);
      expect(o.modifiedAt).toEqual(when);
    }
    expect(listed.sort()).toEqual(keys);
  });

  it('removes an object', async () => {
    const objects = new Map([[`documents/${KEY}`, new Date()]]);
    const { client } = fakeS3(objects);
    await new S3Storage(client, 'bucket').remove(KEY);
    expect(objects.size).toBe(0);
  });
});
