/**
 * 64-bit SimHash, held as two unsigned 32-bit halves: JavaScript has no cheap 64-bit
 * integer (BigInt is ~50× slower here), and the halves split into the four 16-bit bands
 * the candidate lookup uses. Stored as 16 hex digits, which both SQLite and PostgreSQL
 * keep exactly (PostgreSQL's BIGINT comes back as a JS number, losing the low bits).
 */
export interface SimHash {
  hi: number;
  lo: number;
}

/** Hamming distance at or below which two texts count as the same text. */
export const SAME_TEXT_DISTANCE = 3;
/** Four 16-bit bands: two hashes within 3 bits agree on at least one band (pigeonhole). */
export const BANDS = 4;

/**
 * SimHash of weighted terms. Weights are term counts, not TF-IDF: the fingerprint must
 * be a function of the text alone, so an original and a reprint stored months apart (or
 * rebuilt by reindex) hash alike whatever the corpus's document frequencies did meanwhile.
 */
export function simhash(weights: Map<string, number>): SimHash {
  // Each bit's sum is (weight of terms with the bit set) − (weight of the others) =
  // 2 × set − total: adding only over set bits halves the work.
  const set = new Float64Array(64);
  let total = 0;
  for (const [term, w] of weights) {
    total += w;
    for (let half = 0, bits = hash32(term, 0x811c9dc5); half < 2; half++, bits = hash32(term, 0x050c5d1f)) {
      const offset = half * 32;
      while (bits !== 0) {
        const lowest = bits & -bits;
        const i = offset + 31 - Math.clz32(lowest);
        set[i] = set[i]! + w;
        bits ^= lowest;
      }
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * set[bit]! > total) hi |= 1 << bit;
    if (2 * set[32 + bit]! > total) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** FNV-1a over UTF-16 code units from a given basis, then murmur3's finalizer so every output bit depends on every input bit. */
function hash32(text: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount32(a.hi ^ b.hi) + popcount32(a.lo ^ b.lo);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The four 16-bit bands, high to low. */
export function bands(h: SimHash): [number, number, number, number] {
  return [h.hi >>> 16, h.hi & 0xffff, h.lo >>> 16, h.lo & 0xffff];
}

export function toHex(h: SimHash): string {
  return (h.hi >>> 0).toString(16).padStart(8, '0') + (h.lo >>> 0).toString(16).padStart(8, '0');
}

export function fromHex(hex: string): SimHash {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new Error(`not a 64-bit hex simhash: "${hex}"`);
  return { hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8), 16) };
}
