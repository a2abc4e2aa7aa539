/** Ranking quality of one list against the items a reader went on to read. */

/** 1 when any of the first k items is relevant, else 0. */
export function hitAt(list: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  return list.slice(0, k).some((id) => relevant.has(id)) ? 1 : 0;
}

/**
 * nDCG@k with binary relevance: Σ 1/log2(rank+1) over relevant items in the first k,
 * divided by the same sum for an ideal list (all relevant items first).
 */
export function ndcgAt(list: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  let dcg = 0;
  list.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Mean hit-rate and nDCG over readers. */
export class RankingScore {
  private hits = 0;
  private ndcg = 0;
  private n = 0;

  add(list: readonly number[], relevant: ReadonlySet<number>, k: number): void {
    this.hits += hitAt(list, relevant, k);
    this.ndcg += ndcgAt(list, relevant, k);
    this.n++;
  }

  get hitRate(): number {
    return this.n === 0 ? 0 : this.hits / this.n;
  }

  get meanNdcg(): number {
    return this.n === 0 ? 0 : this.ndcg / this.n;
  }

  get readers(): number {
    return this.n;
  }
}
