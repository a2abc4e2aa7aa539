/**
 * Strict readers for path and query values: anything malformed is "not there",
 * never an exception, so bad input gives a 404 or the first page, not a 500.
 */

// Ids are INTEGER columns; PostgreSQL would reject a larger value with an error.
const MAX_ID = 2 ** 31 - 1;

export function parseId(raw: string | undefined): number | undefined {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_ID ? n : undefined;
}

/** `?page=`: absent or malformed means the first page. */
export function parsePage(raw: string | undefined): number {
  if (!raw || !/^[1-9]\d{0,5}$/.test(raw)) return 1;
  return Number(raw);
}

/** A local path to go back to after an action; anything else (other hosts, `//x`) gives `/`. */
export function safeLocalPath(raw: string | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\r\n]/.test(raw)) return '/';
  return raw;
}
