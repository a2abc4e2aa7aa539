import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleCard } from '../store/repos/articles.js';
import type { RecommendRepo } from '../store/repos/recommend.js';

// Read counts on cards may lag this much; a hidden or taken-down article leaves lists
// at once on the node that changed it (forget()) and within this time everywhere. A card
// read again is rendered again (pages keep items rendered per card): at 10 s, reloading and
// re-rendering the few thousand cards lists draw from cost ~5% of an article page's CPU.
const CARD_TTL_MS = 30_000;
const CARD_ENTRIES = 50_000;

/** List cards by id, kept briefly: recommended lists are drawn from a few thousand articles. */
export class CardCache {
  private readonly cache = new TtlCache<number, ArticleCard | null>(CARD_TTL_MS, CARD_ENTRIES);

  constructor(private readonly repo: RecommendRepo) {}

  /** Cards of those of these articles that are published, in the order asked. */
  async get(ids: number[]): Promise<ArticleCard[]> {
    const missing = ids.filter((id) => this.cache.get(id) === undefined);
    if (missing.length > 0) {
      const loaded = new Map((await this.repo.cards(missing)).map((c) => [c.id, c]));
      for (const id of missing) this.cache.set(id, loaded.get(id) ?? null);
    }
    const out: ArticleCard[] = [];
    for (const id of ids) {
      const card = this.cache.get(id);
      if (card) out.push(card);
    }
    return out;
  }

  forget(id: number): void {
    this.cache.delete(id);
  }
}
