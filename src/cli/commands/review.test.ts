import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { createRepos } from '../../store/repos/index.js';

const dir = mkdtempSync(join(tmpdir(), 'redian-review-cli-'));
const DATABASE_URL = join(dir, 'site.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const redian = (args: string[]) => runCli(args, { DATABASE_URL, USER: 'ops' });

let ids: number[] = [];
const HELD_AT = Date.UTC(2026, 10, 27, 8, 30);

beforeAll(async () => {
  const store = await openStore({ url: DATABASE_URL });
  await migrateToLatest(store);
  const repos = createRepos(store);
  const source = await repos.sources.upsert({ slug: 's', name: '来源', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: HELD_AT });
  ids = (await repos.articles.insertManyIfNew(
    ['一', '二', '三'].map((t, i) => ({ source_id: source.id, story_id: null, category_id: null, guid: `g${i}`, url: `https://src.example/${i}`, title: `待审文章${t}`, author: null, summary: '', content_html: '<p>x</p>', content_text: 'x', lead_image: null, published_at: HELD_AT, created_at: HELD_AT, status: 'held' as const })),
  )) as number[];
  await repos.review.hold(ids.map((articleId) => ({ articleId, reasons: [{ kind: 'list' as const, id: 1, label: '敏感词表「政治」', terms: ['敏感甲', '敏感乙'] }] })), HELD_AT);
  await store.close();
});

const SLOW = 180_000;

describe('redian review', () => {
  it('lists the queue with why each article waits', async () => {
    const list = await redian(['review', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`#${ids[0]}  2026-11-27 08:30  来源    待审文章一  敏感词表「政治」: 敏感甲、敏感乙`);
    expect(list.stdout.trimEnd().split('\n').at(-1)).toBe('3 waiting');
  }, SLOW);

  it('approves and rejects (all or none), as cli:USER; refuses what is not held', async () => {
    const approve = await redian(['review', 'approve', String(ids[0])]);
    expect(approve.stdout).toBe(`approved 1 article(s): #${ids[0]}\n`);
    const mixed = await redian(['review', 'reject', String(ids[1]), String(ids[0]), '--note', '不实']);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/^redian: E_REVIEW_NOT_HELD: /);
    const reject = await redian(['review', 'reject', String(ids[1]), String(ids[2]), '--note', '不实']);
    expect(reject.stdout).toBe(`rejected 2 article(s): #${ids[1]} #${ids[2]}\n`);
    const bad = await redian(['review', 'approve', 'abc']);
    expect(bad.stderr).toBe('redian: E_CLI_USAGE: invalid command usage: article id must be a number, got "abc"\n');
    expect((await redian(['review', 'list'])).stdout).toBe('no articles waiting for review\n');

    const store = await openStore({ url: DATABASE_URL });
    const repos = createRepos(store);
    expect(await Promise.all(ids.map(async (id) => (await repos.articles.byId(id))!.status))).toEqual(['published', 'rejected', 'rejected']);
    const entries = await repos.audit.list({ actor: 'cli:ops' }, 10, 0);
    expect(entries.map((e) => e.action).sort()).toEqual(['review.approve', 'review.reject', 'review.reject']);
    await store.close();
  }, SLOW);
});
