import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { RedianError } from '../errors.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** For files whose names carry a content hash. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Built assets: dist/public, from src/web or dist/web alike. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));

interface StaticFile {
  body: Uint8Array;
  type: string;
}

/**
 * A folder of small files held in memory: the bundled script and stylesheet, the demo
 * images. Nothing on a request touches the disk, and no path from a URL reaches the fs.
 */
export class StaticFiles {
  private constructor(
    private readonly files: Map<string, StaticFile>,
    private readonly cacheControl: string,
  ) {}

  static load(dir: string, cacheControl: string): StaticFiles {
    const files = new Map<string, StaticFile>();
    for (const name of readdirSync(dir)) {
      const type = TYPES[extname(name).toLowerCase()];
      if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
    }
    return new StaticFiles(files, cacheControl);
  }

  serve(c: Context, name: string): Response {
    const file = this.files.get(name);
    if (!file) return c.notFound() as Response;
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Cache-Control': this.cacheControl,
    });
  }
}

/** Hashed names of the built script and stylesheet, for links in pages. */
export interface AssetManifest {
  script: string;
  style: string;
  icon: string;
}

export function loadManifest(dir = PUBLIC_DIR): AssetManifest {
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
  } catch {
    throw new RedianError('ASSETS_MISSING', `${dir}manifest.json; run "npm run build"`);
  }
  const [script, style, icon] = [raw['app.js'], raw['style.css'], raw['favicon.svg']];
  if (!script || !style || !icon) throw new RedianError('ASSETS_MISSING', 'manifest lacks app.js, style.css or favicon.svg');
  return { script: `/assets/${script}`, style: `/assets/${style}`, icon: `/assets/${icon}` };
}
