import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createUnzip } from 'node:zlib';
import { RedianError } from '../../errors.js';

export interface BodyLimit {
  /** Bytes allowed, counted both as received and after decoding. */
  maxBytes: number;
  /** 'throw' refuses a larger body with FETCH_TOO_LARGE; 'truncate' keeps its first maxBytes. */
  overflow: 'throw' | 'truncate';
}

/** The content codings we ask for (Accept-Encoding) and can decode. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  // Servers send "deflate" as zlib-wrapped (as the RFC says) or, wrongly, gzip; Unzip reads both.
  deflate: createUnzip,
  br: createBrotliDecompress,
};

class LimitReached extends Error {}

/**
 * Drops a body nobody will read. undici reports the destruction as an 'error' event, which
 * must have a listener or it takes the process down.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/**
 * Reads a response body, undoing its content codings, and stops as soon as either the received
 * or the decoded bytes pass the limit: a small gzip "bomb" that inflates to gigabytes costs at
 * most `maxBytes` of memory and the time to inflate that much.
 */
export async function readBody(body: Readable, contentEncoding: string | undefined, limit: BodyLimit, signal: AbortSignal): Promise<Buffer> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(contentEncoding);
  } catch (err) {
    discardBody(body);
    throw err;
  }
  const overLimit = () =>
    limit.overflow === 'truncate' ? new LimitReached() : new RedianError('FETCH_TOO_LARGE', `more than ${limit.maxBytes} bytes`);

  let received = 0;
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit.maxBytes) body.destroy(overLimit());
  });

  const chunks: Buffer[] = [];
  let size = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const room = limit.maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      done(chunk.length > room ? overLimit() : null);
    },
  });

  try {
    await pipeline([body, ...decoders, collect], { signal });
  } catch (err) {
    if (err instanceof LimitReached) return Buffer.concat(chunks, size);
    if (err instanceof RedianError || signal.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new RedianError('FETCH_FAILED', `cannot read the body: ${message}`, { cause: err });
  }
  return Buffer.concat(chunks, size);
}

function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  for (const coding of codings) {
    if (!(coding in DECODERS)) throw new RedianError('FETCH_FAILED', `unsupported content-encoding "${coding}"`);
  }
  // Codings are listed in the order they were applied, so they are undone from the last.
  return codings.reverse().map((coding) => DECODERS[coding]!());
}
