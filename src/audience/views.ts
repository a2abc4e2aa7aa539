import type { ArticleRepo } from '../store/repos/articles.js';

/**
 * Counts a read when an article page is served. Each view is one UPDATE for now; the
 * Audience issue replaces this with buffered, deduplicated counting.
 */
export class ViewCounter {
  constructor(private readonly articles: ArticleRepo) {}

  /** Records one read and returns the article's new total. */
  async record(articleId: number): Promise<number | undefined> {
    return this.articles.addView(articleId);
  }
}
