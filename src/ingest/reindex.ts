import type { ArticleText, Repos } from '../store/repos/index.js';
import { analyzeText } from '../text/analyze.js';
import { searchDocument } from '../search/terms.js';
import { type AnalyzedArticle, Enricher } from './enrich.js';

const PAGE = 500;

export interface ReindexProgress {
  /** Pass 1 counts document frequencies; pass 2 writes keywords, fingerprints, stories and the search index. */
  pass: 1 | 2;
  /** Articles done in this pass. */
  done: number;
  total: number;
}

export interface ReindexResult {
  articles: number;
  stories: number;
}

/**
 * Rebuilds keywords, document frequencies, fingerprints (SimHash and paragraph hashes), stories and the search index from the stored
 * articles, as if they had arrived in publication order, but with every keyword weighed
 * against the whole corpus (ingest can only weigh against what came before). Running it
 * twice gives the same result (story ids aside: stories are made anew).
 * Text is segmented in both passes rather than kept: a million articles' terms would not
 * fit in memory, and segmenting is cheap next to the writes.
 */
export async function reindexText(repos: Repos, onProgress: (p: ReindexProgress) => void = () => {}, now = Date.now()): Promise<ReindexResult> {
  const enricher = new Enricher(repos);
  const total = await repos.articles.countAll();
  await repos.stories.clear();
  await repos.text.clear();
  await repos.search.clear();

  await eachPage(repos, (page) => enricher.countDocuments(page), (done) => onProgress({ pass: 1, done, total }));

  const stories = new Set<number>();
  await eachPage(
    repos,
    async (page) => {
      const terms = new Set<string>();
      for (const a of page) for (const t of a.analysis.counts.keys()) terms.add(t);
      await enricher.recordKeywords(page, await repos.text.corpus([...terms]));
      for (const storyId of (await enricher.cluster(page, now)).values()) stories.add(storyId);
      await repos.search.index(page.map((a) => searchDocument(a.id, a.analysis)));
    },
    (done) => onProgress({ pass: 2, done, total }),
  );
  // Pages are read whatever the status; the index keeps published articles only.
  await repos.search.removeUnpublished();
  return { articles: total, stories: stories.size };
}

async function eachPage(repos: Repos, work: (page: AnalyzedArticle[]) => Promise<unknown>, progress: (done: number) => void): Promise<void> {
  let after: ArticleText | undefined;
  let done = 0;
  progress(0);
  for (;;) {
    const rows = await repos.articles.textPage(after && { publishedAt: after.published_at, id: after.id }, PAGE);
    if (rows.length === 0) return;
    await work(rows.map((r) => ({ id: r.id, title: r.title, publishedAt: r.published_at, analysis: analyzeText(r.title, r.content_text) })));
    done += rows.length;
    after = rows[rows.length - 1];
    progress(done);
  }
}
