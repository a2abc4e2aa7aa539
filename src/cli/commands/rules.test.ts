import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { createRepos } from '../../store/repos/index.js';

const dir = mkdtempSync(join(tmpdir(), 'redian-rules-cli-'));
const DATABASE_URL = join(dir, 'site.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const redian = (args: string[]) => runCli(args, { DATABASE_URL, USER: 'ops' });

async function withRepos<T>(fn: (repos: ReturnType<typeof createRepos>) => Promise<T>): Promise<T> {
  const store = await openStore({ url: DATABASE_URL });
  try {
    return await fn(createRepos(store));
  } finally {
    await store.close();
  }
}

let ids: number[] = [];
let sourceId = 0;

beforeAll(async () => {
  const store = await openStore({ url: DATABASE_URL });
  await migrateToLatest(store);
  const repos = createRepos(store);
  const now = Date.now();
  const source = await repos.sources.upsert({ slug: 'jz', name: '江州日报', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: now });
  sourceId = source.id;
  const titles = ['港口广告推广', '江州旧称的由来', '普通新闻', '事故通报'];
  ids = (await repos.articles.insertManyIfNew(
    titles.map((title, i) => ({ source_id: source.id, story_id: null, category_id: null, guid: `g${i}`, url: `https://jz.example/${i}`, title, author: null, summary: '', content_html: `<p>${title}正文</p>`, content_text: `${title}正文`, lead_image: null, published_at: now + i, created_at: now + i })),
  )) as number[];
  await store.close();
});

// Each run starts a Node process with tsx: seconds apiece on a busy machine.
const SLOW = 180_000;

describe('redian rules', () => {
  it('dry-runs a rule, a word list and a replacement, saving nothing', async () => {
    const rule = await redian(['rules', 'test', '--action', 'block', '--field', 'title', '--keywords', '广告,推销']);
    expect(rule.code).toBe(0);
    expect(rule.stdout).toMatch(/^scanned 4 articles in [\d.]+ ms: 1 blocked, 0 held, 0 changed \(nothing saved\)\n/);
    expect(rule.stdout).toContain(`blocked #${ids[0]} 港口广告推广 — 江州日报: `);
    expect(rule.stdout).toContain('广告');

    const listFile = join(dir, 'words-gbk.txt');
    writeFileSync(listFile, iconv.encode('事故\r\n不存在的词\r\n', 'gbk'));
    const list = await redian(['rules', 'test', '--list', listFile, '--action', 'hold']);
    expect(list.stdout).toMatch(/: 0 blocked, 1 held, 0 changed/);
    expect(list.stdout).toContain(`held #${ids[3]} 事故通报`);

    const replace = await redian(['rules', 'test', '--replace', '旧称=新称']);
    expect(replace.stdout).toContain(`changed #${ids[1]} 江州旧称的由来 — 江州日报: 江州旧称的由来 → 江州新称的由来`);

    expect(await withRepos(async (r) => [(await r.filters.all()).rules.length, await r.audit.count({})])).toEqual([0, 0]);
  }, SLOW);

  it('refuses wrong flags and bad rules with one clear line, saving nothing', async () => {
    const noMatch = await redian(['rules', 'add', '--action', 'block', '--field', 'title']);
    expect(noMatch.code).toBe(1);
    expect(noMatch.stderr).toBe('redian: E_CLI_USAGE: invalid command usage: give --keywords or --regex (one of them)\n');
    const badAction = await redian(['rules', 'add', '--action', 'drop', '--field', 'title', '--keywords', 'x']);
    expect(badAction.stderr).toContain('--action must be one of block, keep, hold');
    const badRegex = await redian(['rules', 'add', '--action', 'block', '--field', 'text', '--regex', '([a-z']);
    expect(badRegex.code).toBe(1);
    expect(badRegex.stderr).toMatch(/^redian: E_FILTER_INVALID: invalid filter rule: 正则表达式写法有误/);
    const tooBig = join(dir, 'big.txt');
    writeFileSync(tooBig, Buffer.alloc(5 * 1024 * 1024, '词\n'));
    const big = await redian(['words', 'import', tooBig, '--name', '大词表', '--action', 'block']);
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/^redian: E_WORD_LIST_TOO_LARGE: /);
    expect(await withRepos(async (r) => [(await r.filters.all()).rules.length, (await r.filters.all()).lists.length])).toEqual([0, 0]);
  }, SLOW);

  it('adds, lists and removes rules; imports and lists word lists; audited as cli:USER', async () => {
    const add = await redian(['rules', 'add', '--action', 'hold', '--field', 'any', '--keywords', '事故,灾害', '--source', 'jz', '--note', '突发']);
    expect(add.code).toBe(0);
    const ruleId = Number(/^added rule #(\d+): hold any keywords 事故, 灾害\n$/.exec(add.stdout)![1]);
    const list = await redian(['rules', 'list']);
    expect(list.stdout).toMatch(new RegExp(`#${ruleId}\\s+jz\\s+hold\\s+any\\s+keywords\\s+事故, 灾害\\s+突发`));

    const file = join(dir, 'politics.txt');
    writeFileSync(file, iconv.encode('敏感甲\n敏感乙\n敏感甲\n', 'gbk'));
    const imported = await redian(['words', 'import', file, '--name', '政治', '--action', 'hold']);
    expect(imported.stdout).toBe('list #1 政治 (hold): 2 words, read as GB18030, 1 duplicates dropped\n');
    writeFileSync(file, '敏感丙\n');
    const replaced = await redian(['words', 'import', file, '--name', '政治', '--action', 'block']);
    expect(replaced.stdout).toBe('list #1 政治 (block): 1 words, read as UTF-8\n');
    expect((await redian(['words', 'list'])).stdout).toMatch(/#1\s+政治\s+block\s+1\s+yes\n$/);

    expect((await redian(['rules', 'remove', String(ruleId)])).stdout).toBe(`rule #${ruleId} removed\n`);
    const again = await redian(['rules', 'remove', String(ruleId)]);
    expect(again.stderr).toMatch(/^redian: E_FILTER_UNKNOWN: /);
    const actions = await withRepos(async (r) => (await r.audit.list({ actor: 'cli:ops' }, 20, 0)).map((e) => e.action).sort());
    expect(actions).toEqual(['filter.list.create', 'filter.list.update', 'filter.rule.create', 'filter.rule.delete']);
  }, SLOW);

  it('sets a source to require review, and back', async () => {
    const on = await redian(['source', 'edit', String(sourceId), '--review']);
    expect(on.stdout).toBe(`source #${sourceId}: new articles wait for review\n`);
    expect(await withRepos(async (r) => (await r.sources.byId(sourceId))!.requires_review)).toBe(1);
    expect((await redian(['source', 'list'])).stdout).toContain(', review');
    const off = await redian(['source', 'edit', String(sourceId), '--no-review']);
    expect(off.stdout).toBe(`source #${sourceId}: new articles are published at once\n`);
    expect(await withRepos(async (r) => (await r.sources.byId(sourceId))!.requires_review)).toBe(0);
    const nothing = await redian(['source', 'edit', String(sourceId)]);
    expect(nothing.stderr).toContain('give --review or --no-review');
    const entries = await withRepos((r) => r.audit.list({ action: 'source.review' }, 10, 0));
    expect(entries.map((e) => e.actor)).toEqual(['cli:ops', 'cli:ops']);
  }, SLOW);
});
