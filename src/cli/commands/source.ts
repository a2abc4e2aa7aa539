import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import { exportOpml, importOpml } from '../../ingest/opml.js';
import { print, withServices } from '../run.js';

export function sourceCommand(program: Command): void {
  const source = program.command('source').description('the media Redian collects from');

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
        print(`#${s.id} ${s.name} [${state}] ${s.article_count} articles, last fetch ${last}${s.is_demo ? ' (示例)' : ''}`);
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
