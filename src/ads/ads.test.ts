import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.js';
import { isRedianError } from '../errors.js';
import { openStore, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { AdService } from './ads.js';
import { beijingDay, DAY_MS, formatBeijingDateTime, parseBeijingDateTime } from './day.js';
import { SeenAds } from './frequency.js';

const NOW = Date.UTC(2026, 10, 27, 4); // 12:00 in Beijing
const ACTOR = 'editor';

describe('ads', () => {
  let store: Store;
  let repos: Repos;
  let clock: number;
  let rolls: number[];
  let ads: AdService;
  let changes: number;

  const input = (over: Record<string, unknown> = {}) => ({ slot: 'article_top', kind: 'text', title: '广告', link_url: 'https://ad.example/landing', ...over });
  const seen = () => SeenAds.parse(undefined, beijingDay(clock));
  const ctx = (categoryId: number | null = null) => ({ categoryId, seen: seen() });

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    clock = NOW;
    rolls = [];
    changes = 0;
    ads = new AdService(repos.ads, new AuditService(repos.audit, () => clock), {
      now: () => clock,
      // Rolls given by the test, in order; 0 once they run out.
      random: () => rolls.shift() ?? 0,
      onChange: () => changes++,
    });
  });
  afterEach(async () => {
    await ads.flush();
    await store.close();
  });

  describe('choosing', () => {
    it('shows only ads between their start and end', async () => {
      await ads.create(input({ title: '未开始', starts_at: NOW + 60_000 }), ACTOR);
      await ads.create(input({ title: '已结束', ends_at: NOW }), ACTOR);
      await ads.create(input({ title: '进行中', starts_at: NOW - 60_000, ends_at: NOW + 60_000 }), ACTOR);
      expect((await ads.choose('article_top', ctx()))?.title).toBe('进行中');
      // An hour on, the running one has ended (the cached list is filtered by the clock too).
      clock = NOW + 3_600_000;
      expect(await ads.choose('article_top', ctx())).toBeUndefined();
    });

    it('picks in proportion to weight; weight 0 never shows', async () => {
      await ads.create(input({ title: 'A', weight: 1 }), ACTOR);
      await ads.create(input({ title: 'B', weight: 3 }), ACTOR);
      await ads.create(input({ title: 'Z', weight: 0 }), ACTOR);
      // Total weight 4: rolls below 1/4 land on A (listed first by id), the rest on B.
      const titles = [];
      for (const roll of [0, 0.2, 0.26, 0.5, 0.99]) {
        rolls.push(roll);
        titles.push((await ads.choose('article_top', ctx()))?.title);
      }
      expect(titles).toEqual(['A', 'A', 'B', 'B', 'B']);
    });

    it('a targeted ad shows only on pages of its categories; an untargeted one everywhere', async () => {
      const tech = (await repos.categories.bySlug('tech'))!.id;
      const sports = (await repos.categories.bySlug('sports'))!.id;
      await ads.create(input({ title: '科技专投', category_ids: [tech] }), ACTOR);
      expect((await ads.choose('article_top', ctx(tech)))?.title).toBe('科技专投');
      expect(await ads.choose('article_top', ctx(sports))).toBeUndefined();
      expect(await ads.choose('article_top', ctx(null))).toBeUndefined();
      await ads.create(input({ title: '全站' }), ACTOR);
      expect((await ads.choose('article_top', ctx(sports)))?.title).toBe('全站');
    });

    it('keeps to the daily cap per reader, and starts afresh the next Beijing day', async () => {
      await ads.create(input({ title: '限三次', freq_cap: 3 }), ACTOR);
      const reader = seen();
      const shown = [];
      for (let i = 0; i < 5; i++) shown.push((await ads.choose('article_top', { categoryId: null, seen: reader }))?.title);
      expect(shown).toEqual(['限三次', '限三次', '限三次', undefined, undefined]);
      // The cookie carries the count; another reader is not affected.
      const back = SeenAds.parse(reader.toString(), beijingDay(clock));
      expect(back.count((await repos.ads.list())[0]!.id)).toBe(3);
      expect((await ads.choose('article_top', ctx()))?.title).toBe('限三次');
      // Tomorrow the same cookie counts nothing.
      clock = NOW + DAY_MS;
      expect(SeenAds.parse(reader.toString(), beijingDay(clock)).count((await repos.ads.list())[0]!.id)).toBe(0);
    });

    it('gives a feed different ads while there are enough', async () => {
      await ads.create(input({ slot: 'feed', title: 'F1' }), ACTOR);
      await ads.create(input({ slot: 'feed', title: 'F2' }), ACTOR);
      const three = await ads.chooseMany('feed', 3, ctx());
      expect(three.map((a) => a.title).slice(0, 2).sort()).toEqual(['F1', 'F2']);
      expect(three).toHaveLength(3);
      expect(await ads.feedEvery()).toBe(6);
    });
  });

  describe('counting', () => {
    it('counts impressions, clicks and closes per ad and day, written in one go', async () => {
      const ad = await ads.create(input(), ACTOR);
      await ads.choose('article_top', ctx());
      await ads.choose('article_top', ctx());
      expect(await ads.click(ad.id)).toBe('https://ad.example/landing');
      await ads.recordClose(ad.id);
      // Nothing written until the buffer is flushed.
      expect(await repos.ads.daily(0)).toEqual([]);
      expect(ads.counter.buffered).toBe(4);
      await ads.flush();
      clock = NOW + DAY_MS;
      await ads.choose('article_top', ctx());
      await ads.flush();
      const today = beijingDay(NOW);
      expect(await repos.ads.daily(0)).toEqual([
        { ad_id: ad.id, day: today, impressions: 2, clicks: 1, closes: 1 },
        { ad_id: ad.id, day: today + 1, impressions: 1, clicks: 0, closes: 0 },
      ]);
      const listed = (await ads.list())[0]!;
      expect(listed.totals).toEqual({ impressions: 3, clicks: 1, closes: 1 });
    });

    it('a click on an unknown, disabled or ended ad finds nothing', async () => {
      const ad = await ads.create(input({ ends_at: NOW + 1000 }), ACTOR);
      await expect(ads.click(999)).rejects.toSatisfy((e) => isRedianError(e, 'AD_UNKNOWN'));
      await ads.setEnabled(ad.id, false, ACTOR);
      await expect(ads.click(ad.id)).rejects.toSatisfy((e) => isRedianError(e, 'AD_UNKNOWN'));
      await ads.setEnabled(ad.id, true, ACTOR);
      expect(await ads.click(ad.id)).toBe('https://ad.example/landing');
      clock = NOW + 1000;
      await expect(ads.click(ad.id)).rejects.toSatisfy((e) => isRedianError(e, 'AD_UNKNOWN'));
    });
  });

  describe('editing', () => {
    it.each([
      ['javascript:alert(1)', 'must use http or https, not javascript:'],
      ['JaVaScRiPt:alert(1)', 'must use http or https, not javascript:'],
      ['data:text/html,<script>alert(1)</script>', 'must use http or https, not data:'],
      ['/relative/path', 'must be an absolute http(s) URL'],
      ['ftp://files.example/x', 'must use http or https, not ftp:'],
      ['https://user:pw@ad.example/', 'must not carry a user name or password'],
    ])('refuses the link %s, saying why', async (link, reason) => {
      const err = await ads.create(input({ link_url: link }), ACTOR).catch((e: unknown) => e);
      expect(isRedianError(err, 'AD_INVALID')).toBe(true);
      expect(String((err as Error).message)).toContain(reason);
      expect(await repos.ads.list()).toEqual([]);
    });

    it.each([
      [{ kind: 'image' }, 'an image ad needs an image URL'],
      [{ kind: 'image', image_url: 'javascript:x' }, 'image URL must use http or https'],
      [{ kind: 'html' }, 'an HTML ad needs its snippet'],
      [{ starts_at: NOW, ends_at: NOW - 1 }, 'the end must come after the start'],
      [{ weight: -1 }, 'weight'],
      [{ slot: 'popup' }, 'unknown ad slot'],
      [{ title: '' }, 'title is required'],
    ])('refuses %j', async (over, reason) => {
      await expect(ads.create(input(over), ACTOR)).rejects.toThrow(reason);
    });

    it('records every change in the audit log with before and after, and announces it', async () => {
      const tech = (await repos.categories.bySlug('tech'))!.id;
      const ad = await ads.create(input({ title: '旧标题' }), ACTOR);
      await ads.update(ad.id, input({ title: '新标题', category_ids: [tech], freq_cap: 2 }), ACTOR);
      await ads.setEnabled(ad.id, false, ACTOR);
      await ads.updateSlot('feed', { enabled: true, everyN: 8 }, ACTOR);
      await ads.delete(ad.id, ACTOR);
      const { entries } = await new AuditService(repos.audit).list({}, 10);
      const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
      expect(Object.keys(byAction).sort()).toEqual(['ad.create', 'ad.delete', 'ad.disable', 'ad.update', 'ad_slot.update']);
      expect(entries.every((e) => e.actor === ACTOR)).toBe(true);
      expect(JSON.parse(byAction['ad.update']!.before_json!)).toMatchObject({ title: '旧标题', category_ids: [] });
      expect(JSON.parse(byAction['ad.update']!.after_json!)).toMatchObject({ title: '新标题', category_ids: [tech], freq_cap: 2 });
      expect(JSON.parse(byAction['ad_slot.update']!.after_json!)).toMatchObject({ key: 'feed', every_n: 8 });
      expect(byAction['ad.delete']!.target).toBe(`ad:${ad.id}`);
      expect(changes).toBe(5);
      expect(await ads.feedEvery()).toBe(8);
    });
  });

  it('reads and writes Beijing date-times', () => {
    const ms = parseBeijingDateTime('2026-11-27T12:00')!;
    expect(ms).toBe(NOW);
    expect(formatBeijingDateTime(ms)).toBe('2026-11-27T12:00');
    expect(parseBeijingDateTime('2026-02-31T00:00')).toBeUndefined();
    expect(parseBeijingDateTime('tomorrow')).toBeUndefined();
    // 00:30 on the 28th in Beijing is 16:30 on the 27th in UTC, and already the next day here.
    expect(beijingDay(parseBeijingDateTime('2026-11-28T00:30')!)).toBe(beijingDay(NOW) + 1);
  });
});
