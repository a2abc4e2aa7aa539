import { describe, expect, it } from 'vitest';
import { ruleDraft } from '../testing.js';
import { isRedianError } from '../../errors.js';
import type { EditorialRules, FilterRule, ItemFields, SensitiveList, WordReplacement } from '../types.js';
import { compileRules } from './compile.js';

let nextId = 1;
const rule = (over: Partial<FilterRule>): FilterRule => ({ id: nextId++, ...ruleDraft(over) });
const list = (over: Partial<SensitiveList>): SensitiveList => ({ id: nextId++, name: '测试', action: 'hold', words: [], enabled: true, ...over });
const replacement = (over: Partial<WordReplacement>): WordReplacement => ({ id: nextId++, sourceId: null, find: '旧', replace: '新', enabled: true, ...over });
const item = (over: Partial<ItemFields>): ItemFields => ({ title: '普通标题', text: '普通正文', author: '记者', url: 'https://news.example.cn/a/1', ...over });
const rules = (over: Partial<EditorialRules>): EditorialRules => ({ rules: [], replacements: [], lists: [], ...over });

describe('compileRules: judge', () => {
  it('blocks on a keyword rule, case- and width-insensitively, reporting the words as the item spells them', () => {
    const r = rule({ pattern: '广告\nvpn', note: '' });
    const verdict = compileRules(rules({ rules: [r] })).forSource(1).judge(item({ title: '免费ＶＰＮ广告' }));
    expect(verdict).toEqual({ action: 'block', reasons: [{ kind: 'rule', id: r.id, label: '规则「标题含 广告、vpn」', terms: ['ＶＰＮ', '广告'] }] });
  });

  it('looks only in the rule’s field; any = title, text and author, not the URL', () => {
    const compiled = (field: FilterRule['field']) => compileRules(rules({ rules: [rule({ field, pattern: 'spam' })] })).forSource(1);
    expect(compiled('text').judge(item({ title: 'spam' })).action).toBe('publish');
    expect(compiled('text').judge(item({ text: '含 SPAM 的正文' })).action).toBe('block');
    expect(compiled('author').judge(item({ author: 'Spam Bot' })).action).toBe('block');
    expect(compiled('url').judge(item({ url: 'https://spam.example/1' })).action).toBe('block');
    expect(compiled('any').judge(item({ url: 'https://spam.example/1' })).action).toBe('publish');
    expect(compiled('any').judge(item({ author: 'spam' })).action).toBe('block');
  });

  it('runs regex rules, with ignoreCase, labelled by their note', () => {
    const r = rule({ match: 'regex', pattern: '\\d{11}', field: 'text', action: 'hold', note: '手机号' });
    const verdict = compileRules(rules({ rules: [r] })).forSource(1).judge(item({ text: '电话 13812345678 或 13987654321' }));
    expect(verdict).toEqual({ action: 'hold', reasons: [{ kind: 'rule', id: r.id, label: '规则「手机号」', terms: ['13812345678', '13987654321'] }] });
    const ci = rule({ match: 'regex', pattern: 'iphone\\d+', ignoreCase: true });
    expect(compileRules(rules({ rules: [ci] })).forSource(1).judge(item({ title: 'IPHONE16 发布' })).reasons[0]!.terms).toEqual(['IPHONE16']);
  });

  it('blocks an item matching no keep rule, and lets through one that matches any', () => {
    const keep = [rule({ action: 'keep', pattern: '科技' }), rule({ action: 'keep', pattern: '财经', field: 'text' })];
    const filter = compileRules(rules({ rules: keep })).forSource(1);
    expect(filter.judge(item({ title: '娱乐新闻' }))).toEqual({ action: 'block', reasons: [{ kind: 'keep', id: null, label: '未命中保留规则', terms: [] }] });
    expect(filter.judge(item({ text: '一则财经消息' })).action).toBe('publish');
  });

  it('applies global rules and the source’s own, not other sources’', () => {
    const own = rule({ sourceId: 2, pattern: '本源' });
    const compiled = compileRules(rules({ rules: [rule({ pattern: '全局' }), own] }));
    expect(compiled.forSource(2).judge(item({ title: '本源' })).action).toBe('block');
    expect(compiled.forSource(3).judge(item({ title: '本源' })).action).toBe('publish');
    expect(compiled.forSource(3).judge(item({ title: '全局' })).action).toBe('block');
    expect(compiled.forSource(2)).toBe(compiled.forSource(2)); // cached
  });

  it('ignores disabled rules and lists', () => {
    const compiled = compileRules(rules({ rules: [rule({ enabled: false })], lists: [list({ words: ['广告'], enabled: false })] }));
    expect(compiled.forSource(1).empty).toBe(true);
    expect(compiled.forSource(1).judge(item({ title: '广告' }))).toEqual({ action: 'publish', reasons: [] });
  });

  it('screens title and text with sensitive lists: hold or block', () => {
    const hold = list({ name: '敏感', action: 'hold', words: ['赌博', '代开发票'] });
    const block = list({ name: '违禁', action: 'block', words: ['枪支'] });
    const filter = compileRules(rules({ lists: [hold, block] })).forSource(1);
    expect(filter.judge(item({ text: '有人代开发票，还有赌博' }))).toEqual({
      action: 'hold',
      reasons: [{ kind: 'list', id: hold.id, label: '敏感词表「敏感」', terms: ['代开发票', '赌博'] }],
    });
    expect(filter.judge(item({ title: '枪支', text: '赌博' })).action).toBe('block');
    expect(filter.judge(item({ author: '赌博', url: 'https://x.cn/枪支' })).action).toBe('publish');
  });

  it('follows the precedence block > keep > hold > publish and lists every reason', () => {
    const b = rule({ pattern: '黑' });
    const h = rule({ action: 'hold', pattern: '灰' });
    const k = rule({ action: 'keep', pattern: '白' });
    const l = list({ name: '词', action: 'hold', words: ['灰'] });
    const filter = compileRules(rules({ rules: [h, k, b], lists: [l] })).forSource(1);
    const all = filter.judge(item({ title: '黑灰' }));
    expect(all.action).toBe('block');
    expect(all.reasons.map((r) => [r.kind, r.id])).toEqual([['rule', b.id], ['keep', null], ['rule', h.id], ['list', l.id]]);
    expect(filter.judge(item({ title: '白灰' })).action).toBe('hold');
    expect(filter.judge(item({ title: '白' })).action).toBe('publish');
    expect(filter.judge(item({ title: '灰' })).action).toBe('block'); // no keep rule matched
  });

  it('reports at most 20 distinct terms per reason', () => {
    const words = Array.from({ length: 30 }, (_, i) => `词${String.fromCharCode(0x4e00 + i)}`);
    const filter = compileRules(rules({ lists: [list({ words })] })).forSource(1);
    const verdict = filter.judge(item({ text: words.join('，') + words.join('，') }));
    expect(verdict.reasons[0]!.terms).toEqual(words.slice(0, 20));
  });

  it('names a saved regex that no longer compiles', () => {
    const bad = rule({ match: 'regex', pattern: '(?<=a)b' });
    try {
      compileRules(rules({ rules: [bad] }));
      expect.unreachable();
    } catch (err) {
      expect(isRedianError(err, 'FILTER_INVALID')).toBe(true);
      expect((err as Error).message).toContain(`规则 #${bad.id} 无法编译`);
    }
  });
});

describe('compileRules: replacement', () => {
  it('applies global replacements, then the source’s, in id order, the first of equal finds winning', () => {
    const g1 = replacement({ find: '旧词', replace: '全局' });
    const s1 = replacement({ sourceId: 2, find: '旧词', replace: '来源' });
    const s2 = replacement({ sourceId: 2, find: '另一个', replace: '另' });
    const compiled = compileRules(rules({ replacements: [s2, s1, g1] }));
    expect(compiled.forSource(2).replaceText('旧词和另一个')).toBe('全局和另');
    expect(compiled.forSource(3).replaceText('旧词和另一个')).toBe('全局和另一个');
    expect(compiled.forSource(3).empty).toBe(false);
  });

  it('replaces in HTML text nodes only', () => {
    const compiled = compileRules(rules({ replacements: [replacement({ find: '旧', replace: '新' })] }));
    expect(compiled.forSource(1).replaceHtml('<a href="/旧" title="旧">旧</a>')).toBe('<a href="/旧" title="旧">新</a>');
  });

  it('is empty, and changes nothing, when nothing applies', () => {
    const compiled = compileRules(rules({ replacements: [replacement({ sourceId: 9 })], rules: [rule({ sourceId: 9 })] }));
    const filter = compiled.forSource(1);
    expect(filter.empty).toBe(true);
    expect(filter.replaceText('旧')).toBe('旧');
    expect(filter.replaceHtml('<p>旧</p>')).toBe('<p>旧</p>');
    expect(compiled.forSource(9).empty).toBe(false);
  });
});
