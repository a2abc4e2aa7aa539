import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Politeness } from './politeness.js';

function tracker() {
  let inFlight = 0;
  let peak = 0;
  const starts: number[] = [];
  const task = async () => {
    starts.push(Date.now());
    peak = Math.max(peak, ++inFlight);
    await sleep(30);
    inFlight--;
  };
  return { task, starts, peak: () => peak };
}

describe('Politeness', () => {
  it('runs at most perHost tasks of one host at a time', async () => {
    const politeness = new Politeness({ perHost: 2, hostDelayMs: 0 });
    const t = tracker();
    await Promise.all(Array.from({ length: 6 }, () => politeness.run('news.example', t.task)));
    expect(t.peak()).toBe(2);
  });

  it('spaces the starts of requests to one host by hostDelayMs, other hosts unaffected', async () => {
    const politeness = new Politeness({ perHost: 4, hostDelayMs: 100 });
    const same = tracker();
    const other = tracker();
    const t0 = Date.now();
    await Promise.all([
      ...Array.from({ length: 3 }, () => politeness.run('news.example', same.task)),
      politeness.run('other.example', other.task),
    ]);
    // Measured from before the first request, so a busy event loop can only make starts later
    // (libuv's cached loop time may fire a timer a millisecond or two early by Date.now()).
    const [, second, third] = same.starts.map((s) => s - t0);
    expect(second).toBeGreaterThanOrEqual(97);
    expect(third).toBeGreaterThanOrEqual(197);
    expect(other.starts[0]! - t0).toBeLessThan(100);
  });

  it('treats host names case-insensitively', async () => {
    const politeness = new Politeness({ perHost: 1, hostDelayMs: 0 });
    const t = tracker();
    await Promise.all(['News.Example', 'news.example', 'NEWS.EXAMPLE'].map((h) => politeness.run(h, t.task)));
    expect(t.peak()).toBe(1);
  });

  it('caps tasks across hosts at the global limit', async () => {
    const politeness = new Politeness({ perHost: 2, global: 3, hostDelayMs: 0 });
    const t = tracker();
    await Promise.all(Array.from({ length: 10 }, (_, i) => politeness.run(`h${i % 5}.example`, t.task)));
    expect(t.peak()).toBe(3);
  });

  it('frees the slots of a task that fails', async () => {
    const politeness = new Politeness({ perHost: 1, global: 1, hostDelayMs: 0 });
    await expect(politeness.run('a.example', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(politeness.run('a.example', async () => 'ok')).resolves.toBe('ok');
  });
});
