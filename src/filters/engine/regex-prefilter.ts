/**
 * A cheap "cannot match" test run before RE2 (the idea of RE2's FilteredRE2): the literals
 * every match of a pattern must contain — all the required parts of a concatenation, one of
 * each alternation's alternatives, nothing from a part that may occur zero times. Most items
 * match no rule, and when a field contains none of the literals RE2 (~40 µs per 2,000-char
 * field) need not run: a string search answers in about a microsecond.
 *
 * WHY read re2js's own tree instead of parsing patterns again: re2js 2.10 derives exactly this
 * tree from its parse (RE2.prefilter) and applies it inside its matcher — but only to
 * case-sensitive literals, so with CASE_INSENSITIVE, which editors' rules mostly use, it has
 * nothing. The same pattern compiled without the flag gives the same tree with its literals,
 * and folding both the literals and the text makes them hold for the case-insensitive pattern:
 * ignoring case changes which characters a literal matches (those of its case-folding orbit:
 * k, K and the Kelvin sign K), not the shape of the tree.
 *
 * The fold is not normalize.ts's: that one lower-cases (ſ stays ſ, ς stays ς) and folds width,
 * while RE2's (?i)s also matches ſ and (?i)σ matches ς. Here each character maps to one
 * representative of all the characters JavaScript's case mappings connect it to — a superset
 * of RE2's orbits (the tests check it against RE2 over every cased character), so a text RE2
 * matches always contains a folded literal.
 */
import { RE2JS } from 're2js';
import { Automaton } from './automaton.js';

/** What every match contains: this literal, all of several requirements, or one of several. */
export type Requirement = string | { all: Requirement[] } | { any: Requirement[] };

export interface Prefilter {
  /** Over folded literals when the pattern ignores case. */
  readonly requirement: Requirement;
  /** False only when no match of the pattern can occur in `text`. */
  mayMatch(text: string): boolean;
}

/** A node of re2js's tree (RE2.prefilter in re2js 2.10): none, one literal, all of, any of. */
interface Re2jsNode {
  type: number;
  str: string;
  subs: Re2jsNode[];
}
const EXACT = 1;
const AND = 2;
const OR = 3;

/** Alternations of more literals than this are searched with one automaton pass instead of includes() each. */
const INCLUDES_MAX = 8;

/**
 * The prefilter of an editor's pattern (`translated` by RE2JS.translateRegExp, `compiled` from
 * it with the same ignoreCase), or null when no literal is required (\d{11}, [a-z]+公司|\w+).
 */
export function buildPrefilter(translated: string, ignoreCase: boolean, compiled: RE2JS): Prefilter | null {
  const tree = (ignoreCase ? RE2JS.compile(translated, 0) : compiled).re2().prefilter as Re2jsNode | null;
  const requirement = tree && required(tree, ignoreCase);
  if (!requirement) return null;
  const test = tester(requirement);
  return { requirement, mayMatch: ignoreCase ? (text) => test(foldText(text)) : test };
}

function required(node: Re2jsNode, ignoreCase: boolean): Requirement | null {
  switch (node.type) {
    case EXACT:
      return ignoreCase ? foldLiteral(node.str) : node.str;
    case AND: {
      // A part that can't be folded is one requirement fewer; the others still hold.
      const parts = node.subs.map((s) => required(s, ignoreCase)).filter((r): r is Requirement => r !== null);
      return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { all: parts };
    }
    case OR: {
      const parts: Requirement[] = [];
      for (const sub of node.subs) {
        const part = required(sub, ignoreCase);
        // An alternative that requires nothing lets the whole alternation match without a literal.
        if (part === null) return null;
        if (typeof part !== 'string' || !parts.includes(part)) parts.push(part);
      }
      return parts.length === 1 ? parts[0]! : { any: parts };
    }
    default:
      return null;
  }
}

function tester(req: Requirement): (text: string) => boolean {
  if (typeof req === 'string') return (text) => text.includes(req);
  if ('all' in req) {
    const parts = req.all.map(tester);
    return (text) => parts.every((p) => p(text));
  }
  const literals = req.any.filter((r): r is string => typeof r === 'string');
  if (literals.length === req.any.length && literals.length > INCLUDES_MAX) {
    const automaton = Automaton.build(literals, { fold: false });
    return (text) => automaton.firstMatches(text, 1).length > 0;
  }
  const parts = req.any.map(tester);
  return (text) => parts.some((p) => p(text));
}

/** caseOrbit[u]: one unit for all the units JavaScript's case mappings connect u to (u itself for surrogates). */
let caseOrbit: Uint16Array | undefined;

function caseOrbitTable(): Uint16Array {
  // Union-find over the edges u — lower(u) and u — upper(u), each group rooted at its smallest unit.
  const root = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) root[u] = u;
  const find = (u: number): number => {
    while (root[u] !== u) u = root[u] = root[root[u]!]!;
    return u;
  };
  const join = (u: number, v: number) => {
    const a = find(u);
    const b = find(v);
    if (a < b) root[b] = a;
    else root[a] = b;
  };
  // Units whose case maps to the same longer string are joined too: RE2 folds ΐ (U+0390)
  // with ΐ (U+1FD3) and ﬅ with ﬆ, which no single-unit mapping connects.
  const byLongerMapping = new Map<string, number>();
  for (let u = 0; u < 0x10000; u++) {
    if (u >= 0xd800 && u <= 0xdfff) continue;
    const c = String.fromCharCode(u);
    for (const mapped of [c.toLowerCase(), c.toUpperCase()]) {
      if (mapped.length === 1) join(u, mapped.charCodeAt(0));
      else {
        const first = byLongerMapping.get(mapped);
        if (first === undefined) byLongerMapping.set(mapped, u);
        else join(u, first);
      }
    }
  }
  // Text is mostly lower case: represent each group by its smallest lower-case letter that
  // round-trips (s, not ſ; σ, not ς), so folding rarely changes a unit.
  const table = new Uint16Array(0x10000);
  const chosen = new Int32Array(0x10000).fill(-1);
  for (let u = 0; u < 0x10000; u++) {
    const c = String.fromCharCode(u);
    const r = find(u);
    if (chosen[r] === -1 && c.toLowerCase() === c && c.toUpperCase() !== c && c.toUpperCase().toLowerCase() === c) chosen[r] = u;
  }
  for (let u = 0; u < 0x10000; u++) {
    const r = find(u);
    table[u] = chosen[r] === -1 ? r : chosen[r]!;
  }
  return table;
}

/** `literal` case-folded unit for unit, or null when it holds a cased character outside the BMP (𐐀 and 𐐨). */
export function foldLiteral(literal: string): string | null {
  const table = (caseOrbit ??= caseOrbitTable());
  let out = '';
  for (const ch of literal) {
    if (ch.length === 1) out += String.fromCharCode(table[ch.charCodeAt(0)]!);
    else if (ch.toLowerCase() === ch && ch.toUpperCase() === ch) out += ch;
    else return null;
  }
  return out;
}

/**
 * The last few texts folded, most recent first. compile.ts runs every regex rule over the
 * same fields of an item (title, text, author), so each is folded once per item, not per rule.
 */
const folded: { text: string; folded: string }[] = [];
const FOLDED_KEPT = 4;

/** `text` case-folded unit for unit (surrogates unchanged). */
export function foldText(text: string): string {
  for (const entry of folded) if (entry.text === text) return entry.folded;
  const table = (caseOrbit ??= caseOrbitTable());
  let out = '';
  let from = 0;
  // Copy unchanged runs whole: most Chinese text folds to itself.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const f = table[unit]!;
    if (f === unit) continue;
    out += text.slice(from, i) + String.fromCharCode(f);
    from = i + 1;
  }
  const result = from === 0 ? text : out + text.slice(from);
  folded.unshift({ text, folded: result });
  if (folded.length > FOLDED_KEPT) folded.pop();
  return result;
}
