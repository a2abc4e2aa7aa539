import type { Command } from 'commander';
import { RedianError } from '../../errors.js';
import { print, withServices } from '../run.js';

export function settingsCommand(program: Command): void {
  const settings = program.command('settings').description('site settings: name, domain, ICP number, disclaimer…');
  settings
    .command('get')
    .description('show one setting, or all of them with their meaning')
    .argument('[key]', 'setting name')
    .action(async (key?: string) => {
      const { isSettingKey, SETTINGS } = await import('../../settings/settings.js');
      if (key !== undefined && !isSettingKey(key)) {
        throw new RedianError('SETTING_UNKNOWN', `"${key}"; known settings: ${Object.keys(SETTINGS).join(', ')}`);
      }
      const [current, stored] = await withServices(async (s) => [await s.settings.current(), await s.settings.storedKeys()] as const);
      if (key !== undefined) {
        print(current[key]);
        return;
      }
      for (const [k, def] of Object.entries(SETTINGS)) {
        const origin = stored.has(k) ? '' : ' (default)';
        print(`${k} = ${JSON.stringify(current[k as keyof typeof current])}${origin}  # ${def.label}`);
      }
    });
  settings
    .command('set')
    .description('change a setting; the value is checked first')
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value ("" for empty)')
    .action(async (key: string, value: string) => {
      const saved = await withServices((s) => s.settings.set(key, value));
      print(`${key} = ${JSON.stringify(saved)}`);
    });
  settings
    .command('reset')
    .description('put a setting back to its default')
    .argument('<key>', 'setting name')
    .action(async (key: string) => {
      await withServices((s) => s.settings.reset(key));
      print(`${key} reset to default`);
    });
}
