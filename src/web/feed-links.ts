import { FEED_FILES, type FeedFormat } from './routes/feeds/build.js';

export interface FeedLink {
  href: string;
  type: string;
  title: string;
}

const LABELS: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/**
 * The feeds a page announces with <link rel="alternate">: the site's on every page, and
 * a category's or source's own on its pages (/c/:slug, /s/:slug, their later pages).
 */
export function feedLinks(path: string, siteName: string, pageTitle: string): FeedLink[] {
  const links = (base: string, name: string) =>
    (Object.keys(FEED_FILES) as FeedFormat[]).map((f) => ({ href: `${base}/${FEED_FILES[f].file}`, type: FEED_FILES[f].type, title: `${name} ${LABELS[f]}` }));
  const scope = /^\/([cs])\/([^/?#]+)(?:[?#]|$)/.exec(path);
  return [...(scope ? links(`/${scope[1]}/${scope[2]}`, pageTitle) : []), ...links('', siteName)];
}
