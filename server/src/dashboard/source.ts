/**
 * What the dashboard answers from: the store's SQL client and, when the store keeps similarity
 * vectors, a lookup of a pattern's most similar patterns. The embedded lookup is the similarity
 * service's query (core/similarity/find-similar.ts) over the in-process vector index, loaded from the
 * store on first use and kept for the life of the source.
 */
import { DEFAULT_SIMILARITY_THRESHOLD } from '../core/similarity/fingerprint';
import { loadMemoryIndex, type MemoryIndex } from '../storage/memory-index';
import type { SqlClient } from '../storage/sql-client';
import { createSimilarityStore } from '../storage/vector-reads';

/** Similar patterns of one pattern: ids and similarities, best first; null without a stored vector. */
export type SimilarLookup = (id: string, k: number) => Promise<{ id: string; similarity: number }[] | null>;

/** The dashboard's data source. */
export interface DashboardSource {
  sql: SqlClient;
  similar?: SimilarLookup;
  /** Start loading what `similar` needs, in the background (a server calls it once it listens). */
  warm?(): void;
}

/** A source over `sql` whose similar patterns come from an embedded index of the store's vectors. */
export function embeddedSource(sql: SqlClient): DashboardSource {
  const similarity = createSimilarityStore(sql);
  let index: Promise<MemoryIndex> | undefined;
  const load = () => {
    index ??= loadMemoryIndex(similarity);
    return index;
  };
  return {
    sql,
    warm() {
      void load().catch(() => {
        // A failed load is retried by the next lookup, which reports its error.
        index = undefined;
      });
    },
    async similar(id, k) {
      const print = (await similarity.fingerprints([id])).get(id);
      if (!print) return null;
      const hits = await (await load()).search(print.vector, { k, filter: { notIds: [id] } });
      // The same cut as SIMILAR_TO: only patterns at or above the default similarity threshold.
      return hits.filter((h) => h.similarity >= DEFAULT_SIMILARITY_THRESHOLD);
    },
  };
}
