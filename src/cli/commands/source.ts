import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import { CLI_ACTOR, print, withServices } from '../run.js';

export function sourceCommand(program: Command): void {
  const source = program.command('source').description('the media Redian collects from');

  source
    .command('add')
    .description("add a feed, or a site's page that links to its feed")
    .argument('<url>', 'feed URL or site page URL')
    .option('--name <name>', 'display name (default: the feed title)')
    .option('--category <slug>', 'category slug or name for its articles, or "auto": the feed\'s own categories, else the text classifier')
    .option('--policy <policy>', 'full (store the whole article) or excerpt (summary and a link)', 'full')
    .option('--selector <css>', 'CSS selector of the article body on its pages')
    .option('--interval <minutes>', 'minutes between fetches', '30')
    .option('--ignore-robots', "fetch even where the site's robots.txt disallows it")
    .option('--review', 'hold its new articles in the review queue until an editor approves them')
    .action(async (url: string, opts: { name?: string; category?: string; policy: string; selector?: string; interval: string; ignoreRobots?: boolean; review?: boolean }) => {
      if (!/^\d+$/.test(opts.interval)) throw new RedianError('CLI_USAGE', `--interval must be a number of minutes, got "${opts.interval}"`);
      const added = await withServices(async (s) => {
        const { feedUrl, feed } = await s.ingest.discover(url);
        return s.sources.add({
          feedUrl,
          name: opts.name ?? feed.title,
          siteUrl: feed.siteUrl,
          category: opts.category,
          policy: opts.policy as 'full',
          contentSelector: opts.selector,
          fetchIntervalMinutes: Number(opts.interval),
          respectRobots: !opts.ignoreRobots,
          requiresReview: opts.review === true,
        });
      });
      print(`added #${added.id} ${added.name} ${added.feed_url} (first fetch: now, or with "redian fetch")`);
    });

  source
    .command('edit')
    .description("change a source's settings")
    .argument('<id>', 'source number, as in "source list"')
    .option('--review', 'hold its new articles in the review queue until an editor approves them')
    .option('--no-review', 'publish its new articles at once (unless a rule holds them)')
    .action(async (id: string, opts: { review?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new RedianError('CLI_USAGE', `source id must be a number, got "${id}"`);
      if (opts.review === undefined) throw new RedianError('CLI_USAGE', 'nothing to change: give --review or --no-review');
      await withServices((s) => s.admin.sources.setRequiresReview(Number(id), opts.review!, CLI_ACTOR));
      print(`source #${id}: new articles ${opts.review ? 'wait for review' : 'are published at once'}`);
    });

  source
    .command('list')
    .description('every source with its status, last fetch, last error and article count')
    .action(async () => {
      const list = await withServices((s) => s.sources.list());
      if (list.length === 0) {
        print('no sources yet');
        return;
      }
      for (const s of list) {
        const state = s.enabled ? (s.error_count ? `failing ×${s.error_count}` : 'ok') : 'disabled';
        const last = s.last_fetched_at ? new Date(s.last_fetched_at).toISOString() : 'never';
        print(`#${s.id} ${s.name} [${state}] ${s.article_count} articles, last fetch ${last}${s.auto_category ? ', category auto' : ''}${s.requires_review ? ', review' : ''}${s.is_demo ? ' (示例)' : ''}`);
        print(`    ${s.feed_url ?? '(no feed)'}`);
        if (s.last_error) print(`    last error: ${s.last_error}`);
      }
    });

  source
    .command('import-opml')
    .description('add every feed of an OPML file (folders and category attributes pick categories)')
    .argument('<file>', 'OPML file')
    .action(async (file: string) => {
      const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new RedianError('OPML_INVALID', `${file}: ${err.code ?? err.message}`);
      });
      const { importOpml } = await import('../../ingest/opml.js');
      const result = await withServices((s) => importOpml(s.sources, text));
      for (const s of result.added) print(`added #${s.id} ${s.name} ${s.feed_url}`);
      for (const s of result.skipped) print(`skipped ${s.feedUrl}: ${s.reason}`);
      print(`${result.added.length} added, ${result.skipped.length} skipped`);
    });

  source
    .command('export-opml')
    .description('write every source as OPML, one folder per category')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (opts: { output?: string }) => {
      const { exportOpml } = await import('../../ingest/opml.js');
      const xml = await withServices(async (s) =>
        exportOpml(await s.sources.list(), await s.articles.categories(), `${(await s.settings.current()).site_name} 订阅源`),
      );
      if (opts.output) await writeFile(opts.output, xml);
      else process.stdout.write(xml);
    });

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    source
      .command(name)
      .description(`${name} fetching of a source`)
      .argument('<id>', 'source number, as in "source list"')
      .action(async (id: string) => {
        if (!/^\d+$/.test(id)) throw new RedianError('CLI_USAGE', `source id must be a number, got "${id}"`);
        await withServices((s) => s.sources.setEnabled(Number(id), enabled));
        print(`source #${id} ${name}d`);
      });
  }
}
