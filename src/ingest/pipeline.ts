import { loadCompiledRules } from '../filters/service.js';
import type { CompiledRules, Reason } from '../filters/types.js';
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
  /**
   * The editors' filter rules, compiled (FilterService.compiled(), cached between feeds);
   * without them they are read from the store for this call.
   */
  rules?: CompiledRules;
}

export interface IngestResult {
  added: Array<{ id: number; guid: string }>;
  /** Items already stored (same source and guid). */
  duplicates: number;
  /** Items whose URL is on the blocklist: never stored again. */
  blocked: number;
  /** Items the filter rules or sensitive lists dropped (now, or at an earlier fetch: see filtered_items). */
  filtered: number;
  /** Items stored unpublished, waiting for review (a hold rule or list, or a source that requires review); not in `added`. */
  held: number;
}

// A date this far ahead of our clock is wrong; the first-seen time is more honest.
const MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;

/**
 * Stores parsed feed items of one source: blocked URLs dropped, plain-text titles, the
 * source's content policy, word replacement, sanitizing (last step on content), plain
 * text, summary, lead image and category (see category.ts); the editors' rules judge each
 * item (dropped, held for review, or published); then the enrich step (terms, keywords,
 * fingerprints, story) and, for published articles, the search index.
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
  const filter = (options.rules ?? (await loadCompiledRules(repos.filters))).forSource(source.id);
  // Without rules nothing was dropped (every rule change clears filtered_items): no query.
  const dropped = filter.empty ? new Set<string>() : await repos.filters.filteredAmong(source.id, urls);
  const review: Reason[] = source.requires_review ? [{ kind: 'source', id: source.id, label: `来源「${source.name}」需审核`, terms: [] }] : [];
  const result: IngestResult = { added: [], duplicates: 0, blocked: 0, filtered: 0, held: 0 };
  // All the content work first, then one short transaction for the feed.
  const rows: NewArticle[] = [];
  const analyses: TextAnalysis[] = [];
  const holds = new Map<number, Reason[]>();
  const filtered: Array<{ sourceId: number; url: string; guid: string; title: string; reasons: Reason[] }> = [];
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
    if (dropped.has(item.url)) {
      result.filtered++;
      continue;
    }
    const rawBody = source.policy === 'full' && item.contentHtml ? item.contentHtml : `<p>${escapeText(htmlToText(item.summary))}</p>`;
    // Replacement before sanitizing, on text nodes only, so sanitizing stays the last step on content.
    const body = filter.empty ? rawBody : filter.replaceHtml(rawBody);
    const contentHtml = sanitizeArticleHtml(body, options.contentBase ?? item.url);
    const contentText = htmlToText(contentHtml);
    const plainTitle = htmlToText(item.title).replace(/\n/g, ' ');
    const title = (filter.empty ? plainTitle : filter.replaceText(plainTitle)) || summarize(contentText, 30);
    const plainSummary = htmlToText(item.summary);
    const summary = summarize((filter.empty ? plainSummary : filter.replaceText(plainSummary)) || contentText);
    const author = (item.author && htmlToText(item.author)) || null;
    const verdict = filter.empty ? undefined : filter.judge({ title, text: contentText, author: author ?? '', url: item.url });
    if (verdict?.action === 'block') {
      filtered.push({ sourceId: source.id, url: item.url, guid: item.guid, title, reasons: verdict.reasons });
      result.filtered++;
      continue;
    }
    const reasons = [...(verdict?.action === 'hold' ? verdict.reasons : []), ...review];
    if (reasons.length > 0) holds.set(rows.length, reasons);
    const published = item.publishedAt !== undefined && item.publishedAt <= now + MAX_CLOCK_SKEW_MS ? item.publishedAt : now;
    const analysis = analyzeText(title, contentText);
    rows.push({
      source_id: source.id,
      category_id: categoryOf(item.categories, () => classifyArticle(title, analysis.counts)),
      guid: item.guid,
      url: item.url,
      title,
      author,
      summary,
      content_html: contentHtml,
      content_text: contentText,
      lead_image: firstImage(contentHtml) ?? null,
      published_at: published,
      created_at: now,
      is_demo: options.isDemo ? 1 : 0,
      ...(holds.has(rows.length) ? { status: 'held' as const } : {}),
    });
    analyses.push(analysis);
  }
  await repos.filters.recordFiltered(filtered, now);
  const ids = await repos.articles.insertManyIfNew(rows);
  const added: AnalyzedArticle[] = [];
  const searchable: SearchDocument[] = [];
  const held: Array<{ articleId: number; reasons: Reason[] }> = [];
  ids.forEach((id, i) => {
    if (id === undefined) {
      result.duplicates++;
      return;
    }
    const row = rows[i]!;
    // Held articles are enriched like the others (a reprint of one still finds its story)
    // but stay out of the search index until approved.
    added.push({ id, title: row.title, publishedAt: row.published_at, analysis: analyses[i]! });
    const reasons = holds.get(i);
    if (reasons) {
      held.push({ articleId: id, reasons });
      result.held++;
      return;
    }
    result.added.push({ id, guid: row.guid });
    searchable.push(searchDocument(id, analyses[i]!));
  });
  await repos.review.hold(held, now);
  await new Enricher(repos).record(added, now);
  await repos.search.index(searchable);
  return result;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
