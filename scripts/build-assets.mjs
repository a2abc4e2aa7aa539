// Bundles the browser assets with content-hashed names and writes a manifest the server
// reads at boot: dist/public/{app-HASH.js, style-HASH.css, favicon-HASH.svg, manifest.json}.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'public');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: {
    app: join(root, 'src/web/assets/client/main.ts'),
    style: join(root, 'src/web/assets/style.css'),
  },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019', 'safari13'],
  entryNames: '[name]-[hash]',
  outdir: out,
  metafile: true,
  logLevel: 'warning',
});

const manifest = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const name = basename(file);
  manifest[name.replace(/-[A-Z0-9]+\./, '.')] = name;
}
// The icon needs no bundling, only a content hash in its name.
const icon = readFileSync(join(root, 'src/web/assets/favicon.svg'));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8).toUpperCase()}.svg`;
writeFileSync(join(out, iconName), icon);
manifest['favicon.svg'] = iconName;

writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`assets: ${Object.values(manifest).join(', ')}`);
