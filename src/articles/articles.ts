import { TtlCache } from '../cache/ttl-cache.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { ArticleCard, ArticleWithSource, ListFilter, Repos } from '../store/repos/index.js';
import type { Category, Source, Story } from '../store/schema.js';

export const PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

export interface ReadableArticle extends ArticleWithSource {
  category: Category | undefined;
  /** Every published article of its story, the original first (just itself when no one reprinted it). */
  coverage: ArticleCard[];
}

export interface StoryView {
  story: Story;
  /** Published articles, the original first. */
  articles: ArticleCard[];
}

/** Reading-side access to articles: lists for the feeds and tabs, one article to read. */
export class ArticleService {
  /** Categories change rarely and show on every page: the list is kept until one changes (or a few seconds, should the message be missed). */
  private readonly categoryList = new TtlCache<'all', Category[]>(5000, 1);
  /**
   * List sizes, reused for a few seconds: counting is a scan of the whole list (tens of
   * milliseconds at a million articles) and only sets the number of pages.
   */
  private readonly listSizes = new TtlCache<string, number>(10_000, 1000);

  constructor(
    private readonly repos: Repos,
    bus: Bus,
  ) {
    bus.subscribe(TOPICS.categoriesChanged, () => this.categoryList.clear());
  }

  categories(): Promise<Category[]> {
    return this.categoryList.getOrLoad('all', () => this.repos.categories.list());
  }

  async category(slug: string): Promise<Category | undefined> {
    return (await this.categories()).find((c) => c.slug === slug);
  }

  source(slug: string): Promise<Source | undefined> {
    return this.repos.sources.bySlug(slug);
  }

  /** One page of published articles, newest first; `page` past the end gives an empty page. */
  async list(filter: ListFilter, page: number): Promise<Page<ArticleCard>> {
    const [total, items] = await Promise.all([
      this.listSizes.getOrLoad(JSON.stringify(filter), () => this.repos.articles.count(filter)),
      this.repos.articles.latest(filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    ]);
    return { items, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
  }

  /** The article a reader asked for: NOT_FOUND if unknown, hidden or not (yet) through review, GONE if taken down. */
  async forReading(id: number): Promise<ReadableArticle> {
    const article = await this.repos.articles.byId(id);
    if (article?.status === 'taken_down') throw new RedianError('GONE', `article ${id}`);
    if (!article || article.status !== 'published') throw new RedianError('NOT_FOUND', `article ${id}`);
    const category = (await this.categories()).find((c) => c.id === article.category_id);
    const coverage = article.story_id === null ? [] : await this.repos.articles.inStory(article.story_id);
    return { ...article, category, coverage };
  }

  /**
   * A story with all its published articles: NOT_FOUND if unknown or none is left to read.
   * Titled by its earliest published article: the stored original may be hidden, or held
   * for review for the very words that title carries.
   */
  async story(id: number): Promise<StoryView> {
    const story = await this.repos.stories.byId(id);
    const articles = story ? await this.repos.articles.inStory(id) : [];
    if (!story || articles.length === 0) throw new RedianError('NOT_FOUND', `story ${id}`);
    return { story: { ...story, title: articles[0]!.title }, articles };
  }
}
