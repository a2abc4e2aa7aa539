import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from './sanitize.js';

const clean = (html: string, base = 'https://src.example/news/1.html') => sanitizeArticleHtml(html, base);

describe('sanitizeArticleHtml', () => {
  it('keeps the article structure in order: headings, paragraphs, captioned figures, lists, tables', () => {
    const html =
      '<p>导语</p><h2>一、标题</h2><p>段落</p><figure><img src="/i/1.jpg" alt="图"><figcaption>资料图</figcaption></figure>' +
      '<ul><li>甲</li></ul><blockquote>引文</blockquote><table><tr><td colspan="2">格</td></tr></table>';
    expect(clean(html)).toBe(
      '<p>导语</p><h2>一、标题</h2><p>段落</p><figure><img alt="图" loading="lazy" src="https://src.example/i/1.jpg" /><figcaption>资料图</figcaption></figure>' +
        '<ul><li>甲</li></ul><blockquote>引文</blockquote><table><tr><td colspan="2">格</td></tr></table>',
    );
  });

  it.each([
    ['script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['style', '<style>body{display:none}</style><p>a</p>', '<p>a</p>'],
    ['event attributes', '<p onclick="x()" style="color:red">a</p>', '<p>a</p>'],
    ['javascript: links', '<a href="javascript:alert(1)">a</a>', '<a rel="noopener noreferrer nofollow">a</a>'],
    ['data: images', '<img src="data:image/png;base64,AAAA">', ''],
    ['iframes', '<iframe src="https://evil.example/"></iframe><p>a</p>', '<p>a</p>'],
    ['forms', '<form action="/x"><input name="q"><button>go</button></form>', ''],
    ['svg with script', '<svg><script>alert(1)</script></svg>', ''],
    ['encoded javascript', '<a href="jav&#x09;ascript:alert(1)">a</a>', '<a rel="noopener noreferrer nofollow">a</a>'],
  ])('removes %s', (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it('turns a second h1 into h2: the page title is the only h1', () => {
    expect(clean('<h1>小标题</h1>')).toBe('<h2>小标题</h2>');
  });

  it('makes links absolute and marks them external', () => {
    expect(clean('<a href="../2.html" title="t" target="_blank">x</a>')).toBe(
      '<a rel="noopener noreferrer nofollow" href="https://src.example/2.html" title="t">x</a>',
    );
  });

  it('keeps our own content root-relative when the base is a path', () => {
    expect(clean('<img src="media/a.svg">', '/demo/')).toBe('<img loading="lazy" src="/demo/media/a.svg" />');
  });
});
