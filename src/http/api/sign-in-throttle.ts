/**
 * Slows down guessing: after a few failed sign-ins from one address, each further attempt waits
 * longer (doubling, up to a limit). Kept in memory: it only has to outlast a burst of guesses.
 */
export function createSignInThrottle(opts: { freeFailures?: number; baseDelayMs?: number; maxDelayMs?: number; windowMs?: number } = {}) {
  const free = opts.freeFailures ?? 5;
  const base = opts.baseDelayMs ?? 250;
  const max = opts.maxDelayMs ?? 8000;
  const windowMs = opts.windowMs ?? 15 * 60 * 1000;
  const failures = new Map<string, { count: number; since: number }>();

  return {
    /** How long this address waits before its attempt is looked at. */
    delayMs(address: string): number {
      const entry = failures.get(address);
      if (!entry || Date.now() - entry.since > windowMs) return 0;
      return entry.count < free ? 0 : Math.min(max, base * 2 ** (entry.count - free));
    },
    failed(address: string): void {
      const entry = failures.get(address);
      if (!entry || Date.now() - entry.since > windowMs) failures.set(address, { count: 1, since: Date.now() });
      else entry.count++;
      // An attacker on many addresses must not grow this without bound.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
    succeeded(address: string): void {
      failures.delete(address);
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
