/**
 * Scores the near-duplicate evaluation set (eval-set.ts) through the production path:
 * the originals go through ingestItems into an in-memory SQLite store (sanitize, text,
 * analysis, fingerprints, stories); each probe is sanitized and analysed as ingestion
 * would, then matched by StoryClusterer.storedMatches (band and content-hash candidates
 * from the repository, distance ≤ 3; paragraph hashes when those find nothing). Nothing
 * here decides "same" on its own.
 */
import type { FeedItem } from '../ingest/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import { sanitizeArticleHtml } from '../ingest/sanitize/sanitize.js';
import { htmlToText } from '../ingest/text.js';
import { openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos } from '../store/repos/index.js';
import { analyzeText, type TextAnalysis } from '../text/analyze.js';
import { hammingDistance } from '../text/simhash.js';
import { StoryClusterer } from './clusterer.js';
import { articleHtml, type CaseKind, type EvalArticle, type EvalSet } from './eval-set.js';

export interface KindScore {
  kind: CaseKind;
  cases: number;
  /** Reprint cases found. */
  truePositives: number;
  /** Reprint cases missed. */
  falseNegatives: number;
  /** Matches that should not be: a same-topic article taken for a reprint, or a variant matching another original. */
  falsePositives: number;
  precision: number;
  recall: number;
}

export interface Miss {
  kind: CaseKind;
  original: string;
  probe: string;
  /** Hamming distance between the two SimHashes. */
  distance: number;
  /** A false positive (matched, but different) or a false negative (a reprint not matched). */
  error: 'false-positive' | 'false-negative';
}

export interface DedupScore {
  kinds: KindScore[];
  overall: KindScore;
  misses: Miss[];
}

const URL_BASE = 'https://eval.example/';

export async function scoreEvalSet(set: EvalSet): Promise<DedupScore> {
  const store = await openStore({ url: ':memory:' });
  try {
    await migrateToLatest(store);
    const repos = createRepos(store);
    const now = Date.UTC(2026, 10, 27);
    const source = await repos.sources.upsert({ slug: 'eval', name: '评测', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: now });
    const items: FeedItem[] = set.originals.map((a, i) => ({
      guid: a.key,
      url: URL_BASE + encodeURIComponent(a.key),
      title: a.title,
      author: undefined,
      summary: '',
      contentHtml: articleHtml(a),
      publishedAt: now - (set.originals.length - i) * 60_000,
      categories: [],
    }));
    const added = await ingestItems(repos, source, items, { now });
    const idByKey = new Map(added.added.map((a) => [a.guid, a.id]));
    const keyById = new Map(added.added.map((a) => [a.id, a.guid]));
    const originalAnalysis = new Map(set.originals.map((a) => [a.key, analyze(a)]));

    const probes = set.cases.map((c, i) => ({ id: -(i + 1), analysis: analyze(c.probe) }));
    const matches = await new StoryClusterer(repos).storedMatches(
      probes.map((p) => ({ id: p.id, simhash: p.analysis.simhash, contentHash: p.analysis.contentHash, paragraphs: p.analysis.paragraphs })),
    );

    const tally = new Map<CaseKind, { cases: number; tp: number; fn: number; fp: number }>();
    const misses: Miss[] = [];
    const strays = new Set<string>();
    set.cases.forEach((c, i) => {
      const t = tally.get(c.kind) ?? { cases: 0, tp: 0, fn: 0, fp: 0 };
      tally.set(c.kind, t);
      t.cases++;
      const matched = new Set((matches.get(-(i + 1)) ?? []).map((id) => keyById.get(id)!));
      const distance = hammingDistance(probes[i]!.analysis.simhash, originalAnalysis.get(c.original.key)!.simhash);
      const hit = idByKey.has(c.original.key) && matched.has(c.original.key);
      if (c.same && hit) t.tp++;
      else if (c.same) {
        t.fn++;
        misses.push({ kind: c.kind, original: c.original.key, probe: c.probe.key, distance, error: 'false-negative' });
      } else if (hit) {
        t.fp++;
        misses.push({ kind: c.kind, original: c.original.key, probe: c.probe.key, distance, error: 'false-positive' });
      }
      // Matches with any other original are wrong too (counted once per pair of articles).
      for (const key of matched) {
        if (key === c.original.key || key === c.probe.key) continue;
        const pair = [baseKey(c.probe), key].sort().join(' ');
        if (strays.has(pair)) continue;
        strays.add(pair);
        t.fp++;
        const other = originalAnalysis.get(key)!;
        misses.push({ kind: c.kind, original: key, probe: c.probe.key, distance: hammingDistance(probes[i]!.analysis.simhash, other.simhash), error: 'false-positive' });
      }
    });
    const kinds = [...tally].map(([kind, t]) => score(kind, t));
    const sum = { cases: 0, tp: 0, fn: 0, fp: 0 };
    for (const t of tally.values()) {
      sum.cases += t.cases;
      sum.tp += t.tp;
      sum.fn += t.fn;
      sum.fp += t.fp;
    }
    return { kinds, overall: score('overall' as CaseKind, sum), misses };
  } finally {
    await store.close();
  }
}

/** What ingestion computes for a full-text item: sanitized HTML, its text, the analysis. */
function analyze(a: EvalArticle): TextAnalysis {
  const text = htmlToText(sanitizeArticleHtml(articleHtml(a), URL_BASE));
  return analyzeText(a.title, text);
}

/** A variant's key names its original: tnews-3-a~ads → tnews-3-a. */
function baseKey(a: EvalArticle): string {
  return a.key.split('~')[0]!;
}

function score(kind: CaseKind, t: { cases: number; tp: number; fn: number; fp: number }): KindScore {
  return {
    kind,
    cases: t.cases,
    truePositives: t.tp,
    falseNegatives: t.fn,
    falsePositives: t.fp,
    // No match claimed is no wrong match: precision 1.
    precision: t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp),
    recall: t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn),
  };
}
