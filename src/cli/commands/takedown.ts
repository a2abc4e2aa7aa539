import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import type { TakedownScope, TakedownStatus } from '../../store/schema.js';
import { print, withServices } from '../run.js';
import { formatTable } from '../table.js';

/** Audit actor for decisions made from the command line. */
const CLI_ACTOR = `cli:${process.env.USER ?? 'unknown'}`;
const STATUSES = ['pending', 'accepted', 'rejected'];

const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function takedownCommand(program: Command): void {
  const td = program.command('takedown').description("rights holders' takedown requests: list, show, accept, reject");
  td.command('list')
    .description('requests, pending first')
    .option('--status <status>', 'only pending, accepted or rejected')
    .option('--limit <n>', 'how many', '50')
    .action(async (opts: { status?: string; limit: string }) => {
      if (opts.status !== undefined && !STATUSES.includes(opts.status)) throw new RedianError('CLI_USAGE', `--status must be one of ${STATUSES.join(', ')}`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new RedianError('CLI_USAGE', '--limit must be a positive whole number');
      const rows = await withServices((s) => s.takedowns.list(opts.status as TakedownStatus | undefined, limit));
      if (rows.length === 0) return print('no takedown requests');
      const table = [['reference', 'status', 'received', 'claimant', 'articles']];
      for (const r of rows) table.push([r.reference, r.status, when(r.created_at), r.claimant, String(r.urls.split('\n').length)]);
      for (const line of formatTable(table)) print(line);
    });
  td.command('show')
    .description('one request: claimant, URLs, the articles concerned, decision and notices')
    .argument('<ref>', 'reference, e.g. TD-20261127-AB12')
    .action(async (ref: string) => {
      const { request: r, articles, mails } = await withServices((s) => s.takedowns.detail(ref));
      print(`${r.reference}  ${r.status}  received ${when(r.created_at)}`);
      print(`claimant:     ${r.claimant}${r.organisation ? ` (${r.organisation})` : ''} <${r.email}>`);
      print(`work:         ${r.work_description}`);
      print('urls:');
      for (const u of r.urls.split('\n')) print(`  ${u}`);
      print('articles:');
      for (const a of articles) print(`  #${a.id} [${a.status}] ${a.title} — ${a.source_name}`);
      if (articles.length === 0) print('  (none of these articles is stored)');
      if (r.status !== 'pending') print(`decision:     ${r.status} by ${r.decided_by ?? '?'} at ${when(r.decided_at)}${r.scope ? `, scope ${r.scope}` : ''}${r.decision_reason ? `: ${r.decision_reason}` : ''}`);
      print('notices:');
      for (const m of mails) print(`  ${m.status}${m.attempts ? ` after ${m.attempts} attempt(s)` : ''}${m.last_error ? ` (${m.last_error})` : ''}: ${m.subject}`);
    });
  td.command('accept')
    .description('take the articles down (410 everywhere), block their URLs from ingestion, notify the claimant')
    .argument('<ref>', 'reference')
    .option('--story', 'also every other article of their stories (reprints of the same text)')
    .option('--source', 'block the whole source: disable it and take down all its articles')
    .option('--note <text>', 'a note for the audit log')
    .action(async (ref: string, opts: { story?: boolean; source?: boolean; note?: string }) => {
      if (opts.story && opts.source) throw new RedianError('CLI_USAGE', 'give --story or --source, not both');
      const scope: TakedownScope = opts.source ? 'source' : opts.story ? 'story' : 'article';
      const { request, articles } = await withServices((s) => s.takedowns.accept(ref, scope, CLI_ACTOR, opts.note ?? null));
      print(`${request.reference} accepted (${scope}): ${articles.length} article(s) taken down`);
      for (const a of articles) print(`  #${a.id} ${a.title}`);
    });
  td.command('reject')
    .description('reject with a reason (sent to the claimant)')
    .argument('<ref>', 'reference')
    .requiredOption('--reason <text>', 'why the request is rejected')
    .action(async (ref: string, opts: { reason: string }) => {
      const request = await withServices((s) => s.takedowns.reject(ref, opts.reason, CLI_ACTOR));
      print(`${request.reference} rejected`);
    });
}
