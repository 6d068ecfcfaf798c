import { VersionedCache } from './versioned-cache';

describe('VersionedCache', () => {
  const counter = () => {
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      compute: (value: string) => () => {
        calls++;
        return Promise.resolve(value);
      },
    };
  };

  it('serves a key once per version and recomputes when the version moves on', async () => {
    const cache = new VersionedCache<string>(10);
    const c = counter();
    expect(await cache.get(1, 'k', c.compute('a'))).toBe('a');
    expect(await cache.get(1, 'k', c.compute('b'))).toBe('a');
    expect(c.calls).toBe(1);
    expect(await cache.get(2, 'k', c.compute('c'))).toBe('c');
    expect(c.calls).toBe(2);
  });

  it('does not store an answer for a caller holding an older version', async () => {
    const cache = new VersionedCache<string>(10);
    const c = counter();
    await cache.get(5, 'k', c.compute('new'));
    expect(await cache.get(4, 'k', c.compute('old'))).toBe('old');
    expect(await cache.get(5, 'k', c.compute('x'))).toBe('new');
    expect(c.calls).toBe(2);
  });

  it('shares one computation between concurrent misses', async () => {
    const cache = new VersionedCache<string>(10);
    let release!: (v: string) => void;
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<string>((r) => (release = r));
    };
    const a = cache.get(1, 'k', slow);
    const b = cache.get(1, 'k', slow);
    release('v');
    expect(await Promise.all([a, b])).toEqual(['v', 'v']);
    expect(calls).toBe(1);
  });

  it('drops the least recently used entry beyond its size', async () => {
    const cache = new VersionedCache<string>(2);
    const c = counter();
    await cache.get(1, 'a', c.compute('a'));
    await cache.get(1, 'b', c.compute('b'));
    await cache.get(1, 'a', c.compute('a2')); // a is now the most recent
    await cache.get(1, 'c', c.compute('c')); // drops b
    expect(cache.size).toBe(2);
    expect(await cache.get(1, 'a', c.compute('a3'))).toBe('a');
    expect(await cache.get(1, 'b', c.compute('b2'))).toBe('b2');
  });

  it('forgets a failed computation and is a pass-through with size 0', async () => {
    const cache = new VersionedCache<string>(10);
    await expect(cache.get(1, 'k', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await cache.get(1, 'k', () => Promise.resolve('up'))).toBe('up');
    const off = new VersionedCache<string>(0);
    const c = counter();
    await off.get(1, 'k', c.compute('a'));
    await off.get(1, 'k', c.compute('a'));
    expect(c.calls).toBe(2);
    expect(off.size).toBe(0);
  });

  it('computes without storing when there is no version', async () => {
    const cache = new VersionedCache<string>(10);
    const c = counter();
    await cache.get(null, 'k', c.compute('a'));
    await cache.get(null, 'k', c.compute('a'));
    expect(c.calls).toBe(2);
    expect(cache.size).toBe(0);
  });
});
