// Synthetic RSS 2.0 feeds shaped like a Chinese portal's: full `content:encoded` bodies of
// about 1–3 KB (paragraphs, headings, figures with lazy-loaded and relative images, links,
// the odd script and inline style a CMS leaves in), categories, authors and dates. Some
// feeds are GBK, declared or not, so the charset work of a real crawl is part of the cost.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { type Corpus, escapeHtml, makeParagraphs, makeTitle, pick, rng } from './corpus.js';

/** How a feed's bytes say (or do not say) what they are. */
export type FeedCharset = 'utf-8' | 'gbk-declared' | 'gbk-undeclared';

export interface GeneratedFeed {
  file: string;
  /** The URL the feed is registered under; relative links resolve against its site. */
  feedUrl: string;
  siteUrl: string;
  name: string;
  /** Category slug for the source, or undefined (then the feed's own categories decide). */
  category: string | undefined;
  charset: FeedCharset;
  /** What a server would send as Content-Type; undefined for a file read from disk. */
  contentType: string | undefined;
  items: number;
  bytes: number;
  /** Bytes of the items' `content:encoded` bodies, as UTF-8. */
  bodyBytes: number;
}

export interface FeedSetOptions {
  dir: string;
  feeds: number;
  items: number;
  corpus: Corpus;
  seed?: number;
  now?: number;
}

// Feed categories as portals write them: mostly the app's own names, some it does not know.
const FEED_CATEGORIES = ['国际', '财经', '科技', '社会', '体育', '娱乐', '汽车', '健康', '时尚', '本地', '综合', '观点'];
const SOURCE_CATEGORIES = [undefined, undefined, 'tech', 'finance', 'society', 'world', 'sports'];
const AUTHORS = ['记者 韩书阳', '记者 林晓', '通讯员 周明', '记者 陈思远', '本报评论员', '编辑部'];
const HEADINGS = ['事件回顾', '各方回应', '专家解读', '数据背后', '下一步怎么走', '记者手记', '相关链接'];
const RFC822_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC822_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One in five feeds is GBK; every other one of those has no declaration at all. */
export function charsetOf(index: number): FeedCharset {
  if (index % 5 !== 4) return 'utf-8';
  return index % 10 === 4 ? 'gbk-declared' : 'gbk-undeclared';
}

export function writeFeedSet({ dir, feeds, items, corpus, seed = 7, now = Date.now() }: FeedSetOptions): GeneratedFeed[] {
  const random = rng(seed);
  const out: GeneratedFeed[] = [];
  for (let f = 0; f < feeds; f++) {
    const host = `feed-${String(f + 1).padStart(3, '0')}.bench.example`;
    const siteUrl = `https://${host}/`;
    const name = `${pick(random, ['东岸', '北辰', '江州', '华夏', '晨曦', '云端', '南山', '西湖'])}${pick(random, ['日报', '新闻网', '快讯', '观察', '晚报', '头条'])}${f + 1}`;
    const charset = charsetOf(f);
    const { xml, bodyBytes } = feedXml(random, corpus, { siteUrl, name, items, now, feedIndex: f, charset });
    const bytes = charset === 'utf-8' ? Buffer.from(xml, 'utf8') : iconv.encode(xml, 'gbk');
    const file = join(dir, `feed-${String(f + 1).padStart(3, '0')}.xml`);
    writeFileSync(file, bytes);
    out.push({
      file,
      feedUrl: `${siteUrl}rss.xml`,
      siteUrl,
      name,
      category: pick(random, SOURCE_CATEGORIES),
      charset,
      // Half the UTF-8 feeds come with a header charset, as most servers send one.
      contentType: charset === 'utf-8' && f % 2 === 0 ? 'application/rss+xml; charset=utf-8' : undefined,
      items,
      bytes: bytes.length,
      bodyBytes,
    });
  }
  return out;
}

interface FeedSpec {
  siteUrl: string;
  name: string;
  items: number;
  now: number;
  feedIndex: number;
  charset: FeedCharset;
}

function feedXml(random: () => number, corpus: Corpus, spec: FeedSpec): { xml: string; bodyBytes: number } {
  const declaration =
    spec.charset === 'gbk-declared' ? '<?xml version="1.0" encoding="gb2312"?>' : spec.charset === 'gbk-undeclared' ? '<?xml version="1.0"?>' : '<?xml version="1.0" encoding="UTF-8"?>';
  const parts = [
    declaration,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `  <title>${escapeHtml(spec.name)}</title>`,
    `  <link>${spec.siteUrl}</link>`,
    `  <description>${escapeHtml(spec.name)}：本地与国内外新闻资讯</description>`,
    '  <language>zh-CN</language>',
  ];
  let bodyBytes = 0;
  // Newest first, a few minutes apart, as a portal's feed lists them.
  for (let i = 0; i < spec.items; i++) {
    const published = spec.now - (i + 1) * (3 + Math.floor(random() * 10)) * 60_000;
    const slug = `${spec.feedIndex + 1}-${i + 1}`;
    const body = articleBody(random, corpus, slug);
    bodyBytes += Buffer.byteLength(body);
    const paragraphs = makeParagraphs(random, corpus, 150);
    const summary = paragraphs[0]!.slice(0, 90);
    const categories = [pick(random, FEED_CATEGORIES), ...(random() < 0.3 ? [pick(random, FEED_CATEGORIES)] : [])];
    parts.push(
      '  <item>',
      `    <title>${escapeHtml(makeTitle(random, corpus))}</title>`,
      `    <link>${spec.siteUrl}n/${dateDir(published)}/${slug}.html</link>`,
      `    <guid isPermaLink="false">bench-${slug}</guid>`,
      `    <pubDate>${rfc822(published)}</pubDate>`,
      `    <dc:creator>${escapeHtml(pick(random, AUTHORS))}</dc:creator>`,
      ...categories.map((c) => `    <category>${escapeHtml(c)}</category>`),
      `    <description>${escapeHtml(summary)}</description>`,
      `    <content:encoded><![CDATA[${body.replaceAll(']]>', ']]]]><![CDATA[>')}]]></content:encoded>`,
      '  </item>',
    );
  }
  parts.push('</channel>', '</rss>', '');
  return { xml: parts.join('\n'), bodyBytes };
}

/** 1–3 KB of article HTML with the mess real CMS output carries. */
function articleBody(random: () => number, corpus: Corpus, slug: string): string {
  const paragraphs = makeParagraphs(random, corpus, 700 + Math.floor(random() * 1700));
  const html: string[] = [];
  const figureAt = random() < 0.6 ? Math.floor(random() * paragraphs.length) : -1;
  const headingAt = paragraphs.length > 3 && random() < 0.5 ? 1 + Math.floor(random() * (paragraphs.length - 2)) : -1;
  paragraphs.forEach((p, i) => {
    if (i === headingAt) html.push(random() < 0.3 ? `<h1>${pick(random, HEADINGS)}</h1>` : `<h2 class="sub-title">${pick(random, HEADINGS)}</h2>`);
    if (i === figureAt) html.push(figure(random, slug, i));
    let text = escapeHtml(p);
    // A bold lead, an inline link, now and then.
    if (i === 0 && random() < 0.4) text = `<strong>${text.slice(0, 12)}</strong>${text.slice(12)}`;
    if (random() < 0.15) text += `<a href="/n/related/${slug}-${i}.html" target="_blank">相关阅读</a>`;
    html.push(random() < 0.2 ? `<p style="text-indent:2em" class="para">${text}</p>` : `<p>${text}</p>`);
  });
  if (random() < 0.1) html.push('<script>window._stat && _stat.push(["pv"]);</script>');
  if (random() < 0.1) html.push('<p><img src="https://hm.baidu.com/hm.gif?si=abc" width="1" height="1"></p>');
  return html.join('\n');
}

function figure(random: () => number, slug: string, i: number): string {
  const roll = random();
  const img =
    roll < 0.4
      ? `<img src="https://img.bench.example/${slug}-${i}.jpg" alt="" width="640" height="360">`
      : roll < 0.7
        ? `<img src="/images/loading.gif" data-src="/uploads/${slug}-${i}.jpg" alt="图片" class="lazy">`
        : `<img src="//img.bench.example/${slug}-${i}.png" srcset="//img.bench.example/${slug}-${i}@2x.png 2x" alt="">`;
  return `<figure class="img-wrap">${img}<figcaption>图为现场画面（资料图）</figcaption></figure>`;
}

function dateDir(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** `Wed, 11 Nov 2026 13:25:00 +0800`, as Chinese feeds date their items. */
function rfc822(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${RFC822_DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${RFC822_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800`;
}
