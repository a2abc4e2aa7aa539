import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A visitor id is 128 random bits, base64url: 22 characters. */
const ID_CHARS = 22;
/** The tag is HMAC-SHA256 cut to 128 bits, also base64url. */
const TAG_BYTES = 16;
const TAG_CHARS = 22;
/** `id.tag`: anything of another length is refused before any hashing. */
export const VISITOR_COOKIE_LENGTH = ID_CHARS + 1 + TAG_CHARS;
const COOKIE_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;
/** Verified cookie values remembered (about 100 bytes each). */
const VERIFIED_ENTRIES = 50_000;
/** Shortest secret accepted from the environment. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Issues and checks first-party visitor ids. The cookie carries the id and an HMAC of it,
 * so a forged, truncated or oversized value is recognized as not ours and replaced rather
 * than trusted. The secret must be the same on every node, or a reader moving between
 * nodes would get a new id on each.
 */
export class VisitorIds {
  private readonly key: Buffer;
  /**
   * Cookie values this signer has verified, and their ids: a returning reader sends the same
   * value on every page, and an HMAC per request cost more than the rest of reading the
   * cookie. Only values that passed the check are kept, so a forged one is checked each time.
   */
  private readonly verified = new Map<string, string>();

  constructor(secret: string | Buffer) {
    this.key = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    if (this.key.length < MIN_SECRET_LENGTH) throw new Error(`visitor id secret must be at least ${MIN_SECRET_LENGTH} bytes`);
  }

  /** A new random id and the cookie value that carries it. */
  issue(): { id: string; cookie: string } {
    const id = randomId();
    return { id, cookie: `${id}.${this.tag(id).toString('base64url')}` };
  }

  /** The id a cookie value carries, or undefined when it is not one this site signed. */
  verify(cookie: string | undefined): string | undefined {
    if (cookie === undefined || cookie.length !== VISITOR_COOKIE_LENGTH) return undefined;
    const known = this.verified.get(cookie);
    if (known !== undefined) return known;
    const id = this.check(cookie);
    if (id !== undefined) {
      // Oldest first out: the readers of the last minutes stay.
      if (this.verified.size >= VERIFIED_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cookie, id);
    }
    return id;
  }

  private check(cookie: string): string | undefined {
    if (!COOKIE_SHAPE.test(cookie)) return undefined;
    const id = cookie.slice(0, ID_CHARS);
    const given = Buffer.from(cookie.slice(ID_CHARS + 1), 'base64url');
    // base64url of 22 characters can decode to 16 bytes with stray low bits; compare bytes and re-encoding both.
    if (given.length !== TAG_BYTES) return undefined;
    const expected = this.tag(id);
    if (!timingSafeEqual(given, expected)) return undefined;
    if (given.toString('base64url') !== cookie.slice(ID_CHARS + 1)) return undefined;
    return id;
  }

  private tag(id: string): Buffer {
    return createHmac('sha256', this.key).update(id).digest().subarray(0, TAG_BYTES);
  }
}

// Random bytes for ids, drawn a few KiB at a time: every new reader needs 16, and a draw
// costs about as much whatever its size. Each byte is used once.
const RANDOM_BATCH = 4096;
let random = Buffer.alloc(0);
let randomAt = 0;

function randomId(): string {
  if (randomAt + 16 > random.length) {
    random = randomBytes(RANDOM_BATCH);
    randomAt = 0;
  }
  randomAt += 16;
  return random.toString('base64url', randomAt - 16, randomAt);
}

/** A fresh secret, for a site that has none stored yet. */
export function newVisitorSecret(): string {
  return randomBytes(32).toString('base64url');
}
