/**
 * Which page requests are reads. Crawlers, link checkers and scripts are not readers; a
 * prefetch may never be looked at; a HEAD request fetches no page. They are served like
 * any other request but not counted.
 */

// Matched case-insensitively anywhere in the User-Agent. Generic words catch most crawlers
// (Googlebot, bingbot, YandexBot, Baiduspider, 360Spider, Sogou web spider, Bytespider,
// YisouSpider, AhrefsBot…); the rest are named. Command-line and library clients (curl,
// wget, python-requests, Go, Java, okhttp, axios, node-fetch, undici) are scripts, not
// readers. Headless browsers are not listed: they also run previews and tests of real pages.
const BOT_UA =
  /bot\b|bot\/|spider|crawl|slurp|archiver|mediapartners|facebookexternalhit|embedly|quora link preview|whatsapp|bingpreview|feedfetcher|\bcurl\/|\bwget\/|python-requests|python-urllib|aiohttp|httpx|\bgo-http-client|\bjava\/|okhttp|axios\/|node-fetch|\bundici\b|libwww-perl|\bhttpclient\b|scrapy|phantomjs|lighthouse|pingdom|uptimerobot|statuscake/i;

// Answers by User-Agent: readers' browsers send a few hundred distinct strings, and the
// pattern above costs more per page than the rest of deciding whether it is a read.
const KNOWN_AGENTS = 1000;
const KNOWN_AGENT_CHARS = 512;
const knownAgents = new Map<string, boolean>();

/** True for an empty User-Agent or one of a known crawler or script. */
export function isBot(userAgent: string | undefined | null): boolean {
  if (!userAgent || userAgent.trim() === '') return true;
  let bot = knownAgents.get(userAgent);
  if (bot === undefined) {
    bot = BOT_UA.test(userAgent);
    // Forgotten all at once when full: a flood of made-up agents costs a test each, as before.
    if (knownAgents.size >= KNOWN_AGENTS) knownAgents.clear();
    if (userAgent.length <= KNOWN_AGENT_CHARS) knownAgents.set(userAgent, bot);
  }
  return bot;
}

/** True for a speculative load: `Purpose: prefetch`, `Sec-Purpose: prefetch…` (also prerender), `X-Moz: prefetch`. */
export function isPrefetch(header: (name: string) => string | undefined | null): boolean {
  const purpose = header('sec-purpose') ?? header('purpose') ?? header('x-purpose') ?? header('x-moz');
  if (!purpose) return false;
  const p = purpose.toLowerCase();
  return p.startsWith('prefetch') || p.startsWith('prerender') || p.startsWith('preview');
}

/** Whether serving this request is a read to count: a GET from what looks like a reader, not a prefetch. */
export function countsAsRead(method: string, header: (name: string) => string | undefined | null): boolean {
  return method === 'GET' && !isBot(header('user-agent')) && !isPrefetch(header);
}
