import { describe, expect, it } from 'vitest';
import { Rebuilt } from './rebuilt.js';

describe('Rebuilt', () => {
  it('runs one build at a time and shares it with callers meanwhile', async () => {
    let builds = 0;
    let release!: () => void;
    const rebuilt = new Rebuilt(async () => {
      builds++;
      await new Promise<void>((r) => (release = r));
      return builds;
    });
    expect(rebuilt.latest).toBeUndefined();
    const a = rebuilt.start();
    const b = rebuilt.start();
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    expect(rebuilt.latest).toBe(1);
    const c = rebuilt.start();
    release();
    expect(await c).toBe(2);
  });

  it('keeps the last good value when a build fails, and builds again next time', async () => {
    let fail = false;
    let n = 0;
    const rebuilt = new Rebuilt(async () => {
      if (fail) throw new Error('db down');
      return ++n;
    });
    await rebuilt.start();
    fail = true;
    await expect(rebuilt.start()).rejects.toThrow('db down');
    expect(rebuilt.latest).toBe(1);
    fail = false;
    expect(await rebuilt.start()).toBe(2);
  });
});
