import { describe, expect, it } from 'vitest';
import { firstImage, htmlToText, summarize } from './text.js';

describe('htmlToText', () => {
  it('gives one line per block, entities decoded and whitespace collapsed', () => {
    expect(htmlToText('<h2>一、标题</h2><p>第一段&amp;内容　。</p><figure><img src="x"><figcaption>资料图：说明</figcaption></figure><p>第二段<br>换行</p>')).toBe(
      '一、标题\n第一段&内容 。\n资料图：说明\n第二段\n换行',
    );
  });
  it('drops code and styles, which no reader sees', () => {
    expect(htmlToText('<img src=x onerror=alert(1)>恶意标题<script>alert(2)</script><style>p{}</style>')).toBe('恶意标题');
  });
  it('passes plain text through', () => {
    expect(htmlToText('  纯文本  标题 ')).toBe('纯文本 标题');
  });
});

describe('summarize and firstImage', () => {
  it('cuts at a sentence end near the limit', () => {
    expect(summarize('一二三四五。六七八九十'.repeat(20), 30)).toBe('一二三四五。六七八九十一二三四五。六七八九十一二三四五。');
    expect(summarize('短。')).toBe('短。');
  });
  it('finds the first image of sanitized HTML', () => {
    expect(firstImage('<p>x</p><img loading="lazy" src="https://a.example/1.jpg?a=1&amp;b=2" /><img src="/2.jpg" />')).toBe('https://a.example/1.jpg?a=1&b=2');
    expect(firstImage('<p>none</p>')).toBeUndefined();
  });
});
