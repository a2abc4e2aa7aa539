import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleCard, ArticleRepo } from '../store/repos/articles.js';

export const LIST_SIZE = 6;

// Enough candidates to fill both lists after removing the article itself and the first list.
const POOL = LIST_SIZE * 3 + 1;
const POOL_TTL_MS = 10_000;

/**
 * The two lists under an article, by simple rules until the Audience issue brings
 * personalized ones: 猜你喜欢 = most read in the same category, then site-wide;
 * 精彩推荐 = editors' picks, then most read. No article appears twice on one page.
 * The candidate pools are the same for every article of a category, so they are kept
 * for a few seconds rather than queried for each page.
 */
export class RecommendationService {
  private readonly pools = new TtlCache<string, ArticleCard[]>(POOL_TTL_MS, 100);

  constructor(private readonly articles: ArticleRepo) {}

  async guessYouLike(article: { id: number; category_id: number | null }): Promise<ArticleCard[]> {
    const sameCategory = article.category_id === null ? [] : await this.mostReadIn(article.category_id);
    return pickDistinct([sameCategory, await this.mostReadSiteWide()], [article.id]);
  }

  async editorsPicks(excludeIds: number[]): Promise<ArticleCard[]> {
    const featured = await this.pools.getOrLoad('featured', () => this.articles.featured(POOL));
    return pickDistinct([featured, await this.mostReadSiteWide()], excludeIds);
  }

  private mostReadIn(categoryId: number): Promise<ArticleCard[]> {
    return this.pools.getOrLoad(`category:${categoryId}`, () => this.articles.mostRead({ categoryId }, POOL));
  }

  private mostReadSiteWide(): Promise<ArticleCard[]> {
    return this.pools.getOrLoad('all', () => this.articles.mostRead({}, POOL));
  }
}

/** Up to LIST_SIZE cards from the pools in order, skipping excluded and repeated ids. */
function pickDistinct(pools: ArticleCard[][], excludeIds: number[]): ArticleCard[] {
  const seen = new Set(excludeIds);
  const out: ArticleCard[] = [];
  for (const card of pools.flat()) {
    if (out.length === LIST_SIZE) break;
    if (seen.has(card.id)) continue;
    seen.add(card.id);
    out.push(card);
  }
  return out;
}
