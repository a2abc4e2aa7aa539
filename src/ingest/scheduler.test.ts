import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedianError } from '../errors.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { type FetchSource, Scheduler } from './scheduler.js';
import { SourceService } from './sources.js';

describe('Scheduler', () => {
  let store: Store;
  let repos: Repos;
  let now: number;
  let a: Source;
  let b: Source;
  const ok = { notModified: false, added: 2, duplicates: 0, blocked: 0, etag: '"e"', lastModified: null };

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    now = 1_800_000_000_000;
    const sources = new SourceService(repos);
    a = await sources.add({ feedUrl: 'https://a.example/feed', name: 'A', fetchIntervalMinutes: 30 }, now);
    b = await sources.add({ feedUrl: 'https://b.example/feed', name: 'B', fetchIntervalMinutes: 60 }, now + 1000);
  });
  afterEach(() => store.close());

  const scheduler = (fetch: FetchSource) => new Scheduler(repos, fetch, { now: () => now, concurrency: 1 });

  it('fetches due sources once each and schedules the next fetch one interval later', async () => {
    const seen: number[] = [];
    const runs = await scheduler(async (s) => (seen.push(s.id), ok)).runDue();
    expect(seen).toEqual([a.id]);
    expect(runs[0]!.result).toEqual(ok);
    expect(await repos.sources.byId(a.id)).toMatchObject({ next_fetch_at: now + 30 * 60_000, last_success_at: now, etag: '"e"', lease_owner: null });
    now += 1000;
    expect((await scheduler(async () => ok).runDue()).map((r) => r.source.id)).toEqual([b.id]);
    expect(await scheduler(async () => ok).runDue()).toEqual([]);
  });

  it('stores the error and backs off, growing with each failure, and recovers', async () => {
    now += 1000;
    const failing = scheduler(async () => {
      throw new RedianError('FETCH_TIMEOUT', 'https://a.example/feed after 20000 ms');
    });
    const [run] = await failing.runDue([a.id]);
    expect(run!.error).toBe('E_FETCH_TIMEOUT: fetch timed out: https://a.example/feed after 20000 ms');
    const first = (await repos.sources.byId(a.id))!;
    expect(first).toMatchObject({ error_count: 1, last_error: run!.error });
    expect(first.next_fetch_at - now).toBeGreaterThanOrEqual(24 * 60_000);
    expect(first.next_fetch_at - now).toBeLessThanOrEqual(36 * 60_000);
    now = first.next_fetch_at;
    await failing.runDue([a.id]);
    const second = (await repos.sources.byId(a.id))!;
    expect(second.error_count).toBe(2);
    expect(second.next_fetch_at - now).toBeGreaterThanOrEqual(48 * 60_000);
    now = second.next_fetch_at;
    await scheduler(async () => ok).runDue([a.id]);
    expect(await repos.sources.byId(a.id)).toMatchObject({ error_count: 0, last_error: null });
  });

  it('fetches on demand whether due or not, only enabled sources', async () => {
    await repos.sources.setEnabled(b.id, false);
    await scheduler(async () => ok).runDue();
    const runs = await scheduler(async () => ok).runNow();
    expect(runs.map((r) => r.source.id)).toEqual([a.id]);
    expect((await scheduler(async () => ok).runNow([a.id])).length).toBe(1);
  });

  it('leaves a source leased by another live worker alone', async () => {
    await repos.sources.claimDue('other', now, 60_000, 10, [a.id]);
    expect(await scheduler(async () => ok).runDue([a.id])).toEqual([]);
    now += 61_000;
    expect((await scheduler(async () => ok).runDue([a.id])).length).toBe(1);
  });

  it('runs in the background until stopped', async () => {
    let calls = 0;
    now += 1000;
    const s = new Scheduler(repos, async () => (calls++, ok), { pollMs: 10, now: () => now });
    s.start((err) => {
      throw err;
    });
    await new Promise((r) => setTimeout(r, 60));
    await s.stop();
    expect(calls).toBe(2);
  });
});
