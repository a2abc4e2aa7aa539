/** Video players whose iframes an article may keep (the web CSP must allow them as frame-src). */
export const VIDEO_HOSTS: readonly string[] = [
  'player.bilibili.com',
  'v.qq.com',
  'player.youku.com',
  'www.youtube-nocookie.com',
];

/** The iframe URL when it is an https page on an allowed video host, without credentials. */
export function videoEmbedUrl(src: string | undefined): string | undefined {
  if (!src) return undefined;
  let url: URL;
  try {
    url = new URL(src.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port !== '' || !VIDEO_HOSTS.includes(url.hostname)) return undefined;
  url.username = '';
  url.password = '';
  return url.href;
}
