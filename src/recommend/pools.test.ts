import { describe, expect, it } from 'vitest';
import { GuessPools, POOL_READS, type PoolItem, pickFromPool } from './pools.js';

/** Ids 1..n, each its own story (id + 100), category id % 4, source id % 6: the caps never bind before 6. */
function items(n: number): PoolItem[] {
  return Array.from({ length: n }, (_, i) => {
    const id = i + 1;
    return { articleId: id, facts: { id, story_id: id + 100, category_id: id % 4, source_id: id % 6 }, reason: `r${id}` };
  });
}

describe('GuessPools', () => {
  it('marks a pool stale once it is old or enough new reads are noted, and drops it at its maximum age', () => {
    let now = 0;
    const pools = new GuessPools(1000, () => now, 100, 5000);
    pools.set('v', items(18));
    expect(pools.get('v')).toMatchObject({ stale: false, pool: { items: expect.any(Array) } });
    expect(pools.get('v')?.pool.items).toHaveLength(18);
    for (let i = 0; i < POOL_READS - 1; i++) pools.noteRead('v', 50 + i, null);
    // The same article read again is not a new read.
    pools.noteRead('v', 50, null);
    expect(pools.get('v')?.stale).toBe(false);
    pools.noteRead('v', 99, null);
    // Still served (what was read since is filtered out), but due for a new one.
    expect(pools.get('v')?.stale).toBe(true);
    expect(pools.get('v')?.pool.readSince.has(99)).toBe(true);
    pools.set('w', items(18));
    now = 999;
    expect(pools.get('w')?.stale).toBe(false);
    now = 1000;
    expect(pools.get('w')?.stale).toBe(true);
    now = 5000;
    expect(pools.get('w')).toBeUndefined();
  });
});

describe('pickFromPool', () => {
  it('leaves out what the page shows, what was read since and their stories, best first', () => {
    const pool = { items: items(18), readSince: new Map<number, number | null | undefined>([[2, null], [50, 103]]) };
    // Article 1 is on the page; 4's story is on the page through another article; 3's story was read since (article 50).
    const picked = pickFromPool(pool, [{ id: 1, story_id: null }, { id: 60, story_id: 104 }], () => undefined, 6)!;
    expect(picked.map((p) => p.articleId)).toEqual([5, 6, 7, 8, 9, 10]);
    // A story unknown when noted is looked up.
    const again = pickFromPool({ items: items(18), readSince: new Map([[70, undefined]]) }, [], (id) => (id === 70 ? 101 : undefined), 6)!;
    expect(again.map((p) => p.articleId)).not.toContain(1);
  });

  it('says so when the pool cannot fill the list', () => {
    expect(pickFromPool({ items: items(7), readSince: new Map() }, [{ id: 1, story_id: null }, { id: 2, story_id: null }], () => undefined, 6)).toBeUndefined();
  });
});
