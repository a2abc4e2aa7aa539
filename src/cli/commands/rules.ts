import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import type { DraftChange, DryRunHit, DryRunResult, Reason, RuleAction, RuleDraft, RuleField } from '../../filters/types.js';
import type { Services } from '../../services.js';
import { CLI_ACTOR, print, withServices } from '../run.js';
import { formatTable } from '../table.js';

const ACTIONS: RuleAction[] = ['block', 'keep', 'hold'];
const FIELDS: RuleField[] = ['title', 'text', 'author', 'url', 'any'];
/** Dry-run lines printed per kind; the counts say how many there are in all. */
const SHOWN = 50;

interface RuleOptions {
  action?: string;
  field?: string;
  keywords?: string;
  regex?: string;
  ignoreCase?: boolean;
  source?: string;
  note?: string;
}

interface TestOptions extends RuleOptions {
  list?: string;
  replace?: string;
  limit: string;
}

function ruleOptions(cmd: Command): Command {
  return cmd
    .option('--action <action>', `what a match does: ${ACTIONS.join(', ')}`)
    .option('--field <field>', `where to look: ${FIELDS.join(', ')} (any: title, text and author)`)
    .option('--keywords <list>', 'keywords or phrases, comma-separated; any of them matches (case- and width-insensitive)')
    .option('--regex <pattern>', 'a JavaScript regular expression instead of keywords')
    .option('--ignore-case', 'regex only: ignore letter case')
    .option('--source <slug>', "only this source's items (default: every source)")
    .option('--note <text>', "the rule's name, shown in the review queue and the audit log");
}

async function sourceId(s: Services, slug: string | undefined): Promise<number | null> {
  if (slug === undefined) return null;
  const source = await s.articles.source(slug);
  if (!source) throw new RedianError('SOURCE_UNKNOWN', slug);
  return source.id;
}

/** The rule the flags describe, or a usage error naming what is missing or wrong. */
async function ruleDraft(s: Services, opts: RuleOptions): Promise<RuleDraft> {
  if (!opts.action || !ACTIONS.includes(opts.action as RuleAction)) throw new RedianError('CLI_USAGE', `--action must be one of ${ACTIONS.join(', ')}`);
  if (!opts.field || !FIELDS.includes(opts.field as RuleField)) throw new RedianError('CLI_USAGE', `--field must be one of ${FIELDS.join(', ')}`);
  if ((opts.keywords === undefined) === (opts.regex === undefined)) throw new RedianError('CLI_USAGE', 'give --keywords or --regex (one of them)');
  return {
    sourceId: await sourceId(s, opts.source),
    action: opts.action as RuleAction,
    field: opts.field as RuleField,
    match: opts.regex !== undefined ? 'regex' : 'keywords',
    pattern: opts.regex ?? opts.keywords!.split(/[,，]/).join('\n'),
    note: opts.note ?? '',
    ignoreCase: opts.ignoreCase === true,
    enabled: true,
  };
}

/** What `rules test` dry-runs: a rule, a word list file, or a replacement. */
async function draftChange(s: Services, opts: TestOptions): Promise<DraftChange> {
  if (opts.list !== undefined && opts.replace !== undefined) throw new RedianError('CLI_USAGE', 'give --list or --replace, not both');
  if (opts.list !== undefined) {
    if (opts.action !== 'hold' && opts.action !== 'block') throw new RedianError('CLI_USAGE', 'with --list, --action must be hold or block');
    const words = await readFile(opts.list).catch((err: NodeJS.ErrnoException) => {
      throw new RedianError('CLI_USAGE', `${opts.list}: ${err.code ?? err.message}`);
    });
    return { kind: 'list', draft: { name: 'dry run', action: opts.action, words: new Uint8Array(words), enabled: true } };
  }
  if (opts.replace !== undefined) {
    const eq = opts.replace.indexOf('=');
    if (eq < 0) throw new RedianError('CLI_USAGE', '--replace takes OLD=NEW');
    return {
      kind: 'replacement',
      draft: { sourceId: await sourceId(s, opts.source), find: opts.replace.slice(0, eq), replace: opts.replace.slice(eq + 1), enabled: true },
    };
  }
  return { kind: 'rule', draft: await ruleDraft(s, opts) };
}

const reasonText = (reasons: Reason[]) => reasons.map((r) => (r.terms.length ? `${r.label}: ${r.terms.join('、')}` : r.label)).join('; ');

function printHits(kind: string, hits: DryRunHit[]): void {
  for (const h of hits.slice(0, SHOWN)) print(`${kind} #${h.articleId} ${h.title} — ${h.sourceName}: ${reasonText(h.reasons)}`);
  if (hits.length > SHOWN) print(`  … and ${hits.length - SHOWN} more ${kind}`);
}

function printDryRun(r: DryRunResult): void {
  print(`scanned ${r.scanned} articles in ${r.ms} ms: ${r.blocked.length} blocked, ${r.held.length} held, ${r.changed.length} changed (nothing saved)`);
  printHits('blocked', r.blocked);
  printHits('held', r.held);
  for (const c of r.changed.slice(0, SHOWN)) print(`changed #${c.articleId} ${c.title} — ${c.sourceName}: ${c.before} → ${c.after}`);
  if (r.changed.length > SHOWN) print(`  … and ${r.changed.length - SHOWN} more changed`);
}

export function rulesCommand(program: Command): void {
  const rules = program.command('rules').description("editors' filter rules: block, keep or hold items by keywords or a regular expression");

  rules
    .command('list')
    .description('every filter rule and word replacement')
    .action(async () => {
      const { rules: list, replacements, sources } = await withServices(async (s) => ({ ...(await s.filters.overview()), sources: await s.sources.list() }));
      const scope = (id: number | null) => (id === null ? 'all' : (sources.find((x) => x.id === id)?.slug ?? `#${id}`));
      if (list.length === 0) print('no filter rules');
      else {
        const table = [['id', 'source', 'action', 'field', 'match', 'pattern', 'note']];
        for (const r of list) {
          table.push([`#${r.id}`, scope(r.sourceId), r.enabled ? r.action : `${r.action} (off)`, r.field, r.match + (r.ignoreCase ? '/i' : ''), r.pattern.split('\n').join(', '), r.note]);
        }
        for (const line of formatTable(table)) print(line);
      }
      if (replacements.length > 0) {
        print('replacements:');
        for (const r of replacements) print(`  #${r.id} [${scope(r.sourceId)}] ${r.find} → ${r.replace}${r.enabled ? '' : ' (off)'}`);
      }
    });

  ruleOptions(rules.command('add').description('add a filter rule (validated; every stored item blocked by rules is judged again at the next fetch)')).action(
    async (opts: RuleOptions) => {
      const rule = await withServices(async (s) => s.filters.saveRule(await ruleDraft(s, opts), CLI_ACTOR));
      print(`added rule #${rule.id}: ${rule.action} ${rule.field} ${rule.match} ${rule.pattern.split('\n').join(', ')}`);
    },
  );

  rules
    .command('remove')
    .description('delete a filter rule')
    .argument('<id>', 'rule number, as in "rules list"')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new RedianError('CLI_USAGE', `rule id must be a number, got "${id}"`);
      await withServices((s) => s.filters.deleteRule(Number(id), CLI_ACTOR));
      print(`rule #${id} removed`);
    });

  ruleOptions(
    rules
      .command('test')
      .description('dry run: which of the newest stored articles a rule (or a word list, or a replacement) would block, hold or change; saves nothing'),
  )
    .option('--list <file>', 'a sensitive-word list file (one word per line) instead of a rule; with --action hold|block')
    .option('--replace <old=new>', 'a word replacement instead of a rule')
    .option('--limit <n>', 'how many of the newest articles', '1000')
    .action(async (opts: TestOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new RedianError('CLI_USAGE', '--limit must be a whole number from 1 to 100000');
      printDryRun(await withServices(async (s) => s.filters.dryRun(await draftChange(s, opts), limit)));
    });
}
