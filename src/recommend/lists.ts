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

  async guessYouLike(article: Shown & { category_id: number | null }): Promise<ArticleCard[]> {
    const sameCategory = article.category_id === null ? [] : await this.mostReadIn(article.category_id);
    return pickDistinct([sameCategory, await this.mostReadSiteWide()], [article]);
  }

  /** Editors' picks for a page that already shows these articles. */
  async editorsPicks(shown: Shown[]): Promise<ArticleCard[]> {
    const featured = await this.pools.getOrLoad('featured', () => this.articles.featured(POOL));
    return pickDistinct([featured, await this.mostReadSiteWide()], shown);
  }

  private mostReadIn(categoryId: number): Promise<ArticleCard[]> {
    return this.pools.getOrLoad(`category:${categoryId}`, () => this.articles.mostRead({ categoryId }, POOL));
  }

  private mostReadSiteWide(): Promise<ArticleCard[]> {
    return this.pools.getOrLoad('all', () => this.articles.mostRead({}, POOL));
  }
}

/** An article already on the page. */
type Shown = { id: number; story_id: number | null };

/**
 * Up to LIST_SIZE cards from the pools in order, one per story: nothing already shown,
 * and no reprint of something shown (the same story from another medium).
 */
function pickDistinct(pools: ArticleCard[][], shown: Shown[]): ArticleCard[] {
  const ids = new Set(shown.map((a) => a.id));
  const stories = new Set(shown.flatMap((a) => (a.story_id === null ? [] : [a.story_id])));
  const out: ArticleCard[] = [];
  for (const card of pools.flat()) {
    if (out.length === LIST_SIZE) break;
    if (ids.has(card.id) || (card.story_id !== null && stories.has(card.story_id))) continue;
    ids.add(card.id);
    if (card.story_id !== null) stories.add(card.story_id);
    out.push(card);
  }
  return out;
}
