import { RedianError } from '../errors.js';

/**
 * An ad's link or image URL as stored: absolute http(s) only, so a click can never run
 * script (javascript:), carry a payload (data:) or open another scheme. Throws AD_INVALID
 * with the reason.
 */
export function checkAdUrl(raw: string, field: string): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RedianError('AD_INVALID', `${field} must be an absolute http(s) URL (got "${value.slice(0, 80)}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RedianError('AD_INVALID', `${field} must use http or https, not ${url.protocol}`);
  }
  if (!url.hostname) throw new RedianError('AD_INVALID', `${field} has no host`);
  if (url.username || url.password) throw new RedianError('AD_INVALID', `${field} must not carry a user name or password`);
  return url.href;
}
