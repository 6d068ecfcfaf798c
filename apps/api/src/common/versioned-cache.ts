/**
 * Answers computed from data that carries a version (a counter the database bumps on every
 * committed change): an entry is served only to a caller that read the same version, so a
 * cached answer is never older than what the caller could read itself. Reading a newer version
 * empties the cache; a caller holding an older one (it read before a concurrent change) computes
 * its own answer without storing it. At most `maxEntries` are kept, the least recently used
 * dropped first; concurrent misses of one key share one computation, and a failed computation
 * is not kept. `maxEntries` 0 turns the cache off; a null version (none could be read, or the
 * caller wants a fresh answer) computes without the cache.
 */
export class VersionedCache<T> {
  private version = -1;
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(version: number | null, key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.enabled || version === null || version < this.version) return compute();
    if (version > this.version) {
      this.entries.clear();
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    return value;
  }
}
