import sanitizeHtml from 'sanitize-html';
import { resolveUrl } from '../url.js';

const ALLOWED_TAGS = [
  'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li',
  'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'code', 'pre',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'figure', 'figcaption', 'img', 'a',
];

/**
 * The last step of content processing: an allowlist of tags and attributes, links and
 * images made absolute (or root-relative for our own content), only http(s) URLs kept.
 * Whatever leaves this function is safe to render as HTML.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedSchemes: ['http', 'https'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    // Dropped with their content, not just unwrapped.
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title', 'iframe', 'object', 'embed', 'form', 'svg', 'math'],
    transformTags: {
      // The page title is the only h1.
      h1: 'h2',
      a: (tagName, attribs) => {
        const href = attribs.href ? resolveUrl(attribs.href, baseUrl) : undefined;
        const out: Record<string, string> = { rel: 'noopener noreferrer nofollow' };
        if (href) out.href = href;
        if (attribs.title) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = attribs.src ? resolveUrl(attribs.src, baseUrl) : undefined;
        const out: Record<string, string> = { ...attribs, loading: 'lazy' };
        delete out.src;
        if (src) out.src = src;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}
