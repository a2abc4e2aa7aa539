import { describe, expect, it } from 'vitest';
import { excerptAround, Highlighted, highlightHtml, matchRanges, queueExcerpt } from './highlight.js';

describe('highlighting matched terms', () => {
  it('finds terms left to right, the longest winning where they overlap', () => {
    expect(matchRanges('中国人民银行与人民', ['人民', '人民银行'])).toEqual([[2, 6], [7, 9]]);
    // Case and width folded as the engine matches, offsets unmoved (ＡＢＣ = abc).
    expect(matchRanges('Ｖｉｐ会员', ['VIP'])).toEqual([[0, 3]]);
    expect(matchRanges('İx　ＡＢＣ', ['abc'])).toEqual([[3, 6]]);
    expect(matchRanges('无关', ['', '  '])).toEqual([]);
  });

  it('escapes the text around and inside <mark>', () => {
    const html = String(<p><Highlighted text={'<b>广告</b> & 广告'} terms={['广告']} /></p>);
    expect(html).toBe('<p>&lt;b&gt;<mark>广告</mark>&lt;/b&gt; &amp; <mark>广告</mark></p>');
  });

  it('marks text nodes of HTML only: never tags, attributes or URLs', () => {
    const html = '<p title="广告">看广告 &lt;广告&gt;</p><a href="https://x.test/广告">广告</a><img src="/广告.png" alt="广告">';
    expect(highlightHtml(html, ['广告'])).toBe(
      '<p title="广告">看<mark>广告</mark> &lt;<mark>广告</mark>&gt;</p><a href="https://x.test/广告"><mark>广告</mark></a><img src="/广告.png" alt="广告">',
    );
    expect(highlightHtml(html, [])).toBe(html);
  });

  it('cuts a long text around its first match', () => {
    const text = `${'前'.repeat(300)}敏感词${'后'.repeat(300)}`;
    const cut = excerptAround(text, ['敏感词'], 100);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut).toContain('敏感词');
    expect(excerptAround('短文', ['x'])).toBe('短文');
  });

  it("gives a queue row the text around the first match, else the summary", () => {
    const text = `${'前'.repeat(300)}敏感词${'后'.repeat(300)}`;
    expect(queueExcerpt('摘要', text, ['敏感词'])).toContain('敏感词');
    expect(queueExcerpt('摘要', text, ['别的词'])).toBe('摘要');
    expect(queueExcerpt('摘要', text, [])).toBe('摘要');
  });
});
