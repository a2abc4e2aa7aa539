/** Text for an XML element or attribute value. */
export function xmlText(value: string): string {
  return value.replace(/[<>&'"]/g, (ch) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[ch]};`);
}

/** W3C Datetime in UTC, as sitemaps want it. */
export function w3cDate(ms: number): string {
  return new Date(ms).toISOString();
}

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export interface SitemapEntry {
  loc: string;
  lastmod?: number;
}

export function sitemapIndex(entries: SitemapEntry[]): string {
  const body = entries.map((e) => `<sitemap><loc>${xmlText(e.loc)}</loc>${e.lastmod ? `<lastmod>${w3cDate(e.lastmod)}</lastmod>` : ''}</sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${body.join('\n')}\n</sitemapindex>\n`;
}

export function urlset(entries: SitemapEntry[]): string {
  const body = entries.map((e) => `<url><loc>${xmlText(e.loc)}</loc>${e.lastmod ? `<lastmod>${w3cDate(e.lastmod)}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n${body.join('\n')}\n</urlset>\n`;
}

export interface NewsEntry {
  loc: string;
  title: string;
  published: number;
}

/** A Google News sitemap: one publication (the site), its language, each article's title and time. */
export function newsUrlset(publication: { name: string; language: string }, entries: NewsEntry[]): string {
  const pub = `<news:publication><news:name>${xmlText(publication.name)}</news:name><news:language>${publication.language}</news:language></news:publication>`;
  const body = entries.map(
    (e) =>
      `<url><loc>${xmlText(e.loc)}</loc><news:news>${pub}<news:publication_date>${w3cDate(e.published)}</news:publication_date><news:title>${xmlText(e.title)}</news:title></news:news></url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${body.join('\n')}\n</urlset>\n`;
}
