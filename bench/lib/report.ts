// Plain-text output shared by the benchmarks: the machine, aligned tables, targets.
import { arch, cpus, platform, totalmem } from 'node:os';

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Figures only mean something next to the machine that produced them. */
export function machine(): string {
  const cores = cpus();
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown cpu'}), ${gib} GiB RAM, ${platform()} ${arch()}, node ${process.version}`;
}

/** Left-aligned first column, right-aligned numbers after it. */
export function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map(
    (r) => indent + r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('   '),
  );
}

export interface Check {
  name: string;
  actual: string;
  target: string;
  ok: boolean;
}

/** Prints each target with PASS/MISS; true when all pass. */
export function printChecks(checks: Check[]): boolean {
  for (const line of table(checks.map((c) => [c.name, c.actual, c.target, c.ok ? 'PASS' : 'MISS']))) print(line);
  return checks.every((c) => c.ok);
}

export const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
