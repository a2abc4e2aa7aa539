import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../ingest/testing.js';
import { openStore } from '../store/db.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'redian-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function redian(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const db = (name: string) => ({ DATABASE_URL: join(dir, `${name}.db`) });

describe('redian CLI', () => {
  it.each([[[]], [['serve']], [['migrate']], [['demo']], [['demo', 'load']], [['settings']], [['settings', 'set']]])('redian %j --help explains itself', async (args) => {
    const run = await redian([...args, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: redian/);
  });

  it('refuses a bad environment variable with exit 2 and one line naming it', async () => {
    const run = await redian(['migrate'], { PORT: 'abc' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('redian: E_CONFIG_INVALID: invalid configuration: PORT must be a number (got "abc")\n');
  });

  it('refuses an unknown command with a non-zero exit', async () => {
    const run = await redian(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('migrates, forward only and idempotent', async () => {
    expect((await redian(['migrate', '--status'], db('m'))).stdout).toContain('pending: 0001_initial');
    expect((await redian(['migrate'], db('m'))).stdout).toBe('applied: 0001_initial, 0002_ingestion, 0003_text, 0004_search, 0005_audience, 0006_admin, 0007_ads_rights, 0008_categories, 0009_editorial, 0010_paragraphs\n');
    expect((await redian(['migrate'], db('m'))).stdout).toBe('schema is up to date\n');
  });

  it('gets and sets settings, refusing bad values with the reason', async () => {
    await redian(['migrate'], db('s'));
    const set = await redian(['settings', 'set', 'icp_number', '沪ICP备20002587号-1'], db('s'));
    expect(set).toMatchObject({ code: 0, stdout: 'icp_number = "沪ICP备20002587号-1"\n' });
    expect((await redian(['settings', 'get', 'icp_number'], db('s'))).stdout).toBe('沪ICP备20002587号-1\n');
    const all = await redian(['settings', 'get'], db('s'));
    expect(all.stdout).toContain('icp_number = "沪ICP备20002587号-1"  # ICP 备案号');
    expect(all.stdout).toMatch(/site_name = "热点" \(default\)/);

    const bad = await redian(['settings', 'set', 'copyright_start_year', 'next year'], db('s'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('redian: E_SETTING_INVALID: invalid setting value: copyright_start_year must be a four-digit year\n');
    const unknown = await redian(['settings', 'get', 'colour'], db('s'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^redian: E_SETTING_UNKNOWN: unknown setting: "colour"; known settings: site_name/);
  });

  it('asks for a migration before working on a schema that is behind', async () => {
    const run = await redian(['settings', 'get'], db('behind'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^redian: E_SCHEMA_BEHIND: .*run "redian migrate"\n$/);
  });

  it('loads and removes the demo', async () => {
    await redian(['migrate'], db('d'));
    const load = await redian(['demo', 'load'], db('d'));
    expect(load.stdout).toMatch(/^demo: 12 sources, \d{2} articles added, 0 already present\n$/);
    const remove = await redian(['demo', 'remove'], db('d'));
    expect(remove.stdout).toMatch(/^demo removed: 12 sources with their articles, 1 ads, 3 settings reset\n$/);
  });

  it('reindexes keywords, fingerprints and stories, with a progress bar, the same twice', async () => {
    await redian(['migrate'], db('r'));
    await redian(['demo', 'load'], db('r'));
    const first = await redian(['reindex'], db('r'));
    expect(first.code).toBe(0);
    // 6 reprint pairs among the demo articles: one story fewer for each.
    expect(first.stdout).toMatch(/^(\d+) articles reindexed into (\d+) stories\n$/);
    const [, articles, stories] = /^(\d+) articles reindexed into (\d+) stories/.exec(first.stdout)!;
    expect(Number(stories)).toBe(Number(articles) - 6);
    expect(first.stderr).toMatch(/reindexing \[[█░]+\] \d+\/\d+ \| pass 2\/2/);
    const second = await redian(['reindex'], db('r'));
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
    expect((await redian(['reindex', '--help'])).stdout).toMatch(/^Usage: redian reindex/);
  });

  it('imports, lists, disables and exports sources', async () => {
    const opml = fileURLToPath(new URL('../ingest/testdata/sources.opml', import.meta.url));
    await redian(['migrate'], db('src'));
    const imported = await redian(['source', 'import-opml', opml], db('src'));
    expect(imported.stdout).toMatch(/^added #1 极客日报 https:\/\/geek\.example\/feed\.xml\n/);
    expect(imported.stdout).toMatch(/3 added, 2 skipped\n$/);
    expect((await redian(['source', 'disable', '2'], db('src'))).stdout).toBe('source #2 disabled\n');
    const list = await redian(['source', 'list'], db('src'));
    expect(list.stdout).toContain('#2 芯片周刊 [disabled] 0 articles, last fetch never');
    expect(list.stdout).toContain('#1 极客日报 [ok] 0 articles');
    const exported = await redian(['source', 'export-opml'], db('src'));
    expect(exported.stdout).toContain('xmlUrl="https://small.example/atom.xml"');
    const bad = await redian(['source', 'disable', 'x'], db('src'));
    expect(bad).toMatchObject({ code: 1, stderr: 'redian: E_CLI_USAGE: invalid command usage: source id must be a number, got "x"\n' });
  });

  it('adds a site by its home page and fetches it with a progress bar and a summary', async () => {
    const site = await startFixtureSite();
    try {
      const env = { ...db('fetch'), FETCH_ALLOW_LOOPBACK: '1' };
      await redian(['migrate'], env);
      const added = await redian(['source', 'add', `${site.url}/`, '--category', 'society'], env);
      expect(added.stdout).toBe(`added #1 本地测试站 ${site.url}/feed.xml (first fetch: now, or with "redian fetch")\n`);
      await redian(['source', 'add', `${site.url}/broken.xml`, '--name', '坏源'], env).then((r) => expect(r.code).toBe(1));
      // The same items in GBK, from a source whose new articles wait for review.
      expect((await redian(['source', 'add', `${site.url}/gbk.xml`, '--name', '待审源', '--review'], env)).code).toBe(0);
      const fetched = await redian(['fetch', '--all'], env);
      expect(fetched.stderr).toMatch(/fetching \[[█░]+\] 2\/2 sources \| 3 new articles \| /);
      expect(fetched.stdout.split('\n')[0]).toMatch(/^source\s+name\s+status\s+new\s+seen\s+held\s+filtered\s+blocked\s+error$/);
      expect(fetched.stdout).toMatch(/#1\s+本地测试站\s+ok\s+3\s+0\s+0\s+0\s+0/);
      expect(fetched.stdout).toMatch(/#2\s+待审源\s+ok\s+0\s+0\s+3\s+0\s+0/);
      expect(fetched.stdout).toContain('2 sources fetched, 0 failed, 3 new articles, 3 held for review (redian review list)');
      const again = await redian(['fetch', '--source', '1'], env);
      expect(again.stdout).toMatch(/#1\s+本地测试站\s+not modified\s+0/);
      expect((await redian(['fetch', '--all', '--source', '1'], env)).stderr).toContain('use --all or --source, not both');
    } finally {
      await site.close();
    }
    // Seven processes, each loading the store and services (~0.5 s on a quiet machine, several times that beside other test files).
  }, 60_000);

  it('adds a source set to auto, whose articles the classifier files', async () => {
    const site = await startFixtureSite();
    try {
      const env = { ...db('auto'), FETCH_ALLOW_LOOPBACK: '1' };
      await redian(['migrate'], env);
      expect((await redian(['source', 'add', `${site.url}/feed.xml`, '--category', 'auto'], env)).code).toBe(0);
      expect((await redian(['fetch', '--all'], env)).stdout).toContain('3 new articles');
      const store = await openStore({ url: env.DATABASE_URL });
      try {
        const rows = await store.db.selectFrom('articles').innerJoin('sources', 'sources.id', 'articles.source_id').select(['articles.guid', 'articles.category_id', 'sources.auto_category', 'sources.category_id as source_category']).execute();
        expect(rows.find((r) => r.guid === 'full-1')).toMatchObject({ auto_category: 1, source_category: null, category_id: expect.any(Number) });
      } finally {
        await store.close();
      }
    } finally {
      await site.close();
    }
    // Three CLI processes, each compiling the CLI on start.
  }, 60_000);

  it('previews a feed file and an article page without storing anything', async () => {
    const testdata = (f: string) => fileURLToPath(new URL(`../ingest/testdata/site/${f}`, import.meta.url));
    const feed = await redian(['preview', testdata('feed.xml'), '--base', 'https://site.example/']);
    expect(feed.stdout).toMatch(/^feed: 本地测试站 \(3 items, utf-8\)\n- 全文条目：城市绿道全线贯通\n  https:\/\/site\.example\/news\/full\.html/);
    expect(feed.stdout).toContain('- 摘要条目：老街区迎来新书店 [summary only]');
    const page = await redian(['preview', testdata('summary.html'), '--json']);
    expect(JSON.parse(page.stdout)).toMatchObject({ kind: 'article', title: '老街区迎来新书店', author: '周明', publishedAt: '2026-11-26T01:00:00.000Z' });
  });

  it('refuses to fetch from loopback unless told it is a test', async () => {
    const site = await startFixtureSite();
    try {
      const run = await redian(['source', 'add', `${site.url}/feed.xml`], db('strict'));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^redian: E_SCHEMA_BEHIND|^redian: E_FETCH_BLOCKED_ADDRESS/);
      await redian(['migrate'], db('strict'));
      expect((await redian(['source', 'add', `${site.url}/feed.xml`], db('strict'))).stderr).toMatch(/^redian: E_FETCH_BLOCKED_ADDRESS: /);
    } finally {
      await site.close();
    }
  });

  it('reports an unreachable PostgreSQL in one line within 10 s', async () => {
    const started = Date.now();
    const run = await redian(['migrate'], { DATABASE_URL: 'postgres://redian@127.0.0.1:1/redian' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('redian: E_DB_UNREACHABLE: database unreachable: cannot reach PostgreSQL at 127.0.0.1:1/redian (ECONNREFUSED)\n');
  });
});

describe('redian serve', () => {
  /** Starts the server on a free port and resolves with its URL once it logs "serving". */
  function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
    const child = start(['serve'], { PORT: '0', LOG_LEVEL: 'info', ...env });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('"msg":"serving"'));
        if (line) resolve({ child, url: JSON.parse(line).url });
      });
      child.on('close', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
  }

  it('migrates, loads the demo on an empty site, serves it, and stops cleanly on SIGTERM', async () => {
    const { child, url } = await serve(db('serve'));
    const home = await (await fetch(url)).text();
    expect(new Set(home.match(/href="\/a\/\d+"/g)).size).toBeGreaterThanOrEqual(20);
    const exited = new Promise<number | null>((r) => child.on('close', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('starts empty with REDIAN_DEMO=0', async () => {
    const { child, url } = await serve({ ...db('nodemo'), REDIAN_DEMO: '0' });
    const home = await (await fetch(url)).text();
    expect(home).toContain('暂时还没有文章');
    child.kill('SIGTERM');
  });

  it('refuses to serve on a schema that is behind', async () => {
    const run = await redian(['serve'], { ...db('refuse'), MIGRATE_ON_START: '0', PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^redian: E_SCHEMA_BEHIND: /);
  });
});
