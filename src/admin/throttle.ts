import type { AdminRepo, ThrottleRow } from '../store/repos/admin.js';

export interface ThrottleLimits {
  /** Wrong passwords for one account before it is locked. */
  perAccount: number;
  /** Failed logins from one address (whatever the account) before it is locked. */
  perIp: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** How long a lock lasts. */
  lockMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { perAccount: 10, perIp: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const accountKey = (username: string) => `user:${username}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Counts failed logins per account and per address, in the database, so a lockout holds on
 * every node and across restarts. Per account stops guessing one password from many
 * addresses; per address stops trying many accounts from one.
 */
export class LoginThrottle {
  constructor(
    private readonly repo: AdminRepo,
    readonly limits: ThrottleLimits = DEFAULT_LIMITS,
  ) {}

  /** Until when the first of these keys is locked, or undefined when none is. */
  async lockedUntil(keys: string[], now: number): Promise<number | undefined> {
    const rows = await this.repo.throttle(keys);
    const until = rows.map((r) => r.locked_until ?? 0).filter((t) => t > now);
    return until.length ? Math.max(...until) : undefined;
  }

  /** Records a failure; returns until when the key is now locked, if this failure locked it. */
  async fail(key: string, limit: number, now: number): Promise<number | undefined> {
    const [row] = await this.repo.throttle([key]);
    const fresh = !row || now - row.window_start >= this.limits.windowMs || (row.locked_until !== null && row.locked_until <= now);
    const next: ThrottleRow = fresh
      ? { key, failures: 1, window_start: now, locked_until: null }
      : { ...row, failures: row.failures + 1 };
    if (next.failures >= limit) next.locked_until = now + this.limits.lockMs;
    await this.repo.saveThrottle(next);
    // Keeps the table to the last window's addresses, however many an attacker cycles through.
    await this.repo.pruneThrottle(now - this.limits.windowMs, now);
    return next.locked_until ?? undefined;
  }

  clear(key: string): Promise<void> {
    return this.repo.clearThrottle(key);
  }
}
