// A circuit breaker for calls to a remote service (the model, the de-identification service): after repeated failures,
// stop waiting on a service that is down, and let one trial call through now and then to notice it is back.

/** Opens after `threshold` consecutive failures; after `cooldownMs`, one trial call decides whether it closes. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now = () => Date.now(),
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; when it does, report its outcome with success() or failure(). */
  allow(): boolean {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) return false;
    if (state === 'half-open') this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== null || this.failures >= this.threshold) this.openedAt = this.now();
  }
}
