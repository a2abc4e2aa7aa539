import { describe, expect, it } from 'vitest';
import { detectRasterType } from './sniff.js';
import { HTML, SVG, tinyJpeg, tinyPng } from './testing.js';

const b = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

describe('detectRasterType', () => {
  it.each([
    ['image/png', tinyPng()],
    ['image/jpeg', tinyJpeg()],
    ['image/gif', b('GIF89a', [1, 0, 1, 0, 0, 0, 0])],
    ['image/gif', b('GIF87a', [1, 0, 1, 0])],
    ['image/webp', b('RIFF', u32le(30), 'WEBPVP8 ')],
    ['image/avif', b([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf')],
    ['image/avif', b([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1avis')],
    ['image/bmp', b('BM', u32le(70), [0, 0, 0, 0], u32le(54), u32le(40), u32le(1), u32le(1))],
    ['image/x-icon', b([0, 0, 1, 0, 1, 0], [16, 16, 0, 0])],
  ])('recognises %s by its bytes', (type, bytes) => {
    expect(detectRasterType(bytes)).toBe(type);
  });

  it.each([
    ['SVG', SVG],
    ['SVG with an XML declaration', b('<?xml version="1.0"?><svg/>')],
    ['HTML', HTML],
    ['empty', Buffer.alloc(0)],
    ['text starting with BM', b('BM is a name, not a bitmap header at all')],
    ['HEIC', b([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['RIFF that is not WebP', b('RIFF', u32le(30), 'WAVEfmt ')],
    ['an ICO header with no images', b([0, 0, 1, 0, 0, 0])],
    ['PDF', b('%PDF-1.7')],
  ])('refuses %s', (_, bytes) => {
    expect(detectRasterType(bytes)).toBeUndefined();
  });
});
