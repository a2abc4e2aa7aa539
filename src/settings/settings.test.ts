import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRedianError } from '../errors.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { SettingRepo } from '../store/repos/settings.js';
import { SETTINGS, SettingsService } from './settings.js';

describe('SettingsService', () => {
  let store: Store;
  let settings: SettingsService;
  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    settings = new SettingsService(new SettingRepo(store.db), 0);
  });
  afterEach(() => store.close());

  it('gives defaults until a value is stored', async () => {
    const s = await settings.current();
    expect(s.site_name).toBe(SETTINGS.site_name.default);
    expect(s.reprint_disclaimer).toMatch(/^版权与免责声明/);
    expect(await settings.storedKeys()).toEqual(new Set());
    await settings.set('icp_number', '沪ICP备20002587号-1');
    expect((await settings.current()).icp_number).toBe('沪ICP备20002587号-1');
    await settings.reset('icp_number');
    expect((await settings.current()).icp_number).toBe('');
  });

  it('trims values', async () => {
    expect(await settings.set('site_name', '  新闻  ')).toBe('新闻');
  });

  it.each([
    ['site_name', '', 'site_name must not be empty'],
    ['site_name', '长'.repeat(41), 'at most 40 characters'],
    ['copyright_start_year', '20x0', 'four-digit year'],
    ['copyright_start_year', '1800', 'between 1990 and'],
    ['copyright_start_year', String(new Date().getFullYear() + 1), 'between 1990 and'],
    ['site_domain', 'http://x.com/', 'host name'],
    ['reprint_disclaimer', 'x'.repeat(1001), 'at most 1000'],
  ])('refuses %s = %j', async (key, value, reason) => {
    const err = await settings.set(key, value).catch((e: unknown) => e);
    expect(isRedianError(err, 'SETTING_INVALID')).toBe(true);
    expect((err as Error).message).toContain(reason);
    expect(await settings.storedKeys()).toEqual(new Set());
  });

  it('refuses unknown keys, listing the known ones', async () => {
    const err = await settings.set('colour', 'red').catch((e: unknown) => e);
    expect(isRedianError(err, 'SETTING_UNKNOWN')).toBe(true);
    expect((err as Error).message).toContain('site_name');
  });

  it('caches reads for the configured time and drops the cache on change', async () => {
    const cached = new SettingsService(new SettingRepo(store.db), 60_000);
    expect((await cached.current()).site_name).toBe('热点');
    await new SettingRepo(store.db).set('site_name', '外部修改');
    expect((await cached.current()).site_name).toBe('热点');
    await cached.set('site_domain', 'news.example.com');
    expect((await cached.current()).site_name).toBe('外部修改');
  });
});
