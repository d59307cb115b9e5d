/**
 * The "similar patterns of pattern X" service the CLI, the language server and the dashboard call:
 * it reads X's stored vector, asks a vector index for the nearest patterns and loads them. Pure over
 * ports: any `PatternStore`, `SimilarityStore` and `VectorIndex` will do.
 */
import type { PatternRecord } from '../pattern';
import type { PatternStore, SimilarityStore, VectorFilter, VectorIndex } from '../ports';
import { DEFAULT_SIMILARITY_THRESHOLD, similarityOf } from './fingerprint';

/** What the service needs. */
export interface SimilarityPorts {
  store: PatternStore;
  similarity: SimilarityStore;
  index: VectorIndex;
}

/** One answer: a pattern and its similarity to the target, 0–1. */
export interface SimilarPattern {
  similarity: number;
  pattern: PatternRecord;
}

/** Options of a similarity query. */
export interface SimilarOptions {
  k: number;
  filter?: VectorFilter;
  /** Leave out answers below this similarity (default: none). */
  minSimilarity?: number;
}

/**
 * The `k` patterns most similar to `patternId`, best first, itself excluded; null when the pattern has
 * no stored vector (unknown id, or stored before the similarity model existed).
 */
export async function similarPatterns(
  ports: SimilarityPorts,
  patternId: string,
  options: SimilarOptions,
): Promise<SimilarPattern[] | null> {
  const print = (await ports.similarity.fingerprints([patternId])).get(patternId);
  if (!print) return null;
  const filter: VectorFilter = { ...options.filter, notIds: [...(options.filter?.notIds ?? []), patternId] };
  const hits = await ports.index.search(print.vector, { k: options.k, filter });
  const results: SimilarPattern[] = [];
  for (const hit of hits) {
    if (options.minSimilarity !== undefined && hit.similarity < options.minSimilarity) continue;
    const pattern = await ports.store.getPattern(hit.id);
    // An index that lags the store (Qdrant before a sync) may name a pattern that is gone.
    if (pattern) results.push({ similarity: round(hit.similarity), pattern });
  }
  return results;
}

/** Similarity of two stored patterns and whether it passes `threshold`; null if either has no vector. */
export async function pairSimilarity(
  similarity: SimilarityStore,
  a: string,
  b: string,
  threshold = DEFAULT_SIMILARITY_THRESHOLD,
): Promise<{ similarity: number; similar: boolean } | null> {
  const prints = await similarity.fingerprints([a, b]);
  const pa = prints.get(a);
  const pb = prints.get(b);
  if (!pa || !pb) return null;
  const s = pa.astHash === pb.astHash ? 1 : similarityOf(pa.vector, pb.vector);
  return { similarity: round(s), similar: s >= threshold };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
