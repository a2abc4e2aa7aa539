import type { SearchDocument } from '../search/search-index.js';
import { searchDocument } from '../search/terms.js';
import type { Repos } from '../store/repos/index.js';
import type { NewArticle, Source } from '../store/schema.js';
import { analyzeText, type TextAnalysis } from '../text/analyze.js';
import { classifyArticle } from '../text/classifier/classify.js';
import { categoryResolver } from './category.js';
import { type AnalyzedArticle, Enricher } from './enrich.js';
import type { FeedItem } from './item.js';
import { sanitizeArticleHtml } from './sanitize/sanitize.js';
import { firstImage, htmlToText, summarize } from './text.js';

export interface IngestOptions {
  /** Base for relative links in content; defaults to each item's own URL. */
  contentBase?: string;
  isDemo?: boolean;
  now?: number;
}

export interface IngestResult {
  added: Array<{ id: number; guid: string }>;
  /** Items already stored (same source and guid). */
  duplicates: number;
  /** Items whose URL is on the blocklist: never stored again. */
  blocked: number;
}

// A date this far ahead of our clock is wrong; the first-seen time is more honest.
const MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;

/**
 * Stores parsed feed items of one source: blocked URLs dropped, plain-text titles, the
 * source's content policy, sanitizing (last step on content), plain text, summary, lead
 * image and category (see category.ts); then the enrich step (terms, keywords, fingerprints, story) and the search index.
 */
export async function ingestItems(
  repos: Repos,
  source: Source,
  items: FeedItem[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const now = options.now ?? Date.now();
  const categoryOf = categoryResolver(await repos.categories.list(), source);
  const urls = items.map((i) => i.url);
  const blocked = await repos.blockedUrls.blockedAmong(urls);
  // A feed may give a stored article a new guid; its URL still says it is the same one.
  const seen = await repos.articles.existingUrls(source.id, urls);
  const result: IngestResult = { added: [], duplicates: 0, blocked: 0 };
  // All the content work first, then one short transaction for the feed.
  const rows: NewArticle[] = [];
  const analyses: TextAnalysis[] = [];
  for (const item of items) {
    if (blocked.has(item.url)) {
      result.blocked++;
      continue;
    }
    if (seen.has(item.url)) {
      result.duplicates++;
      continue;
    }
    seen.add(item.url);
    const body = source.policy === 'full' && item.contentHtml ? item.contentHtml : `<p>${escapeText(htmlToText(item.summary))}</p>`;
    const contentHtml = sanitizeArticleHtml(body, options.contentBase ?? item.url);
    const contentText = htmlToText(contentHtml);
    const title = htmlToText(item.title).replace(/\n/g, ' ') || summarize(contentText, 30);
    const summary = summarize(htmlToText(item.summary) || contentText);
    const published = item.publishedAt !== undefined && item.publishedAt <= now + MAX_CLOCK_SKEW_MS ? item.publishedAt : now;
    const analysis = analyzeText(title, contentText);
    rows.push({
      source_id: source.id,
      category_id: categoryOf(item.categories, () => classifyArticle(title, analysis.counts)),
      guid: item.guid,
      url: item.url,
      title,
      author: (item.author && htmlToText(item.author)) || null,
      summary,
      content_html: contentHtml,
      content_text: contentText,
      lead_image: firstImage(contentHtml) ?? null,
      published_at: published,
      created_at: now,
      is_demo: options.isDemo ? 1 : 0,
    });
    analyses.push(analysis);
  }
  const ids = await repos.articles.insertManyIfNew(rows);
  const added: AnalyzedArticle[] = [];
  const searchable: SearchDocument[] = [];
  ids.forEach((id, i) => {
    if (id === undefined) {
      result.duplicates++;
      return;
    }
    const row = rows[i]!;
    result.added.push({ id, guid: row.guid });
    added.push({ id, title: row.title, publishedAt: row.published_at, analysis: analyses[i]! });
    searchable.push(searchDocument(id, analyses[i]!));
  });
  await new Enricher(repos).record(added, now);
  await repos.search.index(searchable);
  return result;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
