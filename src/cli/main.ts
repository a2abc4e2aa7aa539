#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { describeError, isRedianError } from '../errors.js';
import { adminCommand } from './commands/admin.js';
import { demoCommand } from './commands/demo.js';
import { fetchCommand } from './commands/fetch.js';
import { migrateCommand } from './commands/migrate.js';
import { previewCommand } from './commands/preview.js';
import { reindexCommand } from './commands/reindex.js';
import { reviewCommand } from './commands/review.js';
import { rulesCommand } from './commands/rules.js';
import { serveCommand } from './commands/serve.js';
import { settingsCommand } from './commands/settings.js';
import { sourceCommand } from './commands/source.js';
import { takedownCommand } from './commands/takedown.js';
import { wordsCommand } from './commands/words.js';

const program = new Command('redian')
  .description('Redian 热点: a self-hostable Chinese hot-news portal')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

serveCommand(program);
migrateCommand(program);
demoCommand(program);
adminCommand(program);
settingsCommand(program);
sourceCommand(program);
takedownCommand(program);
rulesCommand(program);
wordsCommand(program);
reviewCommand(program);
fetchCommand(program);
previewCommand(program);
reindexCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help).
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`redian: ${describeError(err)}\n`);
  process.exit(isRedianError(err, 'CONFIG_INVALID') ? 2 : 1);
}
