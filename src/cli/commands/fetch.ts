import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import type { SourceRun } from '../../ingest/scheduler.js';
import { formatTable } from '../table.js';
import { print, withServices } from '../run.js';

export function fetchCommand(program: Command): void {
  program
    .command('fetch')
    .description('fetch sources now: those due, every enabled one (--all), or the ones named (--source)')
    .option('--all', 'every enabled source, due or not')
    .option('--source <ids...>', 'these sources (numbers from "source list"), due or not')
    .action(async (opts: { all?: boolean; source?: string[] }) => {
      if (opts.all && opts.source) throw new RedianError('CLI_USAGE', 'use --all or --source, not both');
      const ids = opts.source?.map((id) => {
        if (!/^\d+$/.test(id)) throw new RedianError('CLI_USAGE', `source id must be a number, got "${id}"`);
        return Number(id);
      });
      const bar = new cliProgress.SingleBar(
        {
          format: 'fetching [{bar}] {value}/{total} sources | {added} new articles | {name}',
          stream: process.stderr,
          // Also when not on a terminal (CI logs, pipes): a line every second.
          noTTYOutput: true,
          notTTYSchedule: 1000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      let added = 0;
      const onSourceRun = (run: SourceRun) => {
        added += run.result?.added ?? 0;
        bar.increment({ added, name: run.source.name });
      };
      const runs = await withServices(async (s) => {
        const enabled = (await s.sources.list()).filter((x) => x.enabled && x.feed_url);
        const now = Date.now();
        const planned = ids ? enabled.filter((x) => ids.includes(x.id)) : opts.all ? enabled : enabled.filter((x) => x.next_fetch_at <= now);
        bar.start(planned.length, 0, { added: 0, name: '' });
        try {
          if (ids) return await s.ingest.scheduler.runNow(ids);
          return opts.all ? await s.ingest.scheduler.runNow() : await s.ingest.scheduler.runDue();
        } finally {
          bar.stop();
        }
      }, { onSourceRun });
      printSummary(runs);
      if (runs.length > 0 && runs.every((r) => r.error)) process.exitCode = 1;
    });
}

function printSummary(runs: SourceRun[]): void {
  if (runs.length === 0) {
    print('nothing to fetch');
    return;
  }
  const rows = runs.map((r) => [
    `#${r.source.id}`,
    r.source.name,
    r.error ? 'error' : r.result!.notModified ? 'not modified' : 'ok',
    String(r.result?.added ?? 0),
    String(r.result?.duplicates ?? 0),
    String(r.result?.held ?? 0),
    String(r.result?.filtered ?? 0),
    String(r.result?.blocked ?? 0),
    r.error ?? '',
  ]);
  const header = ['source', 'name', 'status', 'new', 'seen', 'held', 'filtered', 'blocked', 'error'];
  for (const line of formatTable([header, ...rows])) print(line.trimEnd());
  const failed = runs.filter((r) => r.error).length;
  const total = (count: (r: SourceRun) => number | undefined) => runs.reduce((n, r) => n + (count(r) ?? 0), 0);
  const held = total((r) => r.result?.held);
  print(
    `${runs.length} sources fetched, ${failed} failed, ${total((r) => r.result?.added)} new articles` +
      (held > 0 ? `, ${held} held for review (redian review list)` : ''),
  );
}
