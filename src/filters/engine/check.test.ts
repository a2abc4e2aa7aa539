import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleDraft } from '../testing.js';
import { isRedianError, type ErrorCode } from '../../errors.js';
import { checkList, checkReplacement, checkRule } from './check.js';

const rule = ruleDraft;

function refusal(check: () => unknown, code: ErrorCode = 'FILTER_INVALID'): string {
  try {
    check();
  } catch (err) {
    if (isRedianError(err, code)) return err.message;
    throw err;
  }
  throw new Error('accepted');
}

describe('checkRule', () => {
  it('trims keyword lines, drops blank ones and repeats (folded), and trims the note', () => {
    const checked = checkRule(rule({ pattern: '  广告 \r\n\n推广\nＶＰＮ\nvpn\n广告\n', note: '  商业推广 ', id: 7, sourceId: 3 }));
    expect(checked).toEqual(rule({ pattern: '广告\n推广\nＶＰＮ', note: '商业推广', id: 7, sourceId: 3 }));
  });

  it('trims a regex and checks it with the regex engine', () => {
    expect(checkRule(rule({ match: 'regex', pattern: ' \\d{11} ', ignoreCase: true })).pattern).toBe('\\d{11}');
    expect(refusal(() => checkRule(rule({ match: 'regex', pattern: '(a)\\1' })))).toContain('反向引用');
    expect(refusal(() => checkRule(rule({ match: 'regex', pattern: '(' })))).toContain('写法有误');
  });

  it('refuses empty rules', () => {
    expect(refusal(() => checkRule(rule({ pattern: ' \n \n' })))).toContain('关键词不能为空');
    expect(refusal(() => checkRule(rule({ match: 'regex', pattern: '   ' })))).toContain('不能为空');
  });

  it('refuses unknown actions, fields and matches, bad ids and long notes', () => {
    expect(refusal(() => checkRule(rule({ action: 'delete' as never })))).toContain('动作只能是 block / keep / hold 之一');
    expect(refusal(() => checkRule(rule({ field: 'body' as never })))).toContain('匹配字段');
    expect(refusal(() => checkRule(rule({ match: 'glob' as never })))).toContain('匹配方式');
    expect(refusal(() => checkRule(rule({ sourceId: 0 })))).toContain('来源编号无效');
    expect(refusal(() => checkRule(rule({ id: -1 })))).toContain('编号无效');
    expect(refusal(() => checkRule(rule({ note: '注'.repeat(101) })))).toContain('备注不能超过 100 个字');
  });

  it('sends too many or too long keywords to a word list', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `词${i}`).join('\n');
    expect(refusal(() => checkRule(rule({ pattern: many })))).toContain('更多的词请建成敏感词表');
    expect(refusal(() => checkRule(rule({ pattern: '长'.repeat(51) })))).toContain('关键词不能超过 50 个字');
  });
});

describe('checkReplacement', () => {
  it('trims both words and allows deleting a word', () => {
    expect(checkReplacement({ sourceId: null, find: ' 旧词 ', replace: ' 新词 ', enabled: true })).toEqual({ sourceId: null, find: '旧词', replace: '新词', enabled: true });
    expect(checkReplacement({ id: 2, sourceId: 5, find: '【广告】', replace: '', enabled: false })).toEqual({ id: 2, sourceId: 5, find: '【广告】', replace: '', enabled: false });
  });

  it('refuses an empty find, multi-line or over-long words, and a no-op', () => {
    expect(refusal(() => checkReplacement({ sourceId: null, find: '  ', replace: '新', enabled: true }))).toContain('旧词）不能为空');
    expect(refusal(() => checkReplacement({ sourceId: null, find: '旧\n词', replace: '新', enabled: true }))).toContain('旧词只能是一行');
    expect(refusal(() => checkReplacement({ sourceId: null, find: '旧', replace: '新'.repeat(101), enabled: true }))).toContain('新词不能超过 100 个字');
    expect(refusal(() => checkReplacement({ sourceId: null, find: '同', replace: '同', enabled: true }))).toContain('新词和旧词相同');
  });
});

describe('checkList', () => {
  it('reads the words of a GBK file and reports the encoding and repeats', () => {
    const bytes = readFileSync(new URL('./testdata/words-gbk.txt', import.meta.url));
    const { list, encoding, duplicates } = checkList({ name: ' 违法广告 ', action: 'hold', enabled: true, words: bytes });
    expect(list.name).toBe('违法广告');
    expect(list.words).toContain('代开发票');
    expect({ encoding, duplicates }).toEqual({ encoding: 'GB18030', duplicates: 2 });
  });

  it('refuses a missing name or action, and passes word-list errors through', () => {
    expect(refusal(() => checkList({ name: ' ', action: 'hold', enabled: true, words: '词' }))).toContain('词表名称不能为空');
    expect(refusal(() => checkList({ name: '表', action: 'keep' as never, enabled: true, words: '词' }))).toContain('词表动作');
    expect(refusal(() => checkList({ name: '表', action: 'block', enabled: true, words: '\n' }), 'WORD_LIST_INVALID')).toContain('没有词');
  });
});
