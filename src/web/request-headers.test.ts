import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestCookie, requestHeader } from './request-headers.js';

/** What a request reads, through node:http's headers (env.incoming, as @hono/node-server passes it) or the Request. */
function app() {
  const a = new Hono();
  a.get('/', (c) => c.json({ ua: requestHeader(c, 'user-agent') ?? null, purpose: requestHeader(c, 'sec-purpose') ?? null, rid: requestCookie(c, 'rid') ?? null, seen: requestCookie(c, 'ads_seen') ?? null }));
  return a;
}

describe('request headers', () => {
  it('reads node:http headers when served by node, without the Request', async () => {
    const incoming = { headers: { 'user-agent': 'Mozilla/5.0 Safari', cookie: 'a=1; rid=abc.def; ads_seen=x%3Ay' } };
    const res = await app().request('/', { headers: { 'user-agent': 'not this one' } }, { incoming });
    expect(await res.json()).toEqual({ ua: 'Mozilla/5.0 Safari', purpose: null, rid: 'abc.def', seen: 'x:y' });
  });

  it('reads the Request without a node request (app.request in tests)', async () => {
    const res = await app().request('/', { headers: { 'user-agent': 'Mozilla/5.0 Safari', 'sec-purpose': 'prefetch', cookie: 'rid=abc.def' } });
    expect(await res.json()).toEqual({ ua: 'Mozilla/5.0 Safari', purpose: 'prefetch', rid: 'abc.def', seen: null });
  });

  it('joins a repeated node:http header', async () => {
    const res = await app().request('/', {}, { incoming: { headers: { 'user-agent': ['a', 'b'] } } });
    expect((await res.json()).ua).toBe('a, b');
  });
});
