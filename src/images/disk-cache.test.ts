import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskCache } from './disk-cache.js';
import { HTML, tinyPng } from './testing.js';

const key = (s: string) => createHash('sha256').update(s).digest('hex');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redian-disk-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function files(): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(dir)) for (const name of await readdir(join(dir, shard))) out.push(name);
  return out.sort();
}

describe('DiskCache', () => {
  it('keeps an image with its type, across instances', async () => {
    await new DiskCache({ dir, maxBytes: 1 << 20 }).put(key('a'), { body: tinyPng(), contentType: 'image/png' });
    expect(await new DiskCache({ dir, maxBytes: 1 << 20 }).get(key('a'))).toEqual({ body: tinyPng(), contentType: 'image/png' });
    expect(await new DiskCache({ dir, maxBytes: 1 << 20 }).get(key('b'))).toBeUndefined();
    expect(await files()).toEqual([key('a')]);
  });

  it('treats a file that is not a raster image of its stated type as a miss', async () => {
    const cache = new DiskCache({ dir, maxBytes: 1 << 20 });
    await cache.put(key('a'), { body: tinyPng(), contentType: 'image/png' });
    const path = join(dir, key('a').slice(0, 2), key('a'));
    await writeFile(path, Buffer.concat([Buffer.from('image/png\n'), HTML]));
    expect(await cache.get(key('a'))).toBeUndefined();
    await writeFile(path, Buffer.concat([Buffer.from('text/html\n'), HTML]));
    expect(await cache.get(key('a'))).toBeUndefined();
  });

  it('deletes the least recently used files when a write takes it over the cap', async () => {
    const size = 10_000;
    const cache = new DiskCache({ dir, maxBytes: 3.5 * size });
    const names = ['one', 'two', 'three'];
    for (const [i, name] of names.entries()) {
      await cache.put(key(name), { body: tinyPng(size - 10), contentType: 'image/png' });
      const t = new Date(Date.now() - (10 - i) * 60_000);
      await utimes(join(dir, key(name).slice(0, 2), key(name)), t, t);
    }
    // A hit makes "one" the most recently used.
    expect(await cache.get(key('one'))).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    await cache.put(key('four'), { body: tinyPng(size - 10), contentType: 'image/png' });
    expect(await files()).toEqual([key('four'), key('one'), key('three')].sort());
  });
});
