import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import type { Preview } from '../../ingest/preview.js';
import { print, withServices } from '../run.js';

export function previewCommand(program: Command): void {
  program
    .command('preview')
    .description('show what Redian would store from a feed or an article page, without storing it')
    .argument('<url-or-file>', 'an http(s) URL, or a local file')
    .option('--selector <css>', 'CSS selector of the article body (as a source can set)')
    .option('--base <url>', 'for a local file: the URL it came from, to resolve its relative links')
    .option('--json', 'print JSON instead of text')
    .action(async (input: string, opts: { selector?: string; json?: boolean; base?: string }) => {
      const preview = /^https?:\/\//i.test(input)
        ? await withServices((s) => s.ingest.preview(input, opts.selector))
        : (await import('../../ingest/preview.js')).previewDocument(await readLocal(input), opts.base ?? pathToFileURL(input).href, undefined, opts.selector);
      if (opts.json) print(JSON.stringify(preview, null, 2));
      else printPreview(preview);
    });
}

async function readLocal(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new RedianError('CLI_USAGE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function printPreview(p: Preview): void {
  if (p.kind === 'feed') {
    print(`feed: ${p.title} (${p.items.length} items, ${p.charset})`);
    for (const item of p.items) {
      print(`- ${item.title}${item.hasFullText ? '' : ' [summary only]'}`);
      print(`  ${item.url}${item.author ? ` · ${item.author}` : ''}${item.publishedAt ? ` · ${item.publishedAt}` : ''}`);
    }
    return;
  }
  print(`article: ${p.title}`);
  print(`author: ${p.author ?? '(none found)'}`);
  print(`published: ${p.publishedAt ?? '(none found)'}`);
  print(`charset: ${p.charset}`);
  print('');
  print(p.text);
  print('');
  print('sanitized HTML:');
  print(p.html);
}
