/**
 * Ad counts and caps run on the readers' day, and Redian's readers are in China: a day
 * here is a Beijing-time (UTC+8, no daylight saving) calendar day, numbered from the epoch.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function beijingDay(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Epoch ms of a Beijing-time `YYYY-MM-DDTHH:mm` (as an HTML datetime-local input sends it); undefined if malformed. */
export function parseBeijingDateTime(raw: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - OFFSET_MS;
  const back = new Date(ms + OFFSET_MS);
  // Date.UTC rolls 2026-02-31 over to March: such a date is malformed, not a date in March.
  return back.getUTCDate() === Number(d) && back.getUTCMonth() === Number(mo) - 1 ? ms : undefined;
}

/** The inverse of parseBeijingDateTime: `YYYY-MM-DDTHH:mm`. */
export function formatBeijingDateTime(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}
