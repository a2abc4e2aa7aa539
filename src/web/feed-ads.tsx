import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { WebDeps } from './context.js';
import { readerAds } from './reader-ads.js';
import { FeedAdCard } from './views/ads.js';

/**
 * The feed slot of a list page: an ad card after every N items (N set per slot in the
 * console), as `after(i)` for CardList; undefined when the slot is off, closed or has no ad.
 */
export async function feedAds(c: Context, deps: WebDeps, opts: { categoryId: number | null; items: number; back: string }): Promise<((index: number) => Child) | undefined> {
  const every = await deps.services.ads.feedEvery();
  if (every === undefined || opts.items < every) return undefined;
  const reader = readerAds(c, deps, opts.categoryId);
  const ads = await reader.many('feed', Math.floor(opts.items / every));
  reader.commit();
  if (ads.length === 0) return undefined;
  const imageSrc = (url: string) => deps.images.src(url);
  return (i) => {
    const n = i + 1;
    const ad = n % every === 0 ? ads[n / every - 1] : undefined;
    return ad ? <FeedAdCard ad={ad} back={opts.back} imageSrc={imageSrc} /> : null;
  };
}
