/**
 * Query latency of the embedded index at a fixed size: the corpus's real vectors, topped up to `size`
 * with perturbed copies of them (renormalised, so the index holds realistic directions), then timed
 * in-process searches (k = 10) from real vectors, without and with a quality filter.
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
  const time = async (filtered: boolean): Promise<number[]> => {
    const ms: number[] = [];
    for (let q = 0; q < queries; q++) {
      const query = vectors[Math.floor(r() * vectors.length)]!;
      const started = performance.now();
      await index.search(query, {
        k: 10,
        ...(filtered ? { filter: { minQuality: 0.8, notFilePath: 'f1.py' } } : {}),
      });
      ms.push(performance.now() - started);
    }
    return ms;
  };
  await time(false); // warm-up: the first searches run before the optimising compiler has the loop
  const plain = await time(false);
  const filtered = await time(true);
  return {
    size,
    realVectors: vectors.length,
    queries,
    p50: percentile(plain, 50),
    p95: percentile(plain, 95),
    filteredP50: percentile(filtered, 50),
    filteredP95: percentile(filtered, 95),
  };
}
