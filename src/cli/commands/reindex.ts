import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { print, withServices } from '../run.js';

export function reindexCommand(program: Command): void {
  program
    .command('reindex')
    .description('rebuild keywords, term frequencies, near-duplicate fingerprints, stories and the search index from the stored articles')
    .action(async () => {
      const bar = new cliProgress.SingleBar(
        {
          format: 'reindexing [{bar}] {value}/{total} | {pass}',
          stream: process.stderr,
          // Also when not on a terminal (CI logs, pipes): a line every second.
          noTTYOutput: true,
          notTTYSchedule: 1000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      const passes = { 1: 'pass 1/2: term frequencies', 2: 'pass 2/2: keywords, fingerprints, stories, search index' } as const;
      let started = false;
      const result = await withServices(async (s) => {
        try {
          return await s.ingest.reindex(({ pass, done, total }) => {
            // Both passes on one bar: the whole job is two walks over the articles.
            const value = (pass - 1) * total + done;
            if (!started) {
              bar.start(2 * total, value, { pass: passes[pass] });
              started = true;
            } else bar.update(value, { pass: passes[pass] });
          });
        } finally {
          if (started) bar.stop();
        }
      });
      print(`${result.articles} articles reindexed into ${result.stories} stories`);
    });
}
