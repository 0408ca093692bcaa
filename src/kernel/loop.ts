// A worker loop: runs a step while it finds work, then sleeps until the poll interval passes or someone wakes it.

export class WorkLoop {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> | null = null;
  private readonly step: () => Promise<number>;
  private readonly pollMs: number;
  private readonly onError: (e: unknown) => void;

  constructor(step: () => Promise<number>, pollMs: number, onError: (e: unknown) => void) {
    this.step = step;
    this.pollMs = pollMs;
    this.onError = onError;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let found = 0;
      try {
        found = await this.step();
      } catch (e) {
        this.onError(e);
      }
      if (found > 0 || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = null;
    }
  }
}
