import sanitizeHtml from 'sanitize-html';
import { resolveUrl } from '../url.js';
import { VIDEO_HOSTS, videoEmbedUrl } from './embeds.js';
import { imageSource, isTrackingImage } from './images.js';

const ALLOWED_TAGS = [
  'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li',
  'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'code', 'pre',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'figure', 'figcaption', 'img', 'a', 'iframe',
];

// The player runs its own scripts in its own origin; it gets nothing else (no top
// navigation, popups or forms), no referrer, and loads only when scrolled to.
const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-presentation';
const SIZE = /^\d{1,4}%?$/;

/**
 * The last step of content processing: an allowlist of tags and attributes, links and
 * images made absolute (or root-relative for our own content), only http(s) URLs kept,
 * lazy-loaded images given their real source, tracking pixels dropped, and iframes kept
 * only for allowed video players over https, sandboxed.
 * Whatever leaves this function is safe to render as HTML.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      iframe: ['src', 'title', 'width', 'height', 'sandbox', 'loading', 'referrerpolicy', 'allowfullscreen'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedSchemes: ['http', 'https'],
    allowedSchemesByTag: { iframe: ['https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedIframeHostnames: [...VIDEO_HOSTS],
    allowIframeRelativeUrls: false,
    // Dropped with their content, not just unwrapped.
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title', 'object', 'embed', 'form', 'svg', 'math', 'template'],
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
        const src = imageSource(attribs, baseUrl);
        const out: Record<string, string> = { ...attribs, loading: 'lazy' };
        delete out.src;
        if (src && !isTrackingImage(attribs, src)) out.src = src;
        return { tagName, attribs: out };
      },
      iframe: (tagName, attribs) => {
        const src = videoEmbedUrl(upgradeToHttps(attribs.src, baseUrl));
        const out: Record<string, string> = {};
        if (src) {
          Object.assign(out, { src, sandbox: EMBED_SANDBOX, loading: 'lazy', referrerpolicy: 'no-referrer', allowfullscreen: '' });
          for (const name of ['width', 'height'] as const) if (SIZE.test(attribs[name] ?? '')) out[name] = attribs[name]!;
          if (attribs.title) out.title = attribs.title;
        }
        // Browsers never show an iframe's content; nothing of it is kept.
        return { tagName, attribs: out, text: '' };
      },
    },
    // Images and iframes without an acceptable source go, iframes with whatever they held.
    exclusiveFilter: (frame) => (frame.tag === 'img' || frame.tag === 'iframe') && !frame.attribs.src,
  });
}

/** Embed codes are often protocol-relative or plain http; the allowed players all serve https. */
function upgradeToHttps(src: string | undefined, baseUrl: string): string | undefined {
  const resolved = src ? resolveUrl(src.trim().startsWith('//') ? `https:${src.trim()}` : src, baseUrl) : undefined;
  return resolved?.replace(/^http:/, 'https:');
}
