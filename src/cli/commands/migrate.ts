import type { Command } from 'commander';
import { print, withStore } from '../run.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (forward only)')
    .option('--status', 'only show applied and pending migrations')
    .action(async (opts: { status?: boolean }) => {
      const { migrateToLatest, schemaStatus } = await import('../../store/migrate.js');
      await withStore(async (store) => {
        if (opts.status) {
          const s = await schemaStatus(store);
          print(`${store.dialect} ${store.location}`);
          print(`applied: ${s.applied.join(', ') || 'none'}`);
          print(`pending: ${s.pending.join(', ') || 'none'}`);
          if (s.unknown.length) print(`unknown (from a newer Redian): ${s.unknown.join(', ')}`);
          return;
        }
        const applied = await migrateToLatest(store);
        print(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      });
    });
}
