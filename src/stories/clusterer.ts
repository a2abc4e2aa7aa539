import type { Candidate, Repos, StoryMember } from '../store/repos/index.js';
import { EMPTY_CONTENT_HASH } from '../text/analyze.js';
import { MIN_SHARED_PARAGRAPHS, sharesParagraphs } from '../text/paragraphs.js';
import { bands, fromHex, hammingDistance, SAME_TEXT_DISTANCE, type SimHash } from '../text/simhash.js';

/** A stored article with its fingerprints, ready to be put in a story. */
export interface FingerprintedArticle {
  id: number;
  title: string;
  publishedAt: number;
  simhash: SimHash;
  contentHash: string;
  /** Hashes of its long paragraphs (src/text/paragraphs.ts). */
  paragraphs: string[];
}

type Probe = Pick<FingerprintedArticle, 'id' | 'simhash' | 'contentHash' | 'paragraphs'>;

/**
 * Near-duplicate clustering: an article whose text is the same as a stored one (equal
 * normalized-content hash, SimHash within 3 bits, or, failing both, most of the shorter
 * one's paragraphs in common) joins the story of the earliest such article; any other
 * starts a story of its own. The articles' own fingerprints must not be stored yet: the
 * caller stores them after, so each is only matched against older ones.
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
    const seen = new Map<number, FingerprintedArticle>();
    const seenParagraphs = new Map<string, ParagraphHolder[]>();
    for (const a of ordered) {
      const matches: Array<StoryMember | FingerprintedArticle> = matchesOf.get(a.id)!.flatMap((id) => stored.get(id) ?? []);
      // Within the batch the rules are the same as against stored articles.
      const byParagraphs = new Set(sharingParagraphs(a, seenParagraphs));
      for (const b of seen.values()) {
        if (byParagraphs.has(b.id) || sameFingerprint(a, b)) matches.push(b);
      }
      seen.set(a.id, a);
      addHolder(seenParagraphs, a.paragraphs, { id: a.id, paragraphs: a.paragraphs.length });
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
   * bands and the content hash, kept when within the distance; for an article that matches
   * none, the stored articles sharing enough of its paragraphs. The dedup evaluation
   * (src/stories/eval-set.ts) judges through here, so it measures what ingestion does.
   */
  async storedMatches(articles: Probe[]): Promise<Map<number, number[]>> {
    const candidates = (
      await this.repos.text.candidates(articles.map((a) => ({ bands: bands(a.simhash), contentHash: a.contentHash })))
    ).map((c) => ({ ...c, hash: fromHex(c.simhash) }));
    const matchesOf = new Map<number, number[]>();
    for (const a of articles) matchesOf.set(a.id, candidates.filter((c) => sameText(a, c)).map((c) => c.article_id));
    // Most articles match nothing, so this is a second probe for most of a batch; but it
    // is one indexed query per few hundred hashes, and only for articles with ≥ 2 paragraphs.
    const unmatched = articles.filter((a) => matchesOf.get(a.id)!.length === 0 && a.paragraphs.length >= MIN_SHARED_PARAGRAPHS);
    if (unmatched.length === 0) return matchesOf;
    const holders = new Map<string, ParagraphHolder[]>();
    for (const hit of await this.repos.text.paragraphHits(unmatched.flatMap((a) => a.paragraphs))) {
      addHolder(holders, [hit.hash], { id: hit.article_id, paragraphs: hit.paragraphs });
    }
    for (const a of unmatched) matchesOf.set(a.id, sharingParagraphs(a, holders));
    return matchesOf;
  }
}

function publishedAt(a: StoryMember | FingerprintedArticle): number {
  return 'published_at' in a ? a.published_at : a.publishedAt;
}

function sameText(a: Probe, c: Candidate & { hash: SimHash }): boolean {
  return c.article_id !== a.id && sameFingerprint(a, { contentHash: c.content_hash, simhash: c.hash });
}

/** An article holding a paragraph hash, with its count of (long) paragraphs. */
interface ParagraphHolder {
  id: number;
  paragraphs: number;
}

function addHolder(holders: Map<string, ParagraphHolder[]>, hashes: string[], holder: ParagraphHolder): void {
  for (const hash of hashes) {
    const list = holders.get(hash);
    if (list) list.push(holder);
    else holders.set(hash, [holder]);
  }
}

/** Ids of the holders sharing enough of the article's paragraphs (sharesParagraphs), itself aside. */
function sharingParagraphs(a: Pick<FingerprintedArticle, 'id' | 'paragraphs'>, holders: Map<string, ParagraphHolder[]>): number[] {
  const shared = new Map<number, { count: number; paragraphs: number }>();
  for (const hash of a.paragraphs) {
    for (const h of holders.get(hash) ?? []) {
      if (h.id === a.id) continue;
      const s = shared.get(h.id);
      if (s) s.count++;
      else shared.set(h.id, { count: 1, paragraphs: h.paragraphs });
    }
  }
  return [...shared].filter(([, s]) => sharesParagraphs(s.count, a.paragraphs.length, s.paragraphs)).map(([id]) => id);
}

/** Equal normalized text or SimHashes within the distance; an empty text matches nothing. */
function sameFingerprint(a: Pick<FingerprintedArticle, 'contentHash' | 'simhash'>, b: Pick<FingerprintedArticle, 'contentHash' | 'simhash'>): boolean {
  if (a.contentHash === EMPTY_CONTENT_HASH || b.contentHash === EMPTY_CONTENT_HASH) return false;
  return a.contentHash === b.contentHash || hammingDistance(a.simhash, b.simhash) <= SAME_TEXT_DISTANCE;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
