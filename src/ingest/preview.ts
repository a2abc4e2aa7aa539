import { decodeBody } from './charset/decode.js';
import { extractArticle } from './extract/extract.js';
import { parseFeedBytes } from './parse/feed.js';
import { sanitizeArticleHtml } from './sanitize/sanitize.js';
import { htmlToText } from './text.js';

export type Preview =
  | {
      kind: 'feed';
      title: string;
      charset: string;
      items: Array<{ title: string; url: string; author: string | null; publishedAt: string | null; summary: string; hasFullText: boolean }>;
    }
  | {
      kind: 'article';
      title: string;
      author: string | null;
      publishedAt: string | null;
      charset: string;
      text: string;
      /** Sanitized, as it would be stored. */
      html: string;
    };

/**
 * What Redian would make of a document, so an editor can check a source before adding it:
 * a feed's items, or the article on a page (title without the site-name suffix, author,
 * time, text, sanitized HTML).
 */
export function previewDocument(bytes: Uint8Array, url: string, contentType?: string, selector?: string): Preview {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  if (looksLikeFeed(bytes)) {
    const { feed, charset } = parseFeedBytes(bytes, url, contentType);
    return {
      kind: 'feed',
      title: htmlToText(feed.title),
      charset,
      items: feed.items.map((i) => ({
        title: htmlToText(i.title),
        url: i.url,
        author: i.author ?? null,
        publishedAt: iso(i.publishedAt),
        summary: htmlToText(i.summary).slice(0, 200),
        hasFullText: htmlToText(i.contentHtml ?? '').length > htmlToText(i.summary).length,
      })),
    };
  }
  const { text, charset } = decodeBody(bytes, contentType, 'html');
  const article = extractArticle(text, url, selector ? { selector } : {});
  const html = sanitizeArticleHtml(article.contentHtml, url);
  return { kind: 'article', title: article.title, author: article.author ?? null, publishedAt: iso(article.publishedAt), charset, text: htmlToText(html), html };
}

/** XML that is not XHTML, or JSON: a feed's errors are then the ones worth showing. */
function looksLikeFeed(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return /^(<\?xml(?![^>]*\?>\s*<!DOCTYPE html)|<rss|<feed|<rdf:RDF|\{)/i.test(head) && !/<html[\s>]/i.test(head);
}
