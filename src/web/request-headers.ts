import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { parse } from 'hono/utils/cookie';

/**
 * A request header (`name` in lower case), read from node:http's parsed headers when the
 * request came through the server. The Fetch Request's `headers` would be built, every
 * header validated and copied, on the first question: a few µs per page, for the three or
 * four headers an article page reads. Without a node request (`app.request()` in tests)
 * the Request is asked.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: Pick<IncomingMessage, 'headers'> } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A cookie of the request, as hono/cookie's getCookie reads it, from requestHeader's headers. */
export function requestCookie(c: Context, name: string): string | undefined {
  const header = requestHeader(c, 'cookie');
  return header ? parse(header, name)[name] : undefined;
}
