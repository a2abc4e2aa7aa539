import { describe, expect, it } from 'vitest';
import type { WordReplacement } from '../types.js';
import { Replacer } from './replacer.js';

let nextId = 1;
const r = (find: string, replace: string, enabled = true): WordReplacement => ({ id: nextId++, sourceId: null, find, replace, enabled });

describe('Replacer', () => {
  it('replaces literally, longest match first where finds overlap', () => {
    const replacer = new Replacer([r('中国', 'A'), r('中国人', 'B'), r('人民', 'C')]);
    expect(replacer.replaceText('中国人民和中国')).toBe('B民和A');
    expect(new Replacer([r('Apple', '苹果')]).replaceText('apple Apple')).toBe('apple 苹果');
  });

  it('does not replace inside its own output (one pass)', () => {
    expect(new Replacer([r('甲', '乙'), r('乙', '甲')]).replaceText('甲乙')).toBe('乙甲');
  });

  it('lets the first of two replacements with the same find win, and skips disabled ones', () => {
    expect(new Replacer([r('旧', '一'), r('旧', '二')]).replaceText('旧')).toBe('一');
    const replacer = new Replacer([r('旧', '新', false)]);
    expect(replacer.empty).toBe(true);
    expect(replacer.replaceText('旧')).toBe('旧');
  });

  it('can delete a word', () => {
    expect(new Replacer([r('【广告】', '')]).replaceText('【广告】标题')).toBe('标题');
  });

  it('never touches URLs written in text', () => {
    const replacer = new Replacer([r('example', '示例'), r('广告', '推荐')]);
    expect(replacer.replaceText('见 https://example.com/广告 和 example 广告')).toBe('见 https://example.com/广告 和 示例 推荐');
  });

  it('in HTML, replaces in text nodes only: not in tags, attributes, URLs, comments, scripts or entities', () => {
    const replacer = new Replacer([r('广告', '推荐'), r('amp', 'AMP'), r('img', 'IMG')]);
    const html =
      '<p class="广告"><a href="https://x.cn/广告?amp=1">广告</a> &amp; 广告</p><!-- 广告 --><img src="广告.png" alt="广告">' +
      '<script>var t = "广告";</script><p>www.x.cn/广告 图广告</p>';
    expect(replacer.replaceHtml(html)).toBe(
      '<p class="广告"><a href="https://x.cn/广告?amp=1">推荐</a> &amp; 推荐</p><!-- 广告 --><img src="广告.png" alt="广告">' +
        '<script>var t = "广告";</script><p>www.x.cn/广告 图推荐</p>',
    );
  });

  it('escapes the new words in HTML so they stay text', () => {
    expect(new Replacer([r('甲', '<b>乙&丙</b>')]).replaceHtml('<p>甲</p>')).toBe('<p>&lt;b&gt;乙&amp;丙&lt;/b&gt;</p>');
    expect(new Replacer([r('甲', '<b>乙</b>')]).replaceText('甲')).toBe('<b>乙</b>');
  });
});
