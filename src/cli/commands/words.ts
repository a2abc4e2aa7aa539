import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import { CLI_ACTOR, print, withServices } from '../run.js';
import { formatTable } from '../table.js';

export function wordsCommand(program: Command): void {
  const words = program.command('words').description('sensitive-word lists: any of their words in an item holds it for review or blocks it');

  words
    .command('import')
    .description('create a list from a file, or replace the words of the list with this name (UTF-8, UTF-16 with BOM, GBK or GB18030; one word per line)')
    .argument('<file>', 'word list file, at most 2 MB and 100,000 words')
    .requiredOption('--name <name>', "the list's name")
    .requiredOption('--action <action>', 'hold (wait for review) or block')
    .action(async (file: string, opts: { name: string; action: string }) => {
      if (opts.action !== 'hold' && opts.action !== 'block') throw new RedianError('CLI_USAGE', '--action must be hold or block');
      const action = opts.action;
      const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new RedianError('CLI_USAGE', `${file}: ${err.code ?? err.message}`);
      });
      const { list, encoding, duplicates } = await withServices(async (s) => {
        const existing = (await s.filters.overview()).lists.find((l) => l.name === opts.name.trim());
        return s.filters.saveList({ id: existing?.id, name: opts.name, action, words: new Uint8Array(bytes), enabled: existing?.enabled ?? true }, CLI_ACTOR);
      });
      print(`list #${list.id} ${list.name} (${list.action}): ${list.wordCount} words, read as ${encoding}${duplicates ? `, ${duplicates} duplicates dropped` : ''}`);
    });

  words
    .command('list')
    .description('every sensitive-word list with its action and size')
    .action(async () => {
      const { lists } = await withServices((s) => s.filters.overview());
      if (lists.length === 0) return print('no word lists');
      const table = [['id', 'name', 'action', 'words', 'enabled']];
      for (const l of lists) table.push([`#${l.id}`, l.name, l.action, String(l.wordCount), l.enabled ? 'yes' : 'no']);
      for (const line of formatTable(table)) print(line);
    });
}
