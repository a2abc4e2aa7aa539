import { describe, expect, it } from 'vitest';
import { mapTextNodes } from './html.js';

/** The text runs mapTextNodes hands to its callback, in order. */
function textNodes(html: string): string[] {
  const seen: string[] = [];
  const out = mapTextNodes(html, (t) => {
    seen.push(t);
    return t;
  });
  expect(out).toBe(html); // an identity edit changes nothing
  return seen;
}

describe('mapTextNodes', () => {
  it('hands over the text between tags, entities as written', () => {
    expect(textNodes('<p>一段<b>加粗</b>文字&amp;符号</p>尾')).toEqual(['一段', '加粗', '文字&amp;符号', '尾']);
  });

  it('skips quoted attribute values, even when they contain ">"', () => {
    expect(textNodes('<a href="/x?a>b" title=\'1 > 0\'>链接</a>')).toEqual(['链接']);
    expect(textNodes('<img alt = "a>b" src=x.png>后')).toEqual(['后']);
  });

  it('skips comments, CDATA, doctypes and the raw text of script and style', () => {
    const html = '<!doctype html><!-- 注释 <p>不是</p> --><p>正文</p><script>var s = "</p>广告";</script><style>p::after{content:"广告"}</style><![CDATA[x]]>完';
    expect(textNodes(html)).toEqual(['正文', '完']);
    expect(textNodes('<SCRIPT type="text/javascript">if (a < b) {}</SCRIPT >后')).toEqual(['后']);
  });

  it('treats a "<" that starts no markup as text', () => {
    expect(textNodes('1 < 2 且 3<4，<p>段</p>')).toEqual(['1 < 2 且 3<4，', '段']);
  });

  it('leaves an unterminated tag or comment alone instead of editing inside it', () => {
    expect(textNodes('前<a href="x')).toEqual(['前']);
    expect(textNodes('前<!-- 没有结尾')).toEqual(['前']);
    expect(textNodes('前<script>没有结尾')).toEqual(['前']);
  });

  it('puts back what the callback returns', () => {
    expect(mapTextNodes('<p title="旧">旧词</p>旧', (t) => t.replaceAll('旧', '新'))).toBe('<p title="旧">新词</p>新');
  });
});
