import { describe, expect, it } from 'vitest';
import { VISITOR_COOKIE_LENGTH, VisitorIds } from './visitor-id.js';

describe('VisitorIds', () => {
  const ids = new VisitorIds('a secret of sixteen+ chars');

  it('issues random 128-bit ids that it recognizes, each time a new one', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { id, cookie } = ids.issue();
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      expect(cookie).toHaveLength(VISITOR_COOKIE_LENGTH);
      expect(ids.verify(cookie)).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });

  it('refuses ids signed with another key, tampered, cut, padded or malformed', () => {
    const { id, cookie } = ids.issue();
    const other = new VisitorIds('another secret, also long').issue().cookie;
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    const refused = [
      other,
      flip(cookie, 0),
      flip(cookie, cookie.length - 1),
      `${id}.${other.split('.')[1]}`,
      cookie.slice(0, -1),
      `${cookie}A`,
      cookie.replace('.', '-'),
      'x'.repeat(VISITOR_COOKIE_LENGTH),
      'A'.repeat(100_000),
      '',
      undefined,
      `${'é'.repeat(22)}.${'é'.repeat(22)}`,
    ];
    for (const value of refused) expect(ids.verify(value), String(value).slice(0, 60)).toBeUndefined();
  });

  it('remembers a verified cookie by its whole value: its id with another tag is still refused', () => {
    const { id, cookie } = ids.issue();
    expect(ids.verify(cookie)).toBe(id);
    expect(ids.verify(cookie)).toBe(id);
    const tag = cookie.slice(id.length + 1);
    const forged = `${id}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`;
    expect(ids.verify(forged)).toBeUndefined();
    expect(ids.verify(forged)).toBeUndefined();
    expect(ids.verify(cookie)).toBe(id);
  });

  it('refuses a key shorter than 16 bytes', () => {
    expect(() => new VisitorIds('short')).toThrow(/at least 16/);
  });
});
