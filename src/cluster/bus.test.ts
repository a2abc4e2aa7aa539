import { afterEach, describe, expect, it } from 'vitest';
import { testRedis } from '../testing/redis.js';
import { type Bus, LocalBus, RedisBus } from './bus.js';

describe('local bus', () => {
  it('delivers to this process before publish resolves, per topic, until unsubscribed', async () => {
    const bus = new LocalBus();
    const got: unknown[] = [];
    const off = bus.subscribe('article.changed', (d) => got.push(d));
    bus.subscribe('settings.changed', () => got.push('settings'));
    await bus.publish('article.changed', { id: 7 });
    expect(got).toEqual([{ id: 7 }]);
    off();
    await bus.publish('article.changed', { id: 8 });
    expect(got).toEqual([{ id: 7 }]);
  });

  it('a failing handler does not stop the others', async () => {
    const errors: unknown[] = [];
    const bus = new LocalBus((e) => errors.push(e));
    const got: number[] = [];
    bus.subscribe('t', () => {
      throw new Error('boom');
    });
    bus.subscribe('t', () => got.push(1));
    await bus.publish('t');
    expect(got).toEqual([1]);
    expect(errors).toHaveLength(1);
  });
});

const redis = await testRedis();

describe.skipIf(redis.skip !== undefined)(`Redis bus between nodes${redis.skip ? ` (skipped: ${redis.skip})` : ''}`, () => {
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });

  it('reaches the other node once and the publishing node at once, without an echo', async () => {
    const prefix = redis.prefix();
    const a = new RedisBus(redis.url, () => {}, prefix);
    const b = new RedisBus(redis.url, () => {}, prefix);
    buses.push(a, b);
    const onA: unknown[] = [];
    const onB: unknown[] = [];
    a.subscribe('article.changed', (d) => onA.push(d));
    b.subscribe('article.changed', (d) => onB.push(d));
    await Promise.all([a.ready(), b.ready()]);
    await a.publish('article.changed', { id: 42 });
    expect(onA).toEqual([{ id: 42 }]);
    await expect.poll(() => onB, { timeout: 2000 }).toEqual([{ id: 42 }]);
    // Give an echo time to arrive: there must be none on the publisher.
    await new Promise((r) => setTimeout(r, 100));
    expect(onA).toEqual([{ id: 42 }]);
  });

  it('keeps sites on one Redis apart by prefix', async () => {
    const a = new RedisBus(redis.url, () => {}, redis.prefix());
    const b = new RedisBus(redis.url, () => {}, redis.prefix());
    buses.push(a, b);
    const onB: unknown[] = [];
    b.subscribe('settings.changed', (d) => onB.push(d));
    await b.ready();
    await a.publish('settings.changed');
    await new Promise((r) => setTimeout(r, 150));
    expect(onB).toEqual([]);
  });
});
