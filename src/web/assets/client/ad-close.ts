/**
 * 关闭广告 is a link to /ad/close, which sets the closed-slot cookie and redirects back.
 * With JavaScript the same request is made in the background and the slot hides at once,
 * without a reload.
 */
export function enhanceAdClose(root: Document): void {
  root.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-ad-close]') as HTMLAnchorElement | null;
    if (!link) return;
    event.preventDefault();
    const slot = link.closest('[data-ad-slot]') as HTMLElement | null;
    if (slot) slot.hidden = true;
    void fetch(link.href, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).catch(() => {
      // Offline: the slot stays hidden for this page view; the next page shows it again.
    });
  });
}
