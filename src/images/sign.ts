import { createHmac, timingSafeEqual } from 'node:crypto';
import { RedianError } from '../errors.js';

/** Where proxied images are served from; the route in src/web/routes/images.ts matches it. */
export const IMAGE_PATH_PREFIX = '/img/';

// 128 bits is plenty against forgery and keeps the URLs short.
const SIG_BYTES = 16;
// A domain tag, so the same secret could sign something else one day without confusion.
const CONTEXT = 'redian-img-v1\n';
// Longer URLs exist but not for images worth proxying; bounds the work an attacker can ask for.
const MAX_ENCODED_URL = 8192;

function mac(url: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(url).digest().subarray(0, SIG_BYTES);
}

/** `/img/<signature>/<url>`, both base64url: the only URLs the image proxy will fetch. */
export function signImageUrl(url: string, secret: string): string {
  return `${IMAGE_PATH_PREFIX}${mac(url, secret).toString('base64url')}/${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/** The URL a signature and encoded URL stand for; IMAGE_BAD_SIGNATURE unless this secret signed it. */
export function verifyImageSignature(sig: string, encodedUrl: string, secret: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(sig) || !/^[A-Za-z0-9_-]+$/.test(encodedUrl) || encodedUrl.length > MAX_ENCODED_URL) {
    throw new RedianError('IMAGE_BAD_SIGNATURE', 'malformed');
  }
  const given = Buffer.from(sig, 'base64url');
  const url = Buffer.from(encodedUrl, 'base64url').toString('utf8');
  const expected = mac(url, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new RedianError('IMAGE_BAD_SIGNATURE');
  return url;
}

/** Verifies a whole `/img/<sig>/<url>` path; returns the URL it stands for. */
export function verifyImagePath(path: string, secret: string): string {
  const rest = path.startsWith(IMAGE_PATH_PREFIX) ? path.slice(IMAGE_PATH_PREFIX.length) : undefined;
  const parts = rest?.split('/');
  if (parts?.length !== 2) throw new RedianError('IMAGE_BAD_SIGNATURE', 'malformed');
  return verifyImageSignature(parts[0]!, parts[1]!, secret);
}
