import type { Candidate, Repos, StoryMember } from '../store/repos/index.js';
import { EMPTY_CONTENT_HASH } from '../text/analyze.js';
import { bands, fromHex, hammingDistance, SAME_TEXT_DISTANCE, type SimHash } from '../text/simhash.js';

/** A stored article with its fingerprints, ready to be put in a story. */
export interface FingerprintedArticle {
  id: number;
  title: string;
  publishedAt: number;
  simhash: SimHash;
  contentHash: string;
}

/**
 * Near-duplicate clustering: an article whose text is the same as a stored one (equal
 * normalized-content hash, or SimHash within 3 bits) joins the story of the earliest such
 * article; any other starts a story of its own. The articles' own fingerprints must not be
 * stored yet: the caller stores them after, so each is only matched against older ones.
 */
export class StoryClusterer {
  constructor(private readonly repos: Pick<Repos, 'text' | 'stories'>) {}

  /** Assigns each article (not yet fingerprinted in the store) a story; returns article id → story id. */
  async assign(articles: FingerprintedArticle[], now: number): Promise<Map<number, number>> {
    const result = new Map<number, number>();
    if (articles.length === 0) return result;
    const matchesOf = await this.storedMatches(articles);
    const stored = new Map<number, StoryMember>();
    for (const m of await this.repos.stories.members(unique([...matchesOf.values()].flat()))) stored.set(m.id, m);

    // Earliest first, so within a batch an original is placed before its reprints.
    const ordered = [...articles].sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id);
    // Articles that match nothing older start stories, all in one statement; the (few)
    // reprints are placed after, when every story they may join exists.
    const leaders: FingerprintedArticle[] = [];
    const reprints: Array<{ article: FingerprintedArticle; earliest: StoryMember | FingerprintedArticle }> = [];
    const seen: FingerprintedArticle[] = [];
    for (const a of ordered) {
      const matches: Array<StoryMember | FingerprintedArticle> = matchesOf.get(a.id)!.flatMap((id) => stored.get(id) ?? []);
      for (const b of seen) {
        if (same(a, b)) matches.push(b);
      }
      seen.push(a);
      const earliest = matches.sort((x, y) => publishedAt(x) - publishedAt(y) || x.id - y.id)[0];
      if (earliest) reprints.push({ article: a, earliest });
      else leaders.push(a);
    }
    for (const [articleId, storyId] of await this.repos.stories.startMany(leaders, now)) result.set(articleId, storyId);
    for (const { article: a, earliest } of reprints) {
      let storyId = 'story_id' in earliest ? earliest.story_id : result.get(earliest.id);
      if (storyId === undefined || storyId === null) {
        // A match left without a story (its story was deleted) becomes an original again.
        storyId = (await this.repos.stories.startMany([earliest], now)).get(earliest.id)!;
        if ('story_id' in earliest) earliest.story_id = storyId;
      }
      await this.repos.stories.join(storyId, { id: a.id, title: a.title, published_at: a.publishedAt }, now);
      result.set(a.id, storyId);
    }
    return result;
  }

  /**
   * For each article, the stored articles with the same text: candidates from the four
   * bands and the content hash, kept when within the distance. The dedup evaluation
   * (src/stories/eval-set.ts) judges through here, so it measures what ingestion does.
   */
  async storedMatches(articles: Array<Pick<FingerprintedArticle, 'id' | 'simhash' | 'contentHash'>>): Promise<Map<number, number[]>> {
    const candidates = (
      await this.repos.text.candidates(articles.map((a) => ({ bands: bands(a.simhash), contentHash: a.contentHash })))
    ).map((c) => ({ ...c, hash: fromHex(c.simhash) }));
    const matchesOf = new Map<number, number[]>();
    for (const a of articles) matchesOf.set(a.id, candidates.filter((c) => sameText(a, c)).map((c) => c.article_id));
    return matchesOf;
  }
}

function publishedAt(a: StoryMember | FingerprintedArticle): number {
  return 'published_at' in a ? a.published_at : a.publishedAt;
}

function sameText(a: Pick<FingerprintedArticle, 'id' | 'simhash' | 'contentHash'>, c: Candidate & { hash: SimHash }): boolean {
  return c.article_id !== a.id && same(a, { contentHash: c.content_hash, simhash: c.hash });
}

/** Equal normalized text or SimHashes within the distance; an empty text matches nothing. */
function same(a: Pick<FingerprintedArticle, 'contentHash' | 'simhash'>, b: Pick<FingerprintedArticle, 'contentHash' | 'simhash'>): boolean {
  if (a.contentHash === EMPTY_CONTENT_HASH || b.contentHash === EMPTY_CONTENT_HASH) return false;
  return a.contentHash === b.contentHash || hammingDistance(a.simhash, b.simhash) <= SAME_TEXT_DISTANCE;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
