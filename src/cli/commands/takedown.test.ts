import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';
import { createServices } from '../../services.js';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { createRepos } from '../../store/repos/index.js';

const dir = mkdtempSync(join(tmpdir(), 'redian-takedown-cli-'));
const DATABASE_URL = join(dir, 'site.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const redian = (args: string[]) => runCli(args, { DATABASE_URL, USER: 'ops' });

let refs: string[] = [];
let articleIds: number[] = [];

beforeAll(async () => {
  const store = await openStore({ url: DATABASE_URL });
  await migrateToLatest(store);
  const repos = createRepos(store);
  const now = Date.now();
  const source = await repos.sources.upsert({ slug: 's', name: '来源', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: now });
  const ids = await repos.articles.insertManyIfNew(
    ['一', '二'].map((t, i) => ({ source_id: source.id, story_id: null, category_id: null, guid: `g${i}`, url: `https://src.example/${i}`, title: `文章${t}`, author: null, summary: '', content_html: '<p>x</p>', content_text: 'x', lead_image: null, published_at: now, created_at: now })),
  );
  articleIds = ids.map((id) => id!);
  const services = createServices(store, pino({ level: 'silent' }));
  for (const id of articleIds) {
    const r = await services.takedowns.submit({ claimant: '权利人', organisation: null, email: 'r@rights.example', urls: [`https://news.test/a/${id}`], articleIds: [id], work: '原创作品说明' });
    refs.push(r.reference);
  }
  await services.close();
  await store.close();
});

// Each run starts a Node process with tsx: seconds apiece on a busy machine.
const SLOW = 120_000;

describe('redian takedown', () => {
  it('lists requests and shows one with its articles', async () => {
    const list = await redian(['takedown', 'list']);
    expect(list.code).toBe(0);
    for (const ref of refs) expect(list.stdout).toContain(ref);
    const show = await redian(['takedown', 'show', refs[0]!]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`#${articleIds[0]} [published] 文章一 — 来源`);
    expect(show.stdout).toContain('pending: ');
  }, SLOW);

  it('accepts (taking the article down) and rejects with a reason, as cli:USER', async () => {
    const accept = await redian(['takedown', 'accept', refs[0]!]);
    expect(accept.stdout).toBe(`${refs[0]} accepted (article): 1 article(s) taken down\n  #${articleIds[0]} 文章一\n`);
    const noReason = await redian(['takedown', 'reject', refs[1]!]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain("required option '--reason <text>'");
    const reject = await redian(['takedown', 'reject', refs[1]!, '--reason', '材料不足']);
    expect(reject.stdout).toBe(`${refs[1]} rejected\n`);
    const again = await redian(['takedown', 'accept', refs[1]!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^redian: E_TAKEDOWN_DECIDED: /);

    const store = await openStore({ url: DATABASE_URL });
    const repos = createRepos(store);
    expect((await repos.articles.byId(articleIds[0]!))!.status).toBe('taken_down');
    expect((await repos.articles.byId(articleIds[1]!))!.status).toBe('published');
    const actors = await store.db.selectFrom('audit_log').select(['actor', 'action']).where('action', 'in', ['takedown.accept', 'takedown.reject']).orderBy('id').execute();
    expect(actors).toEqual([
      { actor: 'cli:ops', action: 'takedown.accept' },
      { actor: 'cli:ops', action: 'takedown.reject' },
    ]);
    await store.close();
  }, SLOW);

  it('says what is wrong with bad usage', async () => {
    const both = await redian(['takedown', 'accept', 'TD-20260101-AAAA', '--story', '--source']);
    expect(both.stderr).toBe('redian: E_CLI_USAGE: invalid command usage: give --story or --source, not both\n');
    const unknown = await redian(['takedown', 'show', 'TD-20260101-AAAA']);
    expect(unknown.stderr).toMatch(/^redian: E_TAKEDOWN_UNKNOWN: /);
  }, SLOW);
});
