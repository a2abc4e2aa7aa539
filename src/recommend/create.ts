import { type Bus, TOPICS } from '../cluster/bus.js';
import { CardCache } from '../rank/cards.js';
import { ArticleFeatures } from '../rank/features.js';
import { RankService } from '../rank/rank.js';
import type { Repos } from '../store/repos/index.js';
import { CandidateIndex } from './candidate-index.js';
import { CoReading } from './co-reading.js';
import { RecommendationService } from './lists.js';

/**
 * Hot ranking and the recommender, sharing one feature cache, one card cache and one
 * candidate index. An article's change (hidden, taken down, re-categorized) announced on
 * the bus drops what every node remembers of it.
 */
export function createRecommendation(
  repos: Pick<Repos, 'articles' | 'recommend'>,
  bus: Bus,
  onError: (err: unknown) => void,
  now: () => number = Date.now,
): { rank: RankService; recommend: RecommendationService } {
  const features = new ArticleFeatures(repos.recommend);
  const cards = new CardCache(repos.recommend);
  const rank = new RankService(repos.recommend, features, cards, { now, onError });
  const index = new CandidateIndex(repos.recommend, features, now, onError);
  const coReading = new CoReading(repos.recommend, now, onError);
  const recommend = new RecommendationService({ articles: repos.articles, repo: repos.recommend, rank, features, cards, index, coReading, now, onError });
  bus.subscribe(TOPICS.articleChanged, (data) => {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id === 'number') recommend.forget(id);
  });
  return { rank, recommend };
}
