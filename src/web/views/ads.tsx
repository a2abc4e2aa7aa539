import type { AdSlotKey } from '../../ads/ads.js';
import type { Ad } from '../../store/schema.js';
import type { ImageSrc } from './cards.js';

export interface AdViewProps {
  slot: AdSlotKey;
  ad: Ad;
  /** Where 关闭广告 comes back to without JavaScript. */
  back: string;
  imageSrc: ImageSrc;
}

/** Frame sizes: banners in the column, a box in the sidebar. */
const FRAME_HEIGHT: Record<AdSlotKey, number> = { article_top: 120, article_bottom: 120, feed: 100, sidebar: 250 };

/**
 * An ad: a link through /ad/:id/click (counted, then redirected to the stored link), or an
 * HTML snippet in a sandboxed frame of its own origin. 关闭广告 is a real link: without
 * JavaScript it sets the closed-slot cookie and comes back; with it, the slot hides at once.
 */
export function AdBox({ slot, ad, back, imageSrc }: AdViewProps) {
  return (
    <aside class={`ad ad-${slot.replace('_', '-')}`} data-ad-slot={slot} aria-label="广告">
      <AdContent slot={slot} ad={ad} imageSrc={imageSrc} />
      <CloseLink slot={slot} ad={ad} back={back} />
    </aside>
  );
}

/** An ad among the list items of a feed, shaped like them. */
export function FeedAdCard({ ad, back, imageSrc }: Omit<AdViewProps, 'slot'>) {
  return (
    <li class="card ad-card" data-ad-slot="feed" aria-label="广告">
      <AdContent slot="feed" ad={ad} imageSrc={imageSrc} />
      <CloseLink slot="feed" ad={ad} back={back} />
    </li>
  );
}

function AdContent({ slot, ad, imageSrc }: { slot: AdSlotKey; ad: Ad; imageSrc: ImageSrc }) {
  if (ad.kind === 'html') {
    return (
      <div class="ad-frame">
        <span class="ad-label">广告</span>
        {/* No allow-same-origin: the snippet runs in an opaque origin, away from our cookies and pages. */}
        <iframe
          src={`/ad/${ad.id}/frame`}
          title={ad.title}
          sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
          referrerpolicy="no-referrer"
          loading="lazy"
          width="100%"
          height={String(FRAME_HEIGHT[slot])}
        ></iframe>
      </div>
    );
  }
  return (
    <a class="ad-body" href={`/ad/${ad.id}/click`} rel="sponsored noopener nofollow" target="_blank">
      {ad.image_url ? <img src={imageSrc(ad.image_url)} alt={ad.title} width="640" height="120" loading={slot === 'article_top' ? undefined : 'lazy'} /> : null}
      <span class="ad-text">
        <strong>
          <span class="ad-label">广告</span>
          {ad.title}
        </strong>
        {ad.body_text}
      </span>
    </a>
  );
}

function CloseLink({ slot, ad, back }: { slot: AdSlotKey; ad: Ad; back: string }) {
  const close = `/ad/close?slot=${slot}&ad=${ad.id}&next=${encodeURIComponent(back)}`;
  return (
    <a class="ad-close" href={close} data-ad-close rel="nofollow">
      关闭广告
    </a>
  );
}
