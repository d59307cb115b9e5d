/**
 * The indexer's SIMILAR_TO pass, after the graph pass: loads the repository's eligible vectors into the
 * embedded index (quantised fast path), searches the patterns whose edges may have changed (all of
 * them on a first run, see core/similarity/similar-edges.ts) and writes the difference to the
 * relationships table. Reads stored data only, like the graph pass.
 */
import type { PatternStore, SimilarityInput } from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';
import {
  isFullRun,
  type NeighbourSearch,
  SIMILAR_TO_DEFAULTS,
  type SimilarToSettings,
  similarEdges,
} from '../core/similarity/similar-edges';
import { buildClusterIndex } from '../storage/cluster-index';
import { createMemoryIndex, type MemoryIndex } from '../storage/memory-index';

/** What the pass did, and how long it took. */
export interface SimilarToSummary {
  /** Patterns taking part (enough statements, function or class). */
  patterns: number;
  /** Patterns whose neighbours were searched this time. */
  searched: number;
  full: boolean;
  edges: { total: number; added: number; removed: number; changed: number };
  durationMs: number;
}

/** Bring `repository`'s SIMILAR_TO edges up to date as part of index run `runId`. */
export async function runSimilarToPass(
  store: PatternStore,
  repository: string,
  runId: number,
  settings: SimilarToSettings = SIMILAR_TO_DEFAULTS,
): Promise<SimilarToSummary> {
  const started = performance.now();
  const inputs = await store.similarity.similarityInputs(repository, settings.minStatements, runId);
  const stored = await store.similarity.similarEdges(repository);
  // A full run searches every pattern: the cluster index (IVF) makes that about probes/√n of an
  // exact all-pairs search. A run that changed a few files searches few: exact embedded-index scans.
  const changed = inputs.filter((p) => p.changed).length;
  const search =
    isFullRun(inputs, stored, settings) || changed > inputs.length / 20
      ? clusterSearch(inputs)
      : exactSearch(inputs, repository);
  const result = await similarEdges(inputs, stored, search, settings);
  const unchanged = result.searched === 0 && result.edges.length === stored.length;
  const written = unchanged
    ? { added: 0, removed: 0, changed: 0 }
    : await store.graph.replaceEdges(repository, ['SIMILAR_TO'], result.edges);
  return {
    patterns: inputs.length,
    searched: result.searched,
    full: result.full,
    edges: { total: result.edges.length, ...written },
    durationMs: Math.round(performance.now() - started),
  };
}

function clusterSearch(inputs: readonly SimilarityInput[]): NeighbourSearch {
  const position = new Map(inputs.map((p, i) => [p.id, i]));
  const index = buildClusterIndex(
    inputs.map((p) => p.vector),
    VECTOR_DIMENSIONS,
  );
  return async (id, k) =>
    index
      .neighbours(position.get(id)!, k)
      .map((h) => ({ id: inputs[h.index]!.id, similarity: h.similarity }));
}

function exactSearch(inputs: readonly SimilarityInput[], repository: string): NeighbourSearch {
  const vectors = new Map(inputs.map((p) => [p.id, p.vector]));
  let index: MemoryIndex | null = null;
  return async (id, k) => {
    if (!index) {
      // Built only when something must be searched: an unchanged repository costs two reads.
      index = createMemoryIndex(VECTOR_DIMENSIONS, { fastFrom: 0 });
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
    }
    return index.search(vectors.get(id)!, { k, filter: { notIds: [id] } });
  };
}
