// Chinese sites print local time without a zone; their local time is Beijing time.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
// Earlier dates on a news page are history mentioned in the text, not a publication time.
const MIN_YEAR = 1990;

export interface ParsedTime {
  at: number;
  /** False when only a date was given (the time is midnight Beijing time). */
  hasTime: boolean;
}

const NUMERIC =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T\s]?\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|GMT[+-]\d{1,2})?/i;

/**
 * The first date (and time) in `text`: ISO 8601, `2019-09-05 11:10`, `2019/9/5`,
 * `2019年09月05日 11:10`. A time without a zone is Beijing time.
 */
export function parseChineseTime(text: string): ParsedTime | undefined {
  const m = NUMERIC.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v)));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0);
  // Date.UTC rolls 2019-02-31 over into March; such a date is not a date.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return { at: local - zoneOffsetMs(m[7]), hasTime: hour !== undefined };
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined) return BEIJING_OFFSET_MS;
  if (/^z$/i.test(zone)) return 0;
  const m = /^(?:GMT)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (!m) return BEIJING_OFFSET_MS;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 * 1000;
}
