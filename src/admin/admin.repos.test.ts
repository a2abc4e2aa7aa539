import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.js';
import { LocalBus, TOPICS } from '../cluster/bus.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { NewArticle, Source } from '../store/schema.js';
import { newArticle, testDialects } from '../store/testing.js';
import { AdminAccounts } from './accounts.js';
import { ArticleModeration } from './articles.js';
import { CategoryAdmin } from './categories.js';
import { beijingDay, DashboardService } from './dashboard.js';

// The admin tables and the console's queries, on SQLite and on PostgreSQL alike.
const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `admin store on ${dialect.name} (skipped: ${dialect.skip})` : `admin store on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let audit: AuditService;
    let source: Source;
    let clock: number;
    const now = () => clock;
    // 2026-11-20 10:00 in Beijing.
    const t0 = Date.UTC(2026, 10, 20, 2);

    const article = (guid: string, over: Partial<NewArticle> = {}) => newArticle(source.id, guid, t0, over);

    beforeEach(async () => {
      clock = t0;
      store = await dialect.open();
      repos = createRepos(store);
      audit = new AuditService(repos.audit, now);
      source = await repos.sources.upsert({ slug: 'src-a', name: '来源甲', site_url: 'https://a.example/', feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
    });
    afterEach(() => store.close());

    describe('accounts', () => {
      let accounts: AdminAccounts;
      beforeEach(() => {
        accounts = new AdminAccounts(repos.admin, audit, { perAccount: 3, perIp: 5, windowMs: 60_000, lockMs: 120_000 }, now);
      });

      it('stores usernames lower-case with an argon2id hash, and refuses a duplicate or a weak password', async () => {
        await accounts.create({ username: ' Alice ', password: 'long enough pw', role: 'editor' }, 'cli:test');
        const [user] = await accounts.list();
        expect(user).toMatchObject({ username: 'alice', role: 'editor', disabled: 0 });
        expect(user!.password_hash).toMatch(/^\$argon2id\$/);
        await expect(accounts.create({ username: 'ALICE', password: 'long enough pw', role: 'admin' }, 'x')).rejects.toThrow(/already exists/);
        await expect(accounts.create({ username: 'bob', password: 'short', role: 'admin' }, 'x')).rejects.toThrow(/at least 10/);
        await expect(accounts.create({ username: 'bob', password: 'long enough pw', role: 'root' }, 'x')).rejects.toThrow(/role must be/);
      });

      it('opens a session for the right password, finds it by token until it expires, and closes it at logout', async () => {
        await accounts.create({ username: 'alice', password: 'long enough pw', role: 'admin' }, 'x');
        const login = await accounts.login('Alice', 'long enough pw', '192.0.2.1');
        if (!login.ok) throw new Error('login failed');
        expect((await accounts.session(login.token))?.admin).toMatchObject({ username: 'alice', role: 'admin' });
        expect(await accounts.session(`${login.token}x`)).toBeUndefined();
        clock = login.expiresAt;
        expect(await accounts.session(login.token)).toBeUndefined();
        clock = t0;
        await accounts.logout(login.token);
        expect(await accounts.session(login.token)).toBeUndefined();
      });

      it('locks an account after its limit of wrong passwords, until the lock ends', async () => {
        await accounts.create({ username: 'alice', password: 'long enough pw', role: 'admin' }, 'x');
        expect(await accounts.login('alice', 'bad', '192.0.2.1')).toEqual({ ok: false, reason: 'invalid' });
        expect(await accounts.login('alice', 'bad', '192.0.2.2')).toEqual({ ok: false, reason: 'invalid' });
        expect(await accounts.login('alice', 'bad', '192.0.2.3')).toEqual({ ok: false, reason: 'locked', until: t0 + 120_000 });
        expect(await accounts.login('alice', 'long enough pw', '192.0.2.4')).toEqual({ ok: false, reason: 'locked', until: t0 + 120_000 });
        clock = t0 + 120_000;
        expect((await accounts.login('alice', 'long enough pw', '192.0.2.4')).ok).toBe(true);
        // A success clears the account's count.
        expect(await accounts.login('alice', 'bad', '192.0.2.5')).toEqual({ ok: false, reason: 'invalid' });
      });

      it('forgets failures older than the window', async () => {
        await accounts.create({ username: 'alice', password: 'long enough pw', role: 'admin' }, 'x');
        await accounts.login('alice', 'bad', '192.0.2.1');
        await accounts.login('alice', 'bad', '192.0.2.1');
        clock = t0 + 60_000;
        expect(await accounts.login('alice', 'bad', '192.0.2.1')).toEqual({ ok: false, reason: 'invalid' });
        // Old counts of other keys are pruned as failures come in.
        await accounts.login('bob', 'bad', '192.0.2.9');
        clock = t0 + 200_000;
        await accounts.login('carol', 'bad', '192.0.2.1');
        const keys = (await store.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key).sort();
        expect(keys).toEqual(['ip:192.0.2.1', 'user:carol']);
      });

      it('a new password ends the old sessions', async () => {
        await accounts.create({ username: 'alice', password: 'long enough pw', role: 'admin' }, 'x');
        const login = await accounts.login('alice', 'long enough pw', '192.0.2.1');
        if (!login.ok) throw new Error('login failed');
        await accounts.setPassword('alice', 'another long pw', 'cli:test');
        expect(await accounts.session(login.token)).toBeUndefined();
        expect((await accounts.login('alice', 'another long pw', '192.0.2.1')).ok).toBe(true);
      });
    });

    it('searches titles with LIKE wildcards taken literally, and filters by status, source and category', async () => {
      const bus = new LocalBus();
      const changed: unknown[] = [];
      bus.subscribe(TOPICS.articleChanged, (d) => changed.push(d));
      const moderation = new ArticleModeration(repos.editorial, repos.blockedUrls, audit, bus);
      const [a, b] = await repos.articles.insertManyIfNew([article('a', { title: '100% 真实_新闻' }), article('b', { title: '1000 真实新闻', category_id: 1 })]);
      expect((await moderation.search({ q: '100%' }, 1)).rows.map((r) => r.id)).toEqual([a]);
      expect((await moderation.search({ q: '实_新' }, 1)).rows.map((r) => r.id)).toEqual([a]);
      expect((await moderation.search({ q: '真实' }, 1)).rows).toHaveLength(2);
      expect((await moderation.search({ categoryId: 0 }, 1)).rows.map((r) => r.id)).toEqual([a]);
      expect((await moderation.search({ categoryId: 1, sourceId: source.id }, 1)).rows.map((r) => r.id)).toEqual([b]);
      await moderation.setHidden(b!, true, 'ed');
      expect((await moderation.search({ status: 'hidden' }, 1)).rows.map((r) => r.id)).toEqual([b]);
      expect(changed).toEqual([{ id: b }]);
      await moderation.delete(a!, 'ed');
      expect(await repos.blockedUrls.blockedAmong(['https://a.example/a'])).toEqual(new Set(['https://a.example/a']));
      expect((await moderation.search({}, 1)).total).toBe(1);
    });

    it('orders categories and refuses to delete one in use', async () => {
      const categories = new CategoryAdmin(repos.editorial, audit, new LocalBus());
      const created = await categories.add({ slug: 'science', name: '科学' }, 'ed');
      const slugs = async () => (await categories.list()).map((c) => c.slug);
      const before = await slugs();
      expect(before.at(-1)).toBe('science');
      await categories.move(created.id, 'up', 'ed');
      expect(await slugs()).toEqual([...before.slice(0, -2), 'science', before.at(-2)]);
      await repos.articles.insertIfNew(article('c', { category_id: created.id }));
      await expect(categories.delete(created.id, 'ed')).rejects.toThrow(/still has articles/);
    });

    it('counts reads and new articles per Beijing day, and today\'s top articles', async () => {
      const [a, b] = await repos.articles.insertManyIfNew([article('a'), article('b', { created_at: t0 - 86_400_000 })]);
      const hour = Math.floor(t0 / 3600_000);
      // 07:00 Beijing today, 23:00 Beijing yesterday, and today again for b.
      await store.db
        .insertInto('article_view_hours')
        .values([
          { article_id: a!, hour: hour - 3, views: 4 },
          { article_id: a!, hour: hour - 11, views: 9 },
          { article_id: b!, hour, views: 6 },
        ])
        .execute();
      const d = await new DashboardService(repos.dashboard, now).load();
      expect(d.views).toHaveLength(30);
      expect(d.views.at(-1)).toEqual({ date: '2026-11-20', count: 10 });
      expect(d.views.at(-2)).toEqual({ date: '2026-11-19', count: 9 });
      expect(d.articles.at(-1)).toEqual({ date: '2026-11-20', count: 1 });
      expect(d.articles.at(-2)).toEqual({ date: '2026-11-19', count: 1 });
      expect(d.topToday.map((x) => [x.id, x.views])).toEqual([
        [b, 6],
        [a, 4],
      ]);
      expect(beijingDay(t0)).toBe(beijingDay(Date.UTC(2026, 10, 19, 16)));
      expect(d.pendingTakedowns).toBe(0);
    });
  });
}
