import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

// Test support: a small news site on 127.0.0.1 built from testdata/site.

export const fixture = (name: string) => readFileSync(new URL(`./testdata/site/${name}`, import.meta.url));

/** A small news site on 127.0.0.1: a UTF-8 feed with ETag, a GBK feed, an article page, a failing feed. */
function siteHandler(req: IncomingMessage, res: ServerResponse): void {
  const send = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': type, ...headers });
    res.end(body);
  };
  switch (req.url) {
    case '/feed.xml':
      if (req.headers['if-none-match'] === '"v1"') return send(304, 'application/rss+xml', '');
      return send(200, 'application/rss+xml', fixture('feed.xml'), { ETag: '"v1"' });
    case '/gbk.xml':
      // Declared as gb2312 in the XML, served without a charset: the decoder must work it out.
      return send(200, 'text/xml', iconv.encode(fixture('feed.xml').toString('utf8').replace('encoding="UTF-8"', 'encoding="gb2312"'), 'gbk'));
    case '/news/summary.html':
      return send(200, 'text/html; charset=utf-8', fixture('summary.html'));
    case '/':
      return send(200, 'text/html; charset=utf-8', fixture('home.html'));
    case '/plain.html':
      return send(200, 'text/html; charset=utf-8', '<html><body>没有订阅源</body></html>');
    case '/xss.xml':
      return send(200, 'application/rss+xml; charset=utf-8', fixture('xss.xml'));
    case '/broken.xml':
      return send(500, 'text/plain', 'oops');
    default:
      return send(404, 'text/plain', 'not found');
  }
}

export async function startFixtureSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(siteHandler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
