// Command-line options shared by the benchmarks: numbers with defaults, and one error type
// the dispatcher turns into a usage message and exit code 2.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface NumberOption {
  default: number;
  min: number;
  /** Whole numbers only (counts), or any number (seconds). */
  integer?: boolean;
}

/** Parses `--name value` options, each a number; anything else is a UsageError. */
export function numberOptions<K extends string>(args: string[], spec: Record<K, NumberOption>): Record<K, number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(spec).map((k) => [k, { type: 'string' as const }]));
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const out = {} as Record<K, number>;
  for (const [name, rule] of Object.entries(spec) as Array<[K, NumberOption]>) {
    const raw = values[name];
    const n = typeof raw === 'string' ? Number(raw) : rule.default;
    if (!Number.isFinite(n) || n < rule.min || (rule.integer && !Number.isInteger(n))) {
      throw new UsageError(`--${name} must be ${rule.integer ? 'a whole number' : 'a number'} ≥ ${rule.min} (got "${String(raw)}")`);
    }
    out[name] = n;
  }
  return out;
}
