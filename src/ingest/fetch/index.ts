export {
  assertAddressAllowed,
  classifyAddress,
  isAddressAllowed,
  parseIpLiteral,
  type AddressKind,
  type AddressPolicy,
} from './address-policy.js';
export {
  FETCH_DEFAULTS,
  Fetcher,
  defaultFetcher,
  fetchResource,
  isAllowedByRobots,
  parseFetchUrl,
  type FetchOptions,
  type FetchResult,
  type FetcherConfig,
} from './fetcher.js';
export type { LookupFn } from './guarded-connector.js';
export { POLITENESS_DEFAULTS, type PolitenessOptions } from './politeness.js';
export { ROBOTS_CACHE_DEFAULTS, type RobotsCacheOptions } from './robots-cache.js';
export { ROBOTS_AGENT, RobotsTxt } from './robots-txt.js';
