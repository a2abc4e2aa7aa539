import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.js';
import { LocalBus, TOPICS } from '../cluster/bus.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { NewArticle, Source } from '../store/schema.js';
import { testDialects } from '../store/testing.js';
import { FilterService } from './service.js';
import type { RuleDraft } from './types.js';

const dialects = await testDialects();
const T0 = Date.UTC(2026, 10, 27);
const EDITOR = 'editor';
const TABLES = ['filter_rules', 'word_replacements', 'sensitive_lists', 'filtered_items', 'audit_log'] as const;

const rule = (over: Partial<RuleDraft> = {}): RuleDraft => ({
  sourceId: null,
  action: 'block',
  field: 'title',
  match: 'keywords',
  pattern: '广告',
  note: '广告',
  ignoreCase: false,
  enabled: true,
  ...over,
});

for (const dialect of dialects) {
  const title = dialect.skip ? `FilterService on ${dialect.name} (skipped: ${dialect.skip})` : `FilterService on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let bus: LocalBus;
    let audit: AuditService;
    let filters: FilterService;
    let source: Source;
    let announced: number;

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      bus = new LocalBus();
      audit = new AuditService(repos.audit);
      filters = new FilterService(repos, audit, bus);
      announced = 0;
      bus.subscribe(TOPICS.filtersChanged, () => announced++);
      source = await repos.sources.upsert({ slug: 'a', name: '来源甲', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: T0 });
    });
    afterEach(() => store.close());

    const rowCounts = async () => {
      const out: Record<string, number> = {};
      for (const t of TABLES) out[t] = Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return out;
    };
    const auditOf = async (action: string) => (await audit.list({ action })).entries.map((e) => ({ actor: e.actor, target: e.target, before: e.before_json && JSON.parse(e.before_json), after: e.after_json && JSON.parse(e.after_json) }));

    it('saves, edits and deletes a rule: audited before/after, dropped items cleared, change announced', async () => {
      await repos.filters.recordFiltered([{ sourceId: source.id, url: 'https://x/1', guid: 'g', title: 't', reasons: [] }], T0);
      const saved = await filters.saveRule(rule({ pattern: ' 广告 \n\n推广\n广告 ' }), EDITOR);
      // Stored as the engine normalized it.
      expect(saved).toMatchObject({ pattern: '广告\n推广', action: 'block', enabled: true });
      expect(await repos.filters.recentFiltered(10)).toEqual([]);
      expect(announced).toBe(1);
      const edited = await filters.saveRule({ ...saved, action: 'hold' }, EDITOR);
      expect(edited).toMatchObject({ id: saved.id, action: 'hold' });
      await filters.deleteRule(saved.id, EDITOR);
      expect(await repos.filters.rules()).toEqual([]);
      expect(announced).toBe(3);
      expect(await auditOf('filter.rule.create')).toEqual([{ actor: EDITOR, target: `filter_rule:${saved.id}`, before: null, after: saved }]);
      expect(await auditOf('filter.rule.update')).toEqual([{ actor: EDITOR, target: `filter_rule:${saved.id}`, before: saved, after: edited }]);
      expect(await auditOf('filter.rule.delete')).toEqual([{ actor: EDITOR, target: `filter_rule:${saved.id}`, before: edited, after: null }]);
    });

    it.each([
      ['an invalid regular expression', rule({ match: 'regex', pattern: '([a-z' }), 'FILTER_INVALID'],
      // Regexes run on a linear-time engine (see engine/regex.ts): what needs backtracking is refused.
      ['a regular expression with a backreference', rule({ match: 'regex', pattern: '(广告)\\1' }), 'FILTER_INVALID'],
      ['a regular expression over 500 characters', rule({ match: 'regex', pattern: 'a'.repeat(501) }), 'FILTER_INVALID'],
      ['an empty keyword rule', rule({ pattern: ' \n \n' }), 'FILTER_INVALID'],
      ['an empty regex', rule({ match: 'regex', pattern: '' }), 'FILTER_INVALID'],
      ['an unknown source', rule({ sourceId: 9999 }), 'FILTER_INVALID'],
      ['an unknown rule', rule({ id: 9999 }), 'FILTER_UNKNOWN'],
    ])('refuses %s with a clear error and saves nothing', async (_name, draft, code) => {
      const before = await rowCounts();
      const err = await filters.saveRule(draft, EDITOR).catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
      // The dry run refuses it the same way.
      if (code === 'FILTER_INVALID') await expect(filters.dryRun({ kind: 'rule', draft })).rejects.toMatchObject({ code });
      expect(await rowCounts()).toEqual(before);
      expect(announced).toBe(0);
    });

    it('saves, edits and deletes replacements, audited', async () => {
      const saved = await filters.saveReplacement({ sourceId: source.id, find: '旧词', replace: '新词', enabled: true }, EDITOR);
      await filters.saveReplacement({ ...saved, replace: '更新词' }, EDITOR);
      await expect(filters.saveReplacement({ sourceId: null, find: ' ', replace: 'x', enabled: true }, EDITOR)).rejects.toMatchObject({ code: 'FILTER_INVALID' });
      await filters.deleteReplacement(saved.id, EDITOR);
      await expect(filters.deleteReplacement(saved.id, EDITOR)).rejects.toMatchObject({ code: 'FILTER_UNKNOWN' });
      expect(await auditOf('filter.replacement.create')).toEqual([{ actor: EDITOR, target: `word_replacement:${saved.id}`, before: null, after: saved }]);
      expect((await auditOf('filter.replacement.update'))[0]).toMatchObject({ before: { replace: '新词' }, after: { replace: '更新词' } });
      expect(await auditOf('filter.replacement.delete')).toHaveLength(1);
      expect(announced).toBe(3);
    });

    it('imports a GBK list file, says what it read, and replaces it whole; the audit log keeps its size, not its words', async () => {
      const gbk = iconv.encode('敏感甲\r\n敏感乙\r\n敏感甲\r\n', 'gbk');
      const { list, encoding, duplicates } = await filters.saveList({ name: '政治', action: 'hold', words: new Uint8Array(gbk), enabled: true }, EDITOR);
      expect(list).toMatchObject({ name: '政治', action: 'hold', wordCount: 2 });
      expect(encoding).toBe('GB18030');
      expect(duplicates).toBe(1);
      expect((await filters.list(list.id)).words).toEqual(['敏感甲', '敏感乙']);
      const again = await filters.saveList({ id: list.id, name: '政治', action: 'block', words: '丙、丁', enabled: true }, EDITOR);
      expect(again.list).toEqual({ id: list.id, name: '政治', action: 'block', enabled: true, wordCount: 2 });
      expect((await filters.list(list.id)).words).toEqual(['丙', '丁']);
      expect((await filters.overview()).lists).toEqual([again.list]);
      await expect(filters.saveList({ name: '政治', action: 'hold', words: '戊', enabled: true }, EDITOR)).rejects.toMatchObject({ code: 'FILTER_INVALID' });
      await filters.deleteList(list.id, EDITOR);
      await expect(filters.list(list.id)).rejects.toMatchObject({ code: 'FILTER_UNKNOWN' });
      expect(await auditOf('filter.list.create')).toEqual([{ actor: EDITOR, target: `word_list:${list.id}`, before: null, after: { name: '政治', action: 'hold', enabled: true, wordCount: 2 } }]);
      expect((await auditOf('filter.list.update'))[0]!.after).toEqual({ name: '政治', action: 'block', enabled: true, wordCount: 2 });
      expect((await auditOf('filter.list.delete'))[0]!.before).toEqual({ name: '政治', action: 'block', enabled: true, wordCount: 2 });
    });

    it.each([
      ['a 5 MB list', () => new Uint8Array(Buffer.alloc(5 * 1024 * 1024, '词\n')), 'WORD_LIST_TOO_LARGE'],
      ['a binary file', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'WORD_LIST_INVALID'],
      ['a list with nothing in it', () => ' \n\n ', 'WORD_LIST_INVALID'],
    ])('refuses %s with a clear error, and an existing list keeps its words', async (_name, words, code) => {
      const { list } = await filters.saveList({ name: '现有', action: 'hold', words: '甲\n乙', enabled: true }, EDITOR);
      const before = await rowCounts();
      const err = await filters.saveList({ id: list.id, name: '现有', action: 'hold', words: words(), enabled: true }, EDITOR).catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      if (code === 'WORD_LIST_TOO_LARGE') expect((err as Error).message).toContain('MB');
      await expect(filters.dryRun({ kind: 'list', draft: { name: '试', action: 'hold', words: words(), enabled: true } })).rejects.toMatchObject({ code });
      expect(await rowCounts()).toEqual(before);
      expect((await filters.list(list.id)).words).toEqual(['甲', '乙']);
    });

    it('compiles the rules once, and again when any node announces a change', async () => {
      const first = await filters.compiled();
      expect(await filters.compiled()).toBe(first);
      expect(first.forSource(source.id).empty).toBe(true);
      // Another node (another service on the same bus) saves a rule.
      await new FilterService(repos, audit, bus).saveRule(rule(), EDITOR);
      const next = await filters.compiled();
      expect(next).not.toBe(first);
      expect(next.forSource(source.id).judge({ title: '广告', text: '', author: '', url: '' }).action).toBe('block');
    });

    describe('dry run', () => {
      let ids: number[];
      beforeEach(async () => {
        const other = await repos.sources.upsert({ slug: 'b', name: '来源乙', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: T0 });
        const rows: NewArticle[] = [];
        // 1,010 articles, one rejected (so the newest 1,000 stored reach back to i = 9); the
        // 10 oldest carry every word, and only i = 9 of them is in the window.
        for (let i = 0; i < 1010; i++) {
          const old = i < 10;
          const word = old || i % 100 === 0 ? '广告' : i % 100 === 50 ? '事故' : '新闻';
          rows.push({
            source_id: i % 2 ? other.id : source.id,
            category_id: null,
            guid: `g${i}`,
            url: `https://a.example/${i}`,
            title: `第${i}篇${word}`,
            author: null,
            summary: '',
            content_html: `<p>正文${old ? '事故旧称' : i === 500 ? '说到旧称的地方' : ''}</p>`,
            content_text: `正文${old ? '事故旧称' : i === 500 ? '说到旧称的地方' : ''}`,
            lead_image: null,
            published_at: T0 + i,
            created_at: T0 + i,
            status: i === 900 ? 'rejected' : i === 200 ? 'held' : 'published',
          });
        }
        ids = (await repos.articles.insertManyIfNew(rows)) as number[];
      });

      it('shows what a block rule, a hold rule, a keep rule, a list and a replacement would do to the newest 1,000, saving nothing', async () => {
        const before = await rowCounts();
        const articlesBefore = await store.db.selectFrom('articles').select(['id', 'title', 'content_html', 'status']).orderBy('id').execute();
        const window = ids.map((_, i) => i).filter((i) => i !== 900).reverse().slice(0, 1000);
        const expected = (pred: (i: number) => boolean) => window.filter((i) => i < 10 || pred(i)).map((i) => ids[i]);
        expect(window.at(-1)).toBe(9);

        const blocked = await filters.dryRun({ kind: 'rule', draft: rule() });
        expect(blocked.scanned).toBe(1000);
        // i % 100 === 0 from 100 to 1000 and i = 9, newest first; 200 is held but still counted (it is stored).
        expect(blocked.blocked.map((h) => h.articleId)).toEqual(expected((i) => i % 100 === 0));
        expect(blocked.held).toEqual([]);
        expect(blocked.blocked[0]).toMatchObject({ title: '第1000篇广告', sourceName: '来源甲', reasons: [expect.objectContaining({ kind: 'rule', terms: ['广告'] })] });

        const held = await filters.dryRun({ kind: 'rule', draft: rule({ action: 'hold', field: 'any', pattern: '事故', sourceId: source.id }) });
        // Only source 甲's articles (even i): i = 9 is 乙's.
        expect(held.held.map((h) => h.articleId)).toEqual(expected((i) => i % 100 === 50).filter((id) => ids.indexOf(id!) % 2 === 0));
        expect(held.blocked).toEqual([]);

        const keep = await filters.dryRun({ kind: 'rule', draft: rule({ action: 'keep', pattern: '新闻' }) });
        expect(keep.blocked.map((h) => h.articleId)).toEqual(expected((i) => i % 100 === 0 || i % 100 === 50));
        expect(keep.blocked[0]!.reasons).toEqual([expect.objectContaining({ kind: 'keep' })]);

        const list = await filters.dryRun({ kind: 'list', draft: { name: '试运行', action: 'block', words: '事故\n不存在的词', enabled: true } });
        expect(list.blocked.map((h) => h.articleId)).toEqual(expected((i) => i % 100 === 50));

        const replaced = await filters.dryRun({ kind: 'replacement', draft: { sourceId: null, find: '旧称', replace: '新称', enabled: true } });
        expect(replaced.changed).toEqual([
          { articleId: ids[500], title: '第500篇广告', sourceName: '来源甲', before: '正文说到旧称的地方', after: '正文说到新称的地方' },
          { articleId: ids[9], title: '第9篇广告', sourceName: '来源乙', before: '正文事故旧称', after: '正文事故新称' },
        ]);
        expect(replaced.blocked).toEqual([]);

        // A rule saved is not applied in a dry run of another draft: the draft runs alone.
        await filters.saveRule(rule({ pattern: '新闻' }), EDITOR);
        expect((await filters.dryRun({ kind: 'rule', draft: rule({ pattern: '不存在' }) })).blocked).toEqual([]);
        await filters.deleteRule((await repos.filters.rules())[0]!.id, EDITOR);

        expect((await filters.dryRun({ kind: 'rule', draft: rule() }, 5)).scanned).toBe(5);
        const after = await rowCounts();
        expect({ ...after, audit_log: before.audit_log }).toEqual(before);
        expect(await store.db.selectFrom('articles').select(['id', 'title', 'content_html', 'status']).orderBy('id').execute()).toEqual(articlesBefore);
      });
    });
  });
}
