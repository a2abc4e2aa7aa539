const MINUTE = 60_000;
const MAX_BACKOFF_MS = 24 * 60 * MINUTE;

/**
 * When to try a failing source again: its interval doubled per consecutive failure, capped
 * at a day, with ±20% jitter so sources that failed together do not retry together.
 */
export function retryDelayMs(intervalMinutes: number, consecutiveFailures: number, random: () => number = Math.random): number {
  const exponent = Math.min(consecutiveFailures - 1, 20);
  const base = Math.min(MAX_BACKOFF_MS, intervalMinutes * MINUTE * 2 ** Math.max(0, exponent));
  return Math.round(base * (0.8 + 0.4 * random()));
}
