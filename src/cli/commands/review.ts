import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import { CLI_ACTOR, print, withServices } from '../run.js';
import { formatTable } from '../table.js';

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function articleIds(ids: string[]): number[] {
  const bad = ids.find((id) => !/^\d{1,9}$/.test(id));
  if (bad !== undefined) throw new RedianError('CLI_USAGE', `article id must be a number, got "${bad}"`);
  return ids.map(Number);
}

export function reviewCommand(program: Command): void {
  const review = program.command('review').description('the review queue: held articles wait unpublished until approved');

  review
    .command('list')
    .description('held articles, longest waiting first, with why each waits')
    .option('--page <n>', 'page of 30', '1')
    .option('--source <slug>', "only this source's articles")
    .action(async (opts: { page: string; source?: string }) => {
      const page = Number(opts.page);
      if (!Number.isInteger(page) || page < 1) throw new RedianError('CLI_USAGE', '--page must be a positive whole number');
      const result = await withServices(async (s) => {
        let sourceId: number | undefined;
        if (opts.source !== undefined) {
          const source = await s.articles.source(opts.source);
          if (!source) throw new RedianError('SOURCE_UNKNOWN', opts.source);
          sourceId = source.id;
        }
        return s.review.queue(page, { sourceId });
      });
      if (result.total === 0) return print('no articles waiting for review');
      const table = [['id', 'held', 'source', 'title', 'why']];
      for (const a of result.rows) {
        const why = a.reasons.map((r) => (r.terms.length ? `${r.label}: ${r.terms.join('、')}` : r.label)).join('; ');
        table.push([`#${a.id}`, when(a.heldAt), a.sourceName, a.title, why]);
      }
      for (const line of formatTable(table)) print(line);
      print(`${result.total} waiting${result.hasNext ? `; more with --page ${page + 1}` : ''}`);
    });

  review
    .command('approve')
    .description('publish held articles (all or none): they appear in lists, search, feeds and sitemaps')
    .argument('<id...>', 'article numbers')
    .action(async (ids: string[]) => {
      const numbers = articleIds(ids);
      await withServices((s) => s.review.approve(numbers, CLI_ACTOR));
      print(`approved ${numbers.length} article(s): ${numbers.map((id) => `#${id}`).join(' ')}`);
    });

  review
    .command('reject')
    .description('reject held articles (all or none): never published, and not stored again by the next fetch')
    .argument('<id...>', 'article numbers')
    .option('--note <text>', 'why, for the audit log')
    .action(async (ids: string[], opts: { note?: string }) => {
      const numbers = articleIds(ids);
      await withServices((s) => s.review.reject(numbers, CLI_ACTOR, opts.note));
      print(`rejected ${numbers.length} article(s): ${numbers.map((id) => `#${id}`).join(' ')}`);
    });
}
