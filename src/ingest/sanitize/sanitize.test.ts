import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { VIDEO_HOSTS } from './embeds.js';
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
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>a</p>', '<p>a</p>'],
    ['base href', '<base href="https://evil.example/"><a href="x">a</a>', '<a rel="noopener noreferrer nofollow" href="https://src.example/news/x">a</a>'],
    ['object and embed', '<object data="x.swf"><param name="a" value="b">fallback</object><embed src="x.swf"><p>a</p>', '<p>a</p>'],
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

describe('sanitizeArticleHtml: lazy-loaded images', () => {
  it.each([
    ['data-src', '<img data-src="/p/1.jpg" alt="图">', '<img alt="图" loading="lazy" src="https://src.example/p/1.jpg" />'],
    ['data-original over a data: URI', '<img src="data:image/gif;base64,R0lGOD" data-original="/p/1.jpg">', '<img loading="lazy" src="https://src.example/p/1.jpg" />'],
    ['data-actualsrc', '<img data-actualsrc="https://pic1.zhimg.com/v2-abc_r.jpg">', '<img loading="lazy" src="https://pic1.zhimg.com/v2-abc_r.jpg" />'],
    ['data-lazy-src over a placeholder', '<img src="/static/images/blank.gif" data-lazy-src="p/2.jpg">', '<img loading="lazy" src="https://src.example/news/p/2.jpg" />'],
    ['the largest srcset candidate', '<img srcset="/p/s.jpg 320w, /p/l.jpg 1024w, /p/m.jpg 640w">', '<img loading="lazy" src="https://src.example/p/l.jpg" />'],
    ['data-srcset by density', '<img src="/img/loading.gif" data-srcset="/p/1x.jpg 1x, /p/2x.jpg 2x">', '<img loading="lazy" src="https://src.example/p/2x.jpg" />'],
  ])('takes the real source from %s', (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it('keeps a real src even when a lazy attribute names another image', () => {
    expect(clean('<img src="/p/real.jpg" data-src="/p/other.jpg">')).toBe('<img loading="lazy" src="https://src.example/p/real.jpg" />');
  });

  it('drops an image that is only a placeholder, or whose lazy source is not http(s)', () => {
    expect(clean('<img src="/static/loading.gif"><img data-src="javascript:alert(1)"><img data-original="data:image/png;base64,AAAA">')).toBe('');
  });

  it('never passes srcset or the lazy attributes on', () => {
    expect(clean('<img src="/p/a.jpg" srcset="/p/b.jpg 2x" data-src="/p/c.jpg" data-original="/p/d.jpg">')).toBe(
      '<img loading="lazy" src="https://src.example/p/a.jpg" />',
    );
  });
});

describe('sanitizeArticleHtml: tracking images', () => {
  it.each([
    ['1×1 attributes', '<img src="/p/x.jpg" width="1" height="1">'],
    ['a zero width', '<img src="/p/x.jpg" width="0">'],
    ['a 1px height with a unit', '<img src="/p/x.jpg" height="1px">'],
    ['a 1px inline style', '<img src="/p/x.jpg" style="width:1px;height:1px">'],
    ['an analytics host', '<img src="https://hm.baidu.com/hm.gif?si=abc">'],
    ['an analytics subdomain', '<img src="https://c.cnzz.com/wapstat.php?id=1">'],
    ['a beacon path', '<img src="https://www.facebook.com/tr?id=1&ev=PageView">'],
    ['a pixel file', '<img src="https://ads.example/pixel.gif?u=1">'],
  ])('drops %s', (_name, input) => {
    expect(clean(`<p>${input}文</p>`)).toBe('<p>文</p>');
  });

  it('keeps small but visible images', () => {
    expect(clean('<img src="/p/icon.png" width="16" height="16">')).toBe('<img width="16" height="16" loading="lazy" src="https://src.example/p/icon.png" />');
  });
});

describe('sanitizeArticleHtml: video embeds', () => {
  const ATTRS = 'sandbox="allow-scripts allow-same-origin allow-presentation" loading="lazy" referrerpolicy="no-referrer" allowfullscreen';

  it.each([
    ['player.bilibili.com', '<iframe src="https://player.bilibili.com/player.html?bvid=BV1&page=1"></iframe>', 'https://player.bilibili.com/player.html?bvid=BV1&amp;page=1'],
    ['v.qq.com', '<iframe src="https://v.qq.com/txp/iframe/player.html?vid=x"></iframe>', 'https://v.qq.com/txp/iframe/player.html?vid=x'],
    ['player.youku.com', '<iframe src="https://player.youku.com/embed/XNDk"></iframe>', 'https://player.youku.com/embed/XNDk'],
    ['www.youtube-nocookie.com', '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>', 'https://www.youtube-nocookie.com/embed/abc'],
  ])('keeps a %s player, sandboxed, lazy, without referrer', (_host, input, src) => {
    expect(clean(input)).toBe(`<iframe src="${src}" ${ATTRS}></iframe>`);
  });

  it('replaces whatever sandbox, handlers and srcdoc the page gave, keeps a numeric size, drops the content', () => {
    const input =
      '<iframe src="https://player.bilibili.com/x" width="640" height="100%" frameborder="0" sandbox="allow-top-navigation allow-forms allow-popups" ' +
      'srcdoc="<script>alert(1)</script>" onload="alert(1)" allow="camera">fallback<script>alert(1)</script></iframe>';
    expect(clean(input)).toBe(`<iframe src="https://player.bilibili.com/x" ${ATTRS} width="640" height="100%"></iframe>`);
  });

  it('upgrades protocol-relative and http embed codes to https', () => {
    expect(clean('<iframe src="//player.bilibili.com/x"></iframe>', 'http://src.example/')).toBe(`<iframe src="https://player.bilibili.com/x" ${ATTRS}></iframe>`);
    expect(clean('<iframe src="http://player.youku.com/embed/X"></iframe>')).toBe(`<iframe src="https://player.youku.com/embed/X" ${ATTRS}></iframe>`);
  });

  it('drops credentials from the player URL', () => {
    expect(clean('<iframe src="https://evil.example@player.bilibili.com/x"></iframe>')).toBe(`<iframe src="https://player.bilibili.com/x" ${ATTRS}></iframe>`);
  });

  it.each([
    ['another host', 'https://www.youtube.com/embed/abc'],
    ['a look-alike host', 'https://player.bilibili.com.evil.example/x'],
    ['a subdomain', 'https://evil.player.bilibili.com/x'],
    ['another port', 'https://player.bilibili.com:8443/x'],
    ['a relative URL', '/player.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
  ])('drops an iframe from %s with its content', (_name, src) => {
    expect(clean(`<iframe src="${src}">fallback</iframe><p>a</p>`)).toBe('<p>a</p>');
  });

  it('drops an iframe with srcdoc and no src', () => {
    expect(clean('<iframe srcdoc="<p>x</p>"></iframe><p>a</p>')).toBe('<p>a</p>');
  });
});

describe('sanitizeArticleHtml: hostile HTML corpus', () => {
  const corpus = readFileSync(new URL('testdata/hostile.html', import.meta.url), 'utf8');
  const vectors = corpus.split('\n').filter((line) => line.trim());

  const ALLOWED: Record<string, string[]> = {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    iframe: ['src', 'title', 'width', 'height', 'sandbox', 'loading', 'referrerpolicy', 'allowfullscreen'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  };
  const TAGS = new Set([
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup',
    'code', 'pre', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'img', 'a', 'iframe',
  ]);

  /** Every way the output could still be dangerous, as a list of findings (empty when safe). */
  function dangers(html: string): string[] {
    const found: string[] = [];
    // Markup only: text may mention "javascript:" harmlessly, escaped.
    for (const [tag] of html.matchAll(/<[^>]*>?/g)) {
      const name = /^<\/?([a-zA-Z][\w:-]*)/.exec(tag)?.[1]?.toLowerCase();
      if (!name || !TAGS.has(name)) found.push(`markup ${tag}`);
      if (/javascript:|vbscript:|data:|expression\(|srcdoc|formaction|\son\w+\s*=|style\s*=/i.test(tag)) found.push(`attribute in ${tag}`);
    }
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    for (const el of document.body.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (!TAGS.has(tag)) found.push(`element ${tag}`);
      for (const attr of el.attributes) {
        if (!(ALLOWED[tag] ?? []).includes(attr.name)) found.push(`attribute ${tag}[${attr.name}]`);
        if ((attr.name === 'href' || attr.name === 'src') && !/^(?:https?:\/\/[^/]|\/[^/])/i.test(attr.value)) found.push(`url ${attr.value}`);
      }
      if (tag === 'iframe') {
        const src = new URL(el.getAttribute('src') ?? '', 'http://x.invalid');
        if (src.protocol !== 'https:' || !VIDEO_HOSTS.includes(src.hostname)) found.push(`iframe ${src.href}`);
        if (el.getAttribute('sandbox') !== 'allow-scripts allow-same-origin allow-presentation') found.push('iframe sandbox');
      }
      if (tag === 'a' && el.getAttribute('rel') !== 'noopener noreferrer nofollow') found.push('link rel');
    }
    return found;
  }

  it('has many vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
  });

  it.each(vectors.map((v) => [v]))('neutralises %s', (vector) => {
    expect(dangers(clean(vector))).toEqual([]);
  });

  it('neutralises the whole corpus at once, keeping the harmless text', () => {
    const out = clean(corpus);
    expect(dangers(out)).toEqual([]);
    for (const kept of ['quoted attribute', 'attributes', 'cell', 'body']) expect(out).toContain(kept);
    expect(out).toContain('<img alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" loading="lazy" src="https://ok.example/a.jpg" />');
  });

  it('detects danger when there is some: the check itself works', () => {
    expect(dangers('<img src="x" onerror="alert(1)">')).not.toEqual([]);
    expect(dangers('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(dangers('<iframe src="https://evil.example/"></iframe>')).not.toEqual([]);
    expect(dangers('<svg></svg>')).not.toEqual([]);
  });
});
