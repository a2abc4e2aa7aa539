import { describe, expect, it } from 'vitest';
import { signImageUrl, verifyImagePath, verifyImageSignature } from './sign.js';

const SECRET = 'test-secret-0123456789';
const URL_ = 'https://img.example.cn/2024/05/图片.jpg?w=640&h=480';

describe('image URL signing', () => {
  it('signs into /img/<sig>/<url> and verifies back to the URL', () => {
    const path = signImageUrl(URL_, SECRET);
    expect(path).toMatch(/^\/img\/[A-Za-z0-9_-]{22}\/[A-Za-z0-9_-]+$/);
    expect(verifyImagePath(path, SECRET)).toBe(URL_);
  });

  it('refuses a tampered URL, a tampered signature, another secret and malformed paths', () => {
    const [, , sig, enc] = signImageUrl(URL_, SECRET).split('/') as [string, string, string, string];
    const other = Buffer.from('https://img.example.cn/other.jpg').toString('base64url');
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const bad = [
      () => verifyImageSignature(sig, other, SECRET),
      () => verifyImageSignature(flipped, enc, SECRET),
      () => verifyImageSignature(sig.slice(0, -2), enc, SECRET),
      () => verifyImageSignature(sig, enc, 'another-secret-0123456789'),
      () => verifyImageSignature('', enc, SECRET),
      () => verifyImageSignature(sig, 'x'.repeat(9000), SECRET),
      () => verifyImagePath(`/img/${sig}`, SECRET),
      () => verifyImagePath(`/img/${sig}/${enc}/x`, SECRET),
      () => verifyImagePath(`/img/${sig}/${enc}=`, SECRET),
    ];
    for (const check of bad) expect(check).toThrow(expect.objectContaining({ code: 'IMAGE_BAD_SIGNATURE', status: 403 }));
  });
});
