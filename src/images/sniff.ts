/** The raster formats the image proxy passes on, by the type it sends. */
export type RasterType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif' | 'image/bmp' | 'image/x-icon';

export const RASTER_TYPES: readonly RasterType[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon'];

const ascii = (buf: Buffer, at: number, text: string) => buf.length >= at + text.length && buf.toString('latin1', at, at + text.length) === text;
const bytes = (buf: Buffer, at: number, expected: number[]) => expected.every((b, i) => buf[at + i] === b);

// BITMAPCOREHEADER, INFOHEADER, V2, V3, OS/2 v2, V4, V5.
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/**
 * The raster format the bytes are, by their magic numbers alone: what the origin declared
 * is ignored, since an SVG or HTML page served as image/png must never reach a browser.
 * Anything else (SVG, HTML, PDF, TIFF, HEIC…) is undefined.
 */
export function detectRasterType(buf: Buffer): RasterType | undefined {
  if (bytes(buf, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes(buf, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(buf, 0, 'GIF87a') || ascii(buf, 0, 'GIF89a')) return 'image/gif';
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WEBP')) return 'image/webp';
  if (isAvif(buf)) return 'image/avif';
  // "BM" alone is too weak (text can start so); the DIB header size must be a known one.
  if (ascii(buf, 0, 'BM') && buf.length >= 18 && BMP_DIB_SIZES.has(buf.readUInt32LE(14))) return 'image/bmp';
  if (bytes(buf, 0, [0, 0, 1, 0]) && buf.length >= 6 && buf.readUInt16LE(4) > 0) return 'image/x-icon';
  return undefined;
}

/** An ISO-BMFF `ftyp` box whose major or a compatible brand is avif/avis. */
function isAvif(buf: Buffer): boolean {
  if (buf.length < 16 || !ascii(buf, 4, 'ftyp')) return false;
  const boxSize = buf.readUInt32BE(0);
  if (boxSize < 16 || boxSize > buf.length || boxSize > 4096) return false;
  for (let at = 8; at + 4 <= boxSize; at += 4) {
    // Offset 12 is the minor version, not a brand.
    if (at === 12) continue;
    const brand = buf.toString('latin1', at, at + 4);
    if (brand === 'avif' || brand === 'avis') return true;
  }
  return false;
}
