import type { ArticleCard, ArticleRepo } from '../store/repos/articles.js';

export const LIST_SIZE = 6;

/**
 * The two lists under an article, by simple rules until the Audience issue brings
 * personalized ones: 猜你喜欢 = most read in the same category, then site-wide;
 * 精彩推荐 = editors' picks, then most read. No article appears twice on one page.
 */
export class RecommendationService {
  constructor(private readonly articles: ArticleRepo) {}

  async guessYouLike(article: { id: number; category_id: number | null }): Promise<ArticleCard[]> {
    const exclude = [article.id];
    const list =
      article.category_id === null
        ? []
        : await this.articles.mostRead({ categoryId: article.category_id, excludeIds: exclude }, LIST_SIZE);
    return this.fill(list, exclude);
  }

  async editorsPicks(excludeIds: number[]): Promise<ArticleCard[]> {
    return this.fill(await this.articles.featured(excludeIds, LIST_SIZE), excludeIds);
  }

  private async fill(list: ArticleCard[], excludeIds: number[]): Promise<ArticleCard[]> {
    if (list.length >= LIST_SIZE) return list;
    const more = await this.articles.mostRead({ excludeIds: [...excludeIds, ...list.map((a) => a.id)] }, LIST_SIZE - list.length);
    return [...list, ...more];
  }
}
