/**
 * How complete the SIMILAR_TO pass's edges are: for every eligible pattern, its k nearest at or above
 * the threshold by exact float32 search, compared with the edges the pass stored (which came from the
 * cluster index). Exact search of every pattern is quadratic, so at most `sample` patterns (evenly
 * spread over the id order) are checked. A stored neighbour counts when its similarity reaches the exact one at the same rank
 * (less 0.001), so ties between equally similar copies do not count as misses.
 */

import type { SimilarityStore } from '../../server/src/core/ports';
import { SIMILAR_TO_DEFAULTS } from '../../server/src/core/similarity/similar-edges';
import { createMemoryIndex } from '../../server/src/storage/memory-index';

/** Recall of the stored edges against exact search, and the exact search's CPU time. */
export interface EdgeRecall {
  patterns: number;
  /** Patterns whose neighbours were checked. */
  checked: number;
  exactEdges: number;
  storedEdges: number;
  recall: number;
  exactMs: number;
}

/** Compare `repository`'s stored SIMILAR_TO edges with exact top-k search. */
export async function edgeRecall(
  similarity: SimilarityStore,
  repository: string,
  runId: number,
  sample = 2000,
): Promise<EdgeRecall> {
  const { k, threshold, minStatements } = SIMILAR_TO_DEFAULTS;
  const inputs = await similarity.similarityInputs(repository, minStatements, runId);
  const stored = await similarity.similarEdges(repository);
  const got = new Map<string, number[]>();
  for (const e of stored) got.set(e.sourceId, [...(got.get(e.sourceId) ?? []), e.similarity]);
  for (const list of got.values()) list.sort((a, b) => b - a);
  const index = createMemoryIndex();
  await index.upsert(
    inputs.map((p) => ({
      vector: p.vector,
      payload: {
        patternId: p.id,
        patternType: '',
        category: '',
        quality: 0,
        repository,
        filePath: p.filePath,
      },
    })),
  );
  const hashes = new Map(inputs.map((p) => [p.id, p.astHash]));
  const started = performance.now();
  let exactEdges = 0;
  let hits = 0;
  const step = Math.max(1, inputs.length / sample);
  const checked = Array.from(
    { length: Math.min(sample, inputs.length) },
    (_, i) => inputs[Math.floor(i * step)]!,
  );
  for (const p of checked) {
    const exact = (await index.exactSearch(p.vector, { k, filter: { notIds: [p.id] } }))
      .map((h) => (hashes.get(h.id) === p.astHash ? 1 : h.similarity))
      .filter((s) => s >= threshold)
      .sort((a, b) => b - a);
    const mine = got.get(p.id) ?? [];
    exactEdges += exact.length;
    exact.forEach((s, rank) => {
      if ((mine[rank] ?? -1) >= Math.round(s * 10000) / 10000 - 0.001) hits++;
    });
  }
  return {
    patterns: inputs.length,
    checked: checked.length,
    exactEdges,
    storedEdges: stored.length,
    recall: hits / Math.max(1, exactEdges),
    exactMs: performance.now() - started,
  };
}
