/** Items arriving asynchronously (events, mails), and a wait for the first that matches. */
export class Collector<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly describe: (items: T[]) => string) {}

  push(item: T): void {
    this.items.push(item);
    this.waiters.forEach((w) => w());
  }

  waitFor(pred: (item: T) => boolean, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.items.find(pred);
        if (!hit) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`nothing matching within ${timeoutMs} ms; got ${this.describe(this.items)}`),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
