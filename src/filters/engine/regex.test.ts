import { describe, expect, it } from 'vitest';
import { isRedianError } from '../../errors.js';
import { compileRegex, REGEX_INPUT_CAP } from './regex.js';

function refusal(pattern: string, ignoreCase = false): string {
  try {
    compileRegex(pattern, ignoreCase);
  } catch (err) {
    if (isRedianError(err, 'FILTER_INVALID')) return err.message;
    throw err;
  }
  throw new Error(`${pattern} was accepted`);
}

describe('compileRegex', () => {
  it('accepts ordinary editors’ patterns and finds what they mean', () => {
    expect(compileRegex('广告|推广', false).matches('本文含推广链接和广告', 20)).toEqual(['推广', '广告']);
    expect(compileRegex('\\d{11}', false).matches('联系电话 13812345678', 20)).toEqual(['13812345678']);
    expect(compileRegex('^【.*】', false).matches('【独家】标题【二】', 20)).toEqual(['【独家】标题【二】']);
    expect(compileRegex('震惊.{0,10}竟然', false).matches('震惊！他竟然这样做', 20)).toEqual(['震惊！他竟然']);
    expect(compileRegex('[\\u4e00-\\u9fa5]+公司', false).matches('某某科技公司发布', 20)).toEqual(['某某科技公司']);
  });

  it('honours ignoreCase and reports matches as the text spells them', () => {
    expect(compileRegex('iphone\\s?\\d+', true).matches('新款 IPhone 16 和 iphone15', 20)).toEqual(['IPhone 16', 'iphone15']);
    expect(compileRegex('iphone', false).matches('IPhone', 20)).toEqual([]);
  });

  it('returns at most `limit` distinct matches', () => {
    const re = compileRegex('\\d', false);
    expect(re.matches('1 1 2 3 4', 3)).toEqual(['1', '2', '3']);
  });

  it('runs classic catastrophic patterns in linear time instead of refusing them', () => {
    // Each takes seconds to hours in a backtracking engine on this input; here the test finishing is the point.
    const input = `${'a'.repeat(30)}!`;
    expect(compileRegex('(a+)+$', false).matches(input, 20)).toEqual([]);
    expect(compileRegex('(a|aa)+$', false).matches(input, 20)).toEqual([]);
    expect(compileRegex('(\\w+\\s?)+$', false).matches(input, 20)).toEqual([]);
    expect(compileRegex('(.*a){20}', false).matches(input, 20)).toEqual(['a'.repeat(30)]);
    // And on a field at the input cap.
    expect(compileRegex('(a+)+$', false).matches(`${'a'.repeat(REGEX_INPUT_CAP - 1)}!`, 20)).toEqual([]);
  });

  it('only looks at the first 100,000 characters of a field', () => {
    const re = compileRegex('尾巴', false);
    expect(re.matches(`${'字'.repeat(REGEX_INPUT_CAP - 2)}尾巴`, 20)).toEqual(['尾巴']);
    expect(re.matches(`${'字'.repeat(REGEX_INPUT_CAP)}尾巴`, 20)).toEqual([]);
  });

  it('refuses empty, over-long and invalid patterns with a Chinese reason', () => {
    expect(refusal('')).toContain('不能为空');
    expect(refusal('a'.repeat(501))).toContain('不能超过 500 个字符（现在 501 个）');
    expect(refusal('(广告')).toContain('正则表达式写法有误');
    expect(refusal('[z-a]')).toContain('正则表达式写法有误');
  });

  it('refuses what only a backtracking engine can run, naming it', () => {
    expect(refusal('(?<!不)广告')).toContain('后行断言 (?<!');
    expect(refusal('(?<=【)广告')).toContain('后行断言 (?<=');
    expect(refusal('广告(?!法)')).toContain('先行断言 (?!');
    expect(refusal('(a)\\1')).toContain('反向引用 \\1');
    expect(refusal('(?<x>a)\\k<x>')).toContain('命名反向引用');
    // The same characters escaped or inside a class are ordinary.
    expect(compileRegex('\\(?=', false).matches('(=', 5)).toEqual(['(=']);
    expect(compileRegex('[(?=]+', false).matches('(?=', 5)).toEqual(['(?=']);
  });

  it('refuses JavaScript syntax RE2 lacks with its reason', () => {
    expect(refusal('\\p{Script=Han}+')).toContain('线性时间引擎（RE2）不支持');
  });

  it('refuses patterns that match empty text, which would hit every item', () => {
    for (const p of ['a*', '^', '\\b', '(广告)?', 'x|']) expect(refusal(p)).toContain('能匹配空文本');
  });
});
