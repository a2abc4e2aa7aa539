/**
 * The error catalogue: every error Redian raises on purpose has a stable code here,
 * so logs, CLI output and API responses can be matched on the code, not the wording.
 */
export const ERRORS = {
  CONFIG_INVALID: { status: 500, message: 'invalid configuration' },
  DB_UNREACHABLE: { status: 503, message: 'database unreachable' },
  DB_URL_UNSUPPORTED: { status: 500, message: 'unsupported DATABASE_URL' },
  SCHEMA_BEHIND: { status: 503, message: 'database schema is behind the code' },
  SCHEMA_AHEAD: { status: 503, message: 'database schema is newer than the code' },
  MIGRATION_FAILED: { status: 500, message: 'migration failed' },
  SETTING_UNKNOWN: { status: 400, message: 'unknown setting' },
  SETTING_INVALID: { status: 400, message: 'invalid setting value' },
  FEED_INVALID: { status: 422, message: 'feed could not be parsed' },
  FEED_ENTITY_EXPANSION: { status: 422, message: 'feed declares XML entities, which are refused' },
  FETCH_BLOCKED_ADDRESS: { status: 422, message: 'refused to fetch from a private, loopback, link-local or metadata address' },
  FETCH_BAD_URL: { status: 422, message: 'not a fetchable http(s) URL' },
  FETCH_TOO_LARGE: { status: 422, message: 'response too large' },
  FETCH_TIMEOUT: { status: 504, message: 'fetch timed out' },
  FETCH_HTTP_STATUS: { status: 502, message: 'unexpected HTTP status' },
  FETCH_TOO_MANY_REDIRECTS: { status: 502, message: 'too many redirects' },
  FETCH_FAILED: { status: 502, message: 'fetch failed' },
  ROBOTS_DISALLOWED: { status: 403, message: 'robots.txt disallows this URL' },
  EXTRACT_FAILED: { status: 422, message: 'no article could be extracted from the page' },
  IMAGE_BAD_SIGNATURE: { status: 403, message: 'image URL signature is invalid' },
  IMAGE_NOT_RASTER: { status: 415, message: 'not a raster image' },
  IMAGE_TOO_LARGE: { status: 502, message: 'image too large' },
  IMAGE_NOT_FOUND: { status: 404, message: 'image not found at its origin' },
  IMAGE_UNAVAILABLE: { status: 502, message: 'image could not be fetched' },
  SOURCE_UNKNOWN: { status: 404, message: 'unknown source' },
  SOURCE_EXISTS: { status: 409, message: 'a source with this feed already exists' },
  SOURCE_INVALID: { status: 400, message: 'invalid source' },
  CATEGORY_UNKNOWN: { status: 400, message: 'unknown category' },
  OPML_INVALID: { status: 422, message: 'OPML could not be read' },
  DEMO_MISSING: { status: 500, message: 'demo corpus not found' },
  ASSETS_MISSING: { status: 500, message: 'built assets not found' },
  NOT_FOUND: { status: 404, message: 'not found' },
  GONE: { status: 410, message: 'gone' },
  CLI_USAGE: { status: 400, message: 'invalid command usage' },
  API_BAD_REQUEST: { status: 400, message: 'invalid request parameter' },
  METRICS_FORBIDDEN: { status: 403, message: 'metrics are for localhost or a bearer token' },
  AD_INVALID: { status: 400, message: 'invalid ad' },
  AD_UNKNOWN: { status: 404, message: 'unknown ad' },
  AD_SLOT_UNKNOWN: { status: 400, message: 'unknown ad slot' },
  TAKEDOWN_INVALID: { status: 400, message: 'invalid takedown request' },
  TAKEDOWN_UNKNOWN: { status: 404, message: 'unknown takedown request' },
  TAKEDOWN_DECIDED: { status: 409, message: 'takedown request already decided' },
  RATE_LIMITED: { status: 429, message: 'too many requests' },
  ADMIN_INVALID: { status: 400, message: 'invalid account' },
  ADMIN_EXISTS: { status: 409, message: 'an account with this username already exists' },
  ADMIN_UNKNOWN: { status: 404, message: 'unknown account' },
  EDIT_INVALID: { status: 400, message: 'invalid change' },
  CATEGORY_NOT_EMPTY: { status: 409, message: 'category still has articles or sources' },
  FILTER_INVALID: { status: 400, message: 'invalid filter rule' },
  FILTER_UNKNOWN: { status: 404, message: 'unknown filter rule, replacement or word list' },
  WORD_LIST_INVALID: { status: 400, message: 'word list could not be read' },
  WORD_LIST_TOO_LARGE: { status: 413, message: 'word list too large' },
  REVIEW_NOT_HELD: { status: 409, message: 'article is not waiting for review' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class RedianError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const base = ERRORS[code].message;
    super(detail ? `${base}: ${detail}` : base, options);
    this.name = 'RedianError';
    this.code = code;
    this.status = ERRORS[code].status;
  }
}

export function isRedianError(err: unknown, code?: ErrorCode): err is RedianError {
  return err instanceof RedianError && (code === undefined || err.code === code);
}

/** One line for a terminal or a log: `E_CODE: message`. */
export function describeError(err: unknown): string {
  if (err instanceof RedianError) return `E_${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
