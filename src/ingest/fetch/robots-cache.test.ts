import { describe, expect, it } from 'vitest';
import { RedianError } from '../../errors.js';
import { RobotsCache, type RobotsResponse } from './robots-cache.js';

const page = new URL('https://news.example/private/1.html');

function loaderOf(response: RobotsResponse) {
  const calls: string[] = [];
  const load = async (robotsUrl: string) => {
    calls.push(robotsUrl);
    return response;
  };
  return { calls, load };
}

describe('RobotsCache', () => {
  it('fetches /robots.txt of the origin once for concurrent and later questions', async () => {
    const cache = new RobotsCache();
    const { calls, load } = loaderOf({ status: 200, text: 'User-agent: *\nDisallow: /private' });
    const answers = await Promise.all([page, new URL('https://news.example/public'), page].map((u) => cache.isAllowed(u, load)));
    expect(answers).toEqual([false, true, false]);
    expect(await cache.isAllowed(new URL('https://news.example/x'), load)).toBe(true);
    expect(calls).toEqual(['https://news.example/robots.txt']);
  });

  it('asks again once the TTL has passed, and keeps origins apart', async () => {
    let now = 0;
    const cache = new RobotsCache({ ttlMs: 1000, now: () => now });
    const { calls, load } = loaderOf({ status: 200, text: '' });
    await cache.isAllowed(page, load);
    await cache.isAllowed(new URL('http://news.example/'), load);
    now = 999;
    await cache.isAllowed(page, load);
    now = 1001;
    await cache.isAllowed(page, load);
    expect(calls).toEqual(['https://news.example/robots.txt', 'http://news.example/robots.txt', 'https://news.example/robots.txt']);
  });

  it('allows everything when robots.txt is absent (4xx) or its redirects loop', async () => {
    for (const response of [{ status: 404, text: '' }, { status: 403, text: '' }, { failure: 'unavailable' as const }]) {
      expect(await new RobotsCache().isAllowed(page, loaderOf(response).load)).toBe(true);
    }
  });

  it('disallows everything for now on 5xx, 429 or a network failure, and asks again after retryMs', async () => {
    for (const response of [{ status: 500, text: '' }, { status: 503, text: '' }, { status: 429, text: '' }, { failure: 'unreachable' as const }]) {
      expect(await new RobotsCache().isAllowed(page, loaderOf(response).load)).toBe(false);
    }
    let now = 0;
    const cache = new RobotsCache({ retryMs: 100, now: () => now });
    const failing = loaderOf({ status: 503, text: '' });
    expect(await cache.isAllowed(page, failing.load)).toBe(false);
    now = 101;
    expect(await cache.isAllowed(page, loaderOf({ status: 200, text: '' }).load)).toBe(true);
  });

  it('does not cache a loader error, and forgets the oldest origin beyond maxOrigins', async () => {
    const cache = new RobotsCache({ maxOrigins: 2 });
    const refusing = async () => {
      throw new RedianError('FETCH_BLOCKED_ADDRESS', 'x');
    };
    await expect(cache.isAllowed(page, refusing)).rejects.toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
    const { calls, load } = loaderOf({ status: 200, text: '' });
    for (const origin of ['https://a.example', 'https://b.example', 'https://c.example', 'https://a.example']) {
      await cache.isAllowed(new URL(`${origin}/`), load);
    }
    expect(calls).toEqual(['https://a.example', 'https://b.example', 'https://c.example', 'https://a.example'].map((o) => `${o}/robots.txt`));
    await cache.isAllowed(page, load);
    expect(calls.at(-1)).toBe('https://news.example/robots.txt');
  });
});
