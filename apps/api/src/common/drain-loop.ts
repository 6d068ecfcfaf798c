import { Logger } from '@nestjs/common';

/**
 * Runs `drain` one at a time: a kick while it runs schedules exactly one more run, so bursts
 * of wake-ups (NOTIFY, timers) collapse into as few runs as needed and nothing is missed.
 */
export class DrainLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly drain: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.logger.warn(`run failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Stops accepting kicks and waits for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
