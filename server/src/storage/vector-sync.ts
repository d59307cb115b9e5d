/**
 * `motif sync`: compares a Qdrant collection with the store (the source of truth) and repairs drift:
 * points missing from the collection are upserted, points of patterns that are gone are deleted, and
 * points whose payload or vector differ from the store's are rewritten. A lost collection is rebuilt.
 */
import type { SimilarityStore, VectorEntry, VectorPayload } from '../core/ports';
import { type QdrantIndex, vectorDigest } from './qdrant-index';

/** What a comparison found, and what a repair did. */
export interface SyncReport {
  storeVectors: number;
  indexPoints: number;
  collectionExisted: boolean;
  /** In the store, not in the collection. */
  missing: string[];
  /** In the collection, not in the store. */
  extra: string[];
  /** In both, with a different payload or vector. */
  stale: string[];
  repaired: boolean;
}

function samePayload(a: VectorPayload, b: VectorPayload): boolean {
  return (
    a.patternType === b.patternType &&
    a.category === b.category &&
    Math.abs(a.quality - b.quality) < 1e-9 &&
    a.repository === b.repository &&
    a.filePath === b.filePath
  );
}

/** Compare the collection with the store; with `repair`, make the collection match it. */
export async function syncVectorIndex(
  similarity: SimilarityStore,
  index: QdrantIndex,
  options: { repair: boolean },
): Promise<SyncReport> {
  const existed = await index.exists();
  if (!existed && options.repair) await index.ensureCollection();
  const points: Awaited<ReturnType<QdrantIndex['points']>> = existed ? await index.points() : new Map();
  const missing: string[] = [];
  const stale: string[] = [];
  const queue: VectorEntry[] = [];
  const seen = new Set<string>();
  let storeVectors = 0;
  for await (const page of similarity.vectorEntries()) {
    for (const entry of page) {
      storeVectors++;
      const id = entry.payload.patternId;
      seen.add(id);
      const point = points.get(id);
      if (!point) {
        missing.push(id);
        queue.push(entry);
      } else if (!samePayload(point.payload, entry.payload) || point.digest !== vectorDigest(entry.vector)) {
        stale.push(id);
        queue.push(entry);
      }
    }
    // Repair page by page so a large store never holds every vector at once.
    if (options.repair) await index.upsert(queue.splice(0));
    else queue.length = 0;
  }
  const extra = [...points.keys()].filter((id) => !seen.has(id));
  if (options.repair && extra.length > 0)
    await index.deletePoints(extra.map((id) => points.get(id)!.pointId));
  return {
    storeVectors,
    indexPoints: points.size,
    collectionExisted: existed,
    missing,
    extra,
    stale,
    repaired: options.repair,
  };
}
