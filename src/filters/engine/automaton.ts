/**
 * An Aho–Corasick automaton over UTF-16 code units: every occurrence of any of its words
 * in one pass over the text, so screening costs the same for 100 words as for 100,000.
 *
 * Layout, chosen for 100,000-word lists: the trie's edges are stored once, sorted, in flat
 * typed arrays (a node's edges are one slice, found by binary search) instead of a Map per
 * node, which would cost ~10× the memory. The root, where a scan spends most of its steps
 * (most characters start no word), has a dense 65,536-entry table instead.
 */
import { foldUnit } from './normalize.js';

/** One occurrence: text.slice(start, end) is the word as the text spells it. */
export interface Match {
  start: number;
  end: number;
  /** Index into Automaton.words. */
  word: number;
}

export interface AutomatonOptions {
  /** Match case- and width-insensitively (see normalize.ts). Default true; word replacement is literal. */
  fold?: boolean;
}

const NONE = -1;
/** Build-time key of the edge from `node` on `unit`: exact in a double up to 2^37 nodes. */
const edgeKey = (node: number, unit: number) => node * 0x10000 + unit;

export class Automaton {
  /** The distinct words, first spelling kept; duplicates (after folding) and empty words are dropped. */
  readonly words: readonly string[];
  private readonly fold: boolean;
  /** Root's next node per code unit (0: stay at the root). */
  private readonly rootNext: Int32Array;
  /** Node n's edges are edgeUnits/edgeTargets[edgeStart[n] .. edgeStart[n+1]), sorted by unit. */
  private readonly edgeStart: Int32Array;
  private readonly edgeUnits: Uint16Array;
  private readonly edgeTargets: Int32Array;
  /** Failure link: the node of the longest proper suffix that is also in the trie. */
  private readonly fail: Int32Array;
  /** The word ending at this node, or NONE. */
  private readonly wordAt: Int32Array;
  /** The nearest node down the failure chain where a word ends, or NONE. */
  private readonly outLink: Int32Array;
  private readonly wordLength: Int32Array;

  private constructor(words: string[], fold: boolean, trie: { edges: Map<number, number>; wordAt: number[] }) {
    this.words = words;
    this.fold = fold;
    const nodes = trie.wordAt.length;
    this.wordAt = Int32Array.from(trie.wordAt);
    this.wordLength = Int32Array.from(words, (w) => w.length);

    // Edges sorted by (node, unit): the keys sort in exactly that order.
    const keys = Float64Array.from(trie.edges.keys()).sort();
    this.edgeStart = new Int32Array(nodes + 1);
    this.edgeUnits = new Uint16Array(keys.length);
    this.edgeTargets = new Int32Array(keys.length);
    this.rootNext = new Int32Array(0x10000);
    for (let e = 0; e < keys.length; e++) {
      const key = keys[e]!;
      const node = Math.floor(key / 0x10000);
      const unit = key - node * 0x10000;
      const target = trie.edges.get(key)!;
      this.edgeUnits[e] = unit;
      this.edgeTargets[e] = target;
      this.edgeStart[node + 1]!++;
      if (node === 0) this.rootNext[unit] = target;
    }
    for (let n = 0; n < nodes; n++) this.edgeStart[n + 1]! += this.edgeStart[n]!;

    // Failure and output links, breadth first: a node's links depend only on shallower nodes.
    this.fail = new Int32Array(nodes);
    this.outLink = new Int32Array(nodes).fill(NONE);
    const queue = new Int32Array(nodes);
    let head = 0;
    let tail = 0;
    for (let e = this.edgeStart[0]!; e < this.edgeStart[1]!; e++) queue[tail++] = this.edgeTargets[e]!;
    while (head < tail) {
      const node = queue[head++]!;
      for (let e = this.edgeStart[node]!; e < this.edgeStart[node + 1]!; e++) {
        const child = this.edgeTargets[e]!;
        const suffix = this.step(this.fail[node]!, this.edgeUnits[e]!);
        this.fail[child] = suffix;
        this.outLink[child] = this.wordAt[suffix] !== NONE ? suffix : this.outLink[suffix]!;
        queue[tail++] = child;
      }
    }
  }

  /** Builds the automaton of `words` (folded unless `fold: false`). */
  static build(words: Iterable<string>, options: AutomatonOptions = {}): Automaton {
    const fold = options.fold ?? true;
    const edges = new Map<number, number>();
    const wordAt: number[] = [NONE];
    const kept: string[] = [];
    for (const word of words) {
      if (word.length === 0) continue;
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const unit = fold ? foldUnit(word.charCodeAt(i)) : word.charCodeAt(i);
        const key = edgeKey(node, unit);
        let next = edges.get(key);
        if (next === undefined) {
          next = wordAt.length;
          wordAt.push(NONE);
          edges.set(key, next);
        }
        node = next;
      }
      if (wordAt[node] !== NONE) continue; // the same word again (perhaps spelt in another width or case)
      wordAt[node] = kept.length;
      kept.push(word);
    }
    return new Automaton(kept, fold, { edges, wordAt });
  }

  /** True when the automaton has no words: every search finds nothing. */
  get empty(): boolean {
    return this.words.length === 0;
  }

  /** Every occurrence of every word, overlapping ones included, in order of their end. */
  findAll(text: string): Match[] {
    const found: Match[] = [];
    this.scan(text, (m) => {
      found.push(m);
      return true;
    });
    return found;
  }

  /**
   * The first occurrence of each of the first `limit` distinct words met, in order of their
   * end; the scan stops there. Screening uses it: whether a list matches, and a few terms to show.
   */
  firstMatches(text: string, limit: number): Match[] {
    const found: Match[] = [];
    if (limit <= 0) return found;
    const seen = new Set<number>();
    this.scan(text, (m) => {
      if (seen.has(m.word)) return true;
      seen.add(m.word);
      found.push(m);
      return found.length < limit;
    });
    return found;
  }

  /**
   * Non-overlapping occurrences, left to right, the longest where several start at the same
   * place: what replacing words needs (with 中国 and 中国人, "中国人民" replaces 中国人).
   */
  leftmostLongest(text: string): Match[] {
    const all = this.findAll(text);
    if (all.length <= 1) return all;
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    const chosen: Match[] = [];
    let from = 0;
    for (const m of all) {
      if (m.start < from) continue;
      chosen.push(m);
      from = m.end;
    }
    return chosen;
  }

  /** Feeds each occurrence to `visit` until it returns false. */
  private scan(text: string, visit: (m: Match) => boolean): void {
    if (this.empty) return;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = this.fold ? foldUnit(text.charCodeAt(i)) : text.charCodeAt(i);
      node = this.step(node, unit);
      if (node === 0) continue;
      for (let out = this.wordAt[node] !== NONE ? node : this.outLink[node]!; out !== NONE; out = this.outLink[out]!) {
        const word = this.wordAt[out]!;
        if (!visit({ start: i + 1 - this.wordLength[word]!, end: i + 1, word })) return;
      }
    }
  }

  /** The goto function with failure links folded in: the next node after reading `unit` at `node`. */
  private step(node: number, unit: number): number {
    for (;;) {
      if (node === 0) return this.rootNext[unit]!;
      const next = this.child(node, unit);
      if (next !== NONE) return next;
      node = this.fail[node]!;
    }
  }

  private child(node: number, unit: number): number {
    let lo = this.edgeStart[node]!;
    let hi = this.edgeStart[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const u = this.edgeUnits[mid]!;
      if (u === unit) return this.edgeTargets[mid]!;
      if (u < unit) lo = mid + 1;
      else hi = mid - 1;
    }
    return NONE;
  }
}
