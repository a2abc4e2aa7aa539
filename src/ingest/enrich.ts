import type { Repos } from '../store/repos/index.js';
import type { ArticleFingerprint, ArticleKeyword } from '../store/schema.js';
import { StoryClusterer } from '../stories/clusterer.js';
import type { TextAnalysis } from '../text/analyze.js';
import { keywords } from '../text/keywords.js';
import { bands, toHex } from '../text/simhash.js';

/** Article count and document frequencies of some terms. */
export interface CorpusCounts {
  documents: number;
  df: Map<string, number>;
}

/** A stored article and what analyzeText made of it. */
export interface AnalyzedArticle {
  id: number;
  title: string;
  publishedAt: number;
  analysis: TextAnalysis;
}

/**
 * The enrich step after articles are stored: document frequencies, keywords, fingerprints
 * and stories. Each write covers the whole batch (a feed), so its cost per article is a
 * fraction of a statement.
 */
export class Enricher {
  private readonly clusterer: StoryClusterer;

  constructor(private readonly repos: Pick<Repos, 'text' | 'stories'>) {
    this.clusterer = new StoryClusterer(repos);
  }

  async record(articles: AnalyzedArticle[], now: number): Promise<void> {
    if (articles.length === 0) return;
    await this.recordKeywords(articles, await this.countDocuments(articles));
    await this.cluster(articles, now);
  }

  /** Adds the articles to the document frequencies; returns the corpus as it then stands for their terms. */
  async countDocuments(articles: AnalyzedArticle[]): Promise<CorpusCounts> {
    const termDocs = new Map<string, number>();
    for (const a of articles) for (const term of a.analysis.counts.keys()) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
    return this.repos.text.addDocuments(termDocs, articles.length);
  }

  /** Keywords against the given corpus counts (from countDocuments, or the whole corpus when reindexing). */
  async recordKeywords(articles: AnalyzedArticle[], corpus: CorpusCounts): Promise<void> {
    const { documents, df } = corpus;
    const rows: ArticleKeyword[] = [];
    for (const a of articles) {
      for (const k of keywords(a.analysis.counts, { documents, df: (t) => df.get(t) ?? 0 })) rows.push({ article_id: a.id, term: k.term, weight: k.weight });
    }
    await this.repos.text.insertKeywords(rows);
  }

  /** Stories first (probing older fingerprints), then the articles' own fingerprints and paragraph hashes; returns article id → story id. */
  async cluster(articles: AnalyzedArticle[], now: number): Promise<Map<number, number>> {
    const stories = await this.clusterer.assign(
      articles.map((a) => ({ id: a.id, title: a.title, publishedAt: a.publishedAt, simhash: a.analysis.simhash, contentHash: a.analysis.contentHash, paragraphs: a.analysis.paragraphs })),
      now,
    );
    await this.repos.text.insertFingerprints(articles.map((a) => fingerprintRow(a.id, a.analysis)));
    await this.repos.text.insertParagraphs(
      articles.flatMap((a) => a.analysis.paragraphs.map((hash) => ({ article_id: a.id, hash, paragraphs: a.analysis.paragraphs.length }))),
    );
    return stories;
  }
}

function fingerprintRow(articleId: number, analysis: TextAnalysis): ArticleFingerprint {
  const [band0, band1, band2, band3] = bands(analysis.simhash);
  return { article_id: articleId, simhash: toHex(analysis.simhash), band0, band1, band2, band3, content_hash: analysis.contentHash };
}
