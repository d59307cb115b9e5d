/**
 * Query latency of the embedded index at a fixed size: the corpus's real vectors, topped up to `size`
 * with perturbed copies of them (renormalised, so the index holds realistic directions), then timed
 * in-process searches (k = 10) from real vectors, without and with a quality filter, by the index's
 * search (the quantised fast path at this size) and by its exact float32 loop; recall@10 of the fast
 * path is measured against the exact answers of the same queries.
 */
import { createMemoryIndex, type MemoryIndex } from '../../server/src/storage/memory-index';
import { percentile } from '../common';
import { rng } from './mutate';

/** p50/p95 in milliseconds, unfiltered and with a quality filter. */
export interface Latency {
  size: number;
  realVectors: number;
  queries: number;
  p50: number;
  p95: number;
  filteredP50: number;
  filteredP95: number;
  /** Whether the timed search was the quantised fast path. */
  fast: boolean;
  /** The exact float32 loop on the same queries (unfiltered). */
  exactP50: number;
  exactP95: number;
  /** Share of the exact top-10 the fast path returned, unfiltered and filtered. */
  recall: number;
  filteredRecall: number;
}

/** Build an index of `size` vectors from `source` and time `queries` searches. */
export async function measureLatency(
  source: MemoryIndex,
  size: number,
  seed: number,
  queries = 300,
): Promise<Latency> {
  const r = rng(seed + 3);
  const ids = await source.ids();
  const vectors = ids.map((id) => source.vectorOf(id)!);
  const index = createMemoryIndex();
  for (let i = 0; i < size; i++) {
    const base = vectors[i % vectors.length]!;
    let vector = base;
    if (i >= vectors.length) {
      vector = base.map((x) => x + (r() - 0.5) * 0.05);
      const norm = Math.hypot(...vector);
      vector = vector.map((x) => x / norm);
    }
    await index.upsert([
      {
        vector,
        payload: {
          patternId: `p${i}`,
          patternType: 'function_pattern',
          category: 'general',
          quality: r(),
          repository: 'bench',
          filePath: `f${i % 2000}.py`,
        },
      },
    ]);
  }
  const time = async (filtered: boolean) => {
    const ms: number[] = [];
    const exactMs: number[] = [];
    let found = 0;
    let total = 0;
    for (let q = 0; q < queries; q++) {
      const query = vectors[Math.floor(r() * vectors.length)]!;
      const options = {
        k: 10,
        ...(filtered ? { filter: { minQuality: 0.8, notFilePath: 'f1.py' } } : {}),
      };
      let started = performance.now();
      const hits = await index.search(query, options);
      ms.push(performance.now() - started);
      started = performance.now();
      const exact = await index.exactSearch(query, options);
      exactMs.push(performance.now() - started);
      const ids = new Set(hits.map((h) => h.id));
      found += exact.filter((h) => ids.has(h.id)).length;
      total += exact.length;
    }
    return { ms, exactMs, recall: found / Math.max(1, total) };
  };
  await time(false); // warm-up: the first searches run before the optimising compiler has the loop
  const plain = await time(false);
  const filtered = await time(true);
  return {
    size,
    realVectors: vectors.length,
    queries,
    p50: percentile(plain.ms, 50),
    p95: percentile(plain.ms, 95),
    filteredP50: percentile(filtered.ms, 50),
    filteredP95: percentile(filtered.ms, 95),
    fast: index.fast,
    exactP50: percentile(plain.exactMs, 50),
    exactP95: percentile(plain.exactMs, 95),
    recall: plain.recall,
    filteredRecall: filtered.recall,
  };
}
