import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

describe('retryDelayMs', () => {
  const middle = () => 0.5;
  it('doubles the interval per consecutive failure', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(30, n, middle) / 60_000)).toEqual([30, 60, 120, 240]);
  });
  it('never waits more than a day', () => {
    expect(retryDelayMs(30, 50, middle)).toBe(24 * 60 * 60_000);
  });
  it('spreads retries by ±20%', () => {
    expect(retryDelayMs(30, 1, () => 0)).toBe(24 * 60_000);
    expect(retryDelayMs(30, 1, () => 0.999999)).toBeCloseTo(36 * 60_000, -2);
  });
});
