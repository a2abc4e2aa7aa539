import type { ArticleFacts, ViewHour } from '../store/repos/recommend.js';

export const HOUR_MS = 3_600_000;
/** Reads older than this no longer count towards a hot score. */
export const WINDOW_HOURS = 48;
/** How fast old reads fade, as Hacker News' gravity: a read a day old weighs 1/100 of one this hour. */
export const GRAVITY = 1.8;
/** Lifetime reads weigh this much of live reads: they only order stories nobody reads right now. */
export const PRIOR_WEIGHT = 0.1;
/** Articles published this recently get the prior from their lifetime reads. */
export const PRIOR_DAYS = 7;
/** Each doubling of the media carrying a story adds this much to its score's multiplier. */
export const SOURCE_BOOST = 0.5;

/**
 * The hot score of a story:
 *
 *   hot = (Σ_h views_h / (age_h + 2)^G  +  P · Σ_a lifetime_a / (pubAge_a + 2)^G) · (1 + B · log2(media))
 *
 * - views_h: counted reads of the story's articles in hour h of the last 48 h; age_h is
 *   how many whole hours ago that hour was (0 for the current one). Read *velocity* with
 *   gravity decay, as Hacker News does with votes: 100 reads in the last hour outweigh
 *   thousands a day ago, so a fresh, fast-read story beats an old, heavily read one.
 * - lifetime_a, pubAge_a: an article's stored read count and hours since it was published,
 *   for articles published in the last 7 days, weighed P = 0.1: a site without live reads
 *   (just installed, or every reader asleep) still has a sensible order, and a live read
 *   soon outweighs it.
 * - media: how many articles (media) carry the story; a story four outlets reprinted
 *   is hotter than one only its author published (×2 at 4, ×2.5 at 8).
 */
export function velocity(hours: Array<{ age: number; views: number }>): number {
  let sum = 0;
  for (const { age, views } of hours) sum += views / Math.pow(Math.max(0, age) + 2, GRAVITY);
  return sum;
}

export function prior(lifetimeViews: number, ageHours: number): number {
  return (PRIOR_WEIGHT * lifetimeViews) / Math.pow(Math.max(0, ageHours) + 2, GRAVITY);
}

export function sourceBoost(media: number): number {
  return 1 + SOURCE_BOOST * Math.log2(Math.max(1, media));
}

export interface HotStory {
  /** The story id, or the article's negated id for an article in no story. */
  key: number;
  /** The article that stands for the story: its most read one (the original at equal reads). */
  articleId: number;
  categoryId: number | null;
  /** Media carrying the story. */
  media: number;
  score: number;
  /** When its earliest article we know of was published. */
  publishedAt: number;
}

/** One per article whose story takes part; stories made of several articles are summed. */
export function storyKey(a: Pick<ArticleFacts, 'id' | 'story_id'>): number {
  return a.story_id ?? -a.id;
}

/**
 * Hot stories, hottest first, from hourly reads and the facts of the articles read (plus
 * recently published ones for the prior). Articles absent from `facts` (hidden, taken down)
 * are left out.
 */
export function rankStories(viewHours: ViewHour[], facts: Map<number, ArticleFacts>, now: number): HotStory[] {
  const nowHour = Math.floor(now / HOUR_MS);
  const perArticle = new Map<number, number>();
  for (const vh of viewHours) {
    if (!facts.has(vh.article_id) || nowHour - vh.hour >= WINDOW_HOURS) continue;
    perArticle.set(vh.article_id, (perArticle.get(vh.article_id) ?? 0) + velocity([{ age: nowHour - vh.hour, views: vh.views }]));
  }
  const stories = new Map<number, HotStory & { best: number }>();
  for (const a of facts.values()) {
    const ageHours = (now - a.published_at) / HOUR_MS;
    const live = perArticle.get(a.id) ?? 0;
    const base = live + (ageHours <= PRIOR_DAYS * 24 ? prior(a.view_count, ageHours) : 0);
    if (base <= 0) continue;
    const key = storyKey(a);
    let s = stories.get(key);
    if (!s) {
      s = { key, articleId: a.id, categoryId: a.category_id, media: a.story_size, score: 0, publishedAt: a.published_at, best: -1 };
      stories.set(key, s);
    }
    s.score += base;
    s.media = Math.max(s.media, a.story_size);
    s.publishedAt = Math.min(s.publishedAt, a.published_at);
    // The most read article stands for the story; at equal reads, the earlier one.
    const better = a.view_count > s.best || (a.view_count === s.best && a.published_at < (facts.get(s.articleId)?.published_at ?? Infinity));
    if (better) {
      s.best = a.view_count;
      s.articleId = a.id;
      s.categoryId = a.category_id ?? s.categoryId;
    }
  }
  const out: HotStory[] = [];
  for (const { best: _best, ...s } of stories.values()) out.push({ ...s, score: s.score * sourceBoost(s.media) });
  return out.sort((x, y) => y.score - x.score || y.publishedAt - x.publishedAt || x.key - y.key);
}
