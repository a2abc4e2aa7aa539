import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, crc32 } from 'node:zlib';

// Test support: real tiny images, made here rather than committed, and a server on 127.0.0.1.

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A valid 1×1 RGBA PNG, padded with a private chunk to `size` bytes if asked. */
export function tinyPng(size = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0xd0, 0x2f, 0x2f, 0xff]))),
  ];
  const bare = parts.reduce((n, p) => n + p.length, 12);
  if (size > bare + 12) parts.push(pngChunk('pdDg', Buffer.alloc(size - bare - 12, 0x20)));
  parts.push(pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/**
 * A valid 8×8 mid-grey baseline JPEG: one quantisation table, one-code Huffman tables, and
 * a scan of one block whose DC difference is 0 followed by end-of-block.
 */
export function tinyJpeg(): Buffer {
  const seg = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const oneCodeTable = (tableClass: number) => [tableClass << 4, 1, ...Array<number>(15).fill(0), 0];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xdb, [0, ...Array<number>(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, oneCodeTable(0)),
    ...seg(0xc4, oneCodeTable(1)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

export interface ImageServer {
  url: string;
  /** Requests by path, in order, with their headers. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  hits(path: string): number;
  close(): Promise<void>;
}

/**
 * Images as a Chinese news site might serve them: a PNG and a JPEG, an SVG and an HTML page
 * dressed up as images, a large PNG (declared and streamed), a redirect, a 404 and a hang.
 */
export async function startImageServer(options: { bigBytes?: number } = {}): Promise<ImageServer> {
  const big = tinyPng(options.bigBytes ?? 64 * 1024);
  const requests: ImageServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const send = (status: number, type: string, body: Buffer | string) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    switch (path.split('?')[0]) {
      case '/a.png':
        return send(200, 'image/png', tinyPng());
      case '/b.jpg':
        // Declared wrongly on purpose: the bytes decide.
        return send(200, 'application/octet-stream', tinyJpeg());
      case '/svg-as-png.png':
        return send(200, 'image/png', SVG);
      case '/real.svg':
        return send(200, 'image/svg+xml', SVG);
      case '/page.jpg':
        return send(200, 'image/jpeg', HTML);
      case '/big.png':
        return send(200, 'image/png', big);
      case '/big-streamed.png':
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.write(big.subarray(0, 1024));
        return void setTimeout(() => res.end(big.subarray(1024)), 10);
      case '/moved.png':
        res.writeHead(302, { Location: '/a.png' });
        return void res.end();
      case '/forbidden.png':
        return send(403, 'text/plain', 'no hotlinking');
      case '/hang.png':
        return; // never answers
      default:
        return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
