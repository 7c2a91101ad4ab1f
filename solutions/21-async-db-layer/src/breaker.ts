export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * A circuit breaker around the primary: after `threshold` consecutive failures it opens and callers
 * fail fast; after `cooldownMs` it lets exactly one probe through (half_open); the probe's outcome
 * closes it or opens it again for another cooldown.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private transitions = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go to the database now; in half_open only the first caller (the probe) may. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.move('half_open');
    if (this.current === 'half_open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.move('closed');
  }

  onFailure(): void {
    this.failures += 1;
    if (this.current === 'half_open' || this.failures >= this.threshold) {
      this.probing = false;
      this.openedAt = this.now();
      this.move('open');
    }
  }

  /** A call that went through but failed for a reason that says nothing about the database's health. */
  onNeutral(): void {
    if (this.current === 'half_open') this.probing = false;
  }

  status() {
    const state = this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs ? 'half_open' : this.current;
    return {
      state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt ? new Date(this.openedAt).toISOString() : null,
      cooldownMs: this.cooldownMs,
      threshold: this.threshold,
      transitions: this.transitions,
    };
  }

  private move(state: BreakerState): void {
    this.current = state;
    this.transitions += 1;
  }
}
