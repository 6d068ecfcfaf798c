import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStorage } from './local-storage';

const KEY = 'ab'.repeat(32);

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('LocalStorage', () => {
  const root = mkdtempSync(join(tmpdir(), 'ocvrn-storage-'));
  const storage = new LocalStorage(join(root, 'documents'));

  it('moves a file in under ab/cd/<sha256>, once', async () => {
    const first = join(root, 'first.part');
    writeFileSync(first, 'hello world');
    await storage.putFile(KEY, first);
    expect(existsSync(first)).toBe(false);
    expect(readFileSync(join(root, 'documents', 'ab', 'ab', KEY), 'utf8')).toBe('hello world');
    const second = join(root, 'second.part');
    writeFileSync(second, 'hello world');
    await storage.putFile(KEY, second);
    expect(existsSync(second)).toBe(false);
    expect(await storage.has(KEY)).toBe(true);
  });

  it('reads whole files and inclusive ranges', async () => {
    expect(await text(await storage.read(KEY))).toBe('hello world');
    expect(await text(await storage.read(KEY, { start: 6, end: 10 }))).toBe('world');
    await expect(storage.read('cd'.repeat(32))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lists what it holds and removes it', async () => {
    const keys: string[] = [];
    for await (const o of storage.list()) keys.push(o.key);
    expect(keys).toEqual([KEY]);
    await storage.remove(KEY);
    await storage.remove(KEY);
    expect(await storage.has(KEY)).toBe(false);
  });

  it('refuses a key that is not a hash', async () => {
    await expect(storage.has('../../etc/passwd')).rejects.toThrow('Not a storage key');
  });
});
