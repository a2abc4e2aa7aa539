import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RasterType, RASTER_TYPES, detectRasterType } from './sniff.js';

export interface CachedImage {
  body: Buffer;
  contentType: RasterType;
}

export interface DiskCacheOptions {
  dir: string;
  /** The directory is swept back under this when a write takes it over. */
  maxBytes: number;
  /** Told about a write or sweep that failed; the image is still served. */
  onError?: (err: unknown, what: string) => void;
}

const HEADER_MAX = 32;
// A sweep frees a little more than it must, so the next few writes do not sweep again.
const SWEEP_TO = 0.9;

/**
 * Images on disk, one file per key (a sha256 in hex) under a two-character shard: the
 * detected type on the first line, then the bytes. Files are written whole (temp + rename),
 * so a reader never sees half an image, and several processes can share the directory.
 * Bounded: a write that takes the directory over `maxBytes` deletes the least recently used
 * files (by mtime, which a hit refreshes).
 */
export class DiskCache {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #onError: NonNullable<DiskCacheOptions['onError']>;
  // What this process believes the directory holds; every sweep recounts it from disk.
  #bytes: number | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(options: DiskCacheOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes;
    this.#onError = options.onError ?? (() => undefined);
  }

  #path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.#dir, key.slice(0, 2), key);
  }

  /** The cached image, or undefined for a miss or a file that is not what we wrote. */
  async get(key: string): Promise<CachedImage | undefined> {
    const path = this.#path(key);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      return undefined;
    }
    const newline = data.subarray(0, HEADER_MAX).indexOf(0x0a);
    const type = newline > 0 ? data.toString('latin1', 0, newline) : '';
    const body = data.subarray(newline + 1);
    // Re-checked on the way out: a damaged or planted file is a miss, never served.
    if (!RASTER_TYPES.includes(type as RasterType) || detectRasterType(body) !== type) return undefined;
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
    return { body, contentType: type as RasterType };
  }

  async put(key: string, image: CachedImage): Promise<void> {
    const path = this.#path(key);
    const data = Buffer.concat([Buffer.from(`${image.contentType}\n`, 'latin1'), image.body]);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(join(this.#dir, key.slice(0, 2)), { recursive: true });
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      this.#onError(err, 'image cache write failed');
      return;
    }
    if (this.#bytes !== undefined) this.#bytes += data.length;
    if (this.#bytes === undefined || this.#bytes > this.#maxBytes) await this.sweep();
  }

  /** Recounts the directory and, when it is over the cap, deletes the oldest files. */
  sweep(): Promise<void> {
    this.#sweeping ??= this.#sweep()
      .catch((err) => this.#onError(err, 'image cache sweep failed'))
      .finally(() => {
        this.#sweeping = undefined;
      });
    return this.#sweeping;
  }

  async #sweep(): Promise<void> {
    const files = await this.#files();
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > this.#maxBytes) {
      files.sort((a, b) => a.mtimeMs - b.mtimeMs);
      for (const file of files) {
        if (total <= this.#maxBytes * SWEEP_TO) break;
        await rm(file.path, { force: true });
        total -= file.size;
      }
    }
    this.#bytes = total;
  }

  async #files(): Promise<Array<{ path: string; size: number; mtimeMs: number }>> {
    const out: Array<{ path: string; size: number; mtimeMs: number }> = [];
    let shards: string[];
    try {
      shards = await readdir(this.#dir);
    } catch {
      return out;
    }
    for (const shard of shards) {
      let names: string[];
      try {
        names = await readdir(join(this.#dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(this.#dir, shard, name);
        try {
          const s = await stat(path);
          if (s.isFile()) out.push({ path, size: s.size, mtimeMs: s.mtimeMs });
        } catch {
          // Deleted meanwhile by another process: nothing to count.
        }
      }
    }
    return out;
  }
}
