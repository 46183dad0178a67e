/**
 * Rate limit for sends within one dispatcher (only one holds the lease, so this is the global
 * rate): at most `perSecond` sends, evenly spaced. Clock and sleep are injectable for tests.
 */
export class Pacer {
  private next = 0;
  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when the next send may go. */
  async take(): Promise<void> {
    const now = this.clock();
    const wait = this.next - now;
    this.next = Math.max(now, this.next) + 1000 / this.perSecond;
    if (wait > 0) await this.sleep(wait);
  }
}
