/**
 * Matching folds case and width (ＡＢＣ１ = abc1) one UTF-16 code unit at a time, each unit
 * to exactly one unit. Keeping the length is the position map: offset i of the folded text
 * is offset i of the original, so a match found in the folded text is reported by slicing
 * the original — the words as they appear in the item — and the automaton can fold while
 * it scans instead of copying every article first.
 *
 * The few characters whose lower case is longer than one unit (İ → i̇) stay as they are,
 * and so do surrogate halves: folding them would shift every later offset.
 */

/** FOLD[u] is the folded form of code unit u. */
const FOLD = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    if (u >= 0xd800 && u <= 0xdfff) {
      table[u] = u;
      continue;
    }
    const lower = String.fromCharCode(u).toLowerCase();
    table[u] = lower.length === 1 ? lower.charCodeAt(0) : u;
  }
  // Full-width ASCII (U+FF01–U+FF5E) to ASCII, then lower case; the ideographic space to a space.
  for (let u = 0xff01; u <= 0xff5e; u++) table[u] = table[u - 0xfee0]!;
  table[0x3000] = 0x20;
  return table;
}

/** The folded form of one UTF-16 code unit (0–0xFFFF). */
export function foldUnit(unit: number): number {
  return FOLD[unit]!;
}

/** Case- and width-folded text of the same length as `text`. */
export function normalize(text: string): string {
  let out = '';
  let from = 0;
  // Copy unchanged runs whole: most Chinese text folds to itself.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const folded = FOLD[unit]!;
    if (folded === unit) continue;
    out += text.slice(from, i) + String.fromCharCode(folded);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
