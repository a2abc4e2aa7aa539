import type { Command } from 'commander';
import { print, withServices } from '../run.js';

export function demoCommand(program: Command): void {
  const demo = program.command('demo').description('the demo corpus (示例 content shipped in demo/)');
  demo
    .command('load')
    .description('load the demo sources and articles (again); existing ones are kept')
    .action(async () => {
      const r = await withServices((s) => s.demo.load());
      print(`demo: ${r.sources} sources, ${r.added} articles added, ${r.duplicates} already present`);
    });
  demo
    .command('remove')
    .description('delete every demo source, article and ad, and settings still at their demo values')
    .action(async () => {
      const r = await withServices((s) => s.demo.remove());
      print(`demo removed: ${r.sources} sources with their articles, ${r.ads} ads, ${r.settings} settings reset`);
    });
}
