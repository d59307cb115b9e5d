/**
 * The embedded vector index: exact cosine search over one Float32Array of unit vectors, in process,
 * loaded from the store. Exact search reads every vector per query, so its cost grows linearly: at 256
 * dimensions about 25 M multiply-adds per 100k patterns (docs/BENCHMARKS.md has the latency); past a
 * few hundred thousand patterns a query leaves interactive time and Qdrant (HNSW) is the better choice.
 */

import type { SimilarityStore, VectorEntry, VectorFilter, VectorIndex, VectorPayload } from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';

/** The embedded index, with its size for callers that want it. */
export interface MemoryIndex extends VectorIndex {
  readonly size: number;
  /** The stored vector of a pattern, or undefined. */
  vectorOf(id: string): Float32Array | undefined;
}

/** An empty in-process index. */
export function createMemoryIndex(dimensions = VECTOR_DIMENSIONS): MemoryIndex {
  let capacity = 1024;
  let matrix = new Float32Array(capacity * dimensions);
  let size = 0;
  const payloads: VectorPayload[] = [];
  const rows = new Map<string, number>();

  const put = (entry: VectorEntry) => {
    if (entry.vector.length !== dimensions)
      throw new Error(`vector of ${entry.vector.length} dimensions, index has ${dimensions}`);
    let row = rows.get(entry.payload.patternId);
    if (row === undefined) {
      if (size === capacity) {
        capacity *= 2;
        const grown = new Float32Array(capacity * dimensions);
        grown.set(matrix);
        matrix = grown;
      }
      row = size++;
      rows.set(entry.payload.patternId, row);
    }
    matrix.set(entry.vector, row * dimensions);
    payloads[row] = entry.payload;
  };

  const remove = (id: string) => {
    const row = rows.get(id);
    if (row === undefined) return;
    const last = --size;
    // Keep rows dense: the last row moves into the hole.
    if (row !== last) {
      matrix.copyWithin(row * dimensions, last * dimensions, (last + 1) * dimensions);
      payloads[row] = payloads[last]!;
      rows.set(payloads[row]!.patternId, row);
    }
    payloads.length = size;
    rows.delete(id);
  };

  const passes = (p: VectorPayload, f: VectorFilter | undefined, not: Set<string> | null): boolean => {
    if (!f) return true;
    if (f.minQuality !== undefined && p.quality < f.minQuality) return false;
    if (f.patternType !== undefined && p.patternType !== f.patternType) return false;
    if (f.category !== undefined && p.category !== f.category) return false;
    if (f.repository !== undefined && p.repository !== f.repository) return false;
    if (f.notFilePath !== undefined && p.filePath === f.notFilePath) {
      if (f.repository === undefined || p.repository === f.repository) return false;
    }
    return !not?.has(p.patternId);
  };

  return {
    location: 'embedded (in-process exact search)',
    get size() {
      return size;
    },
    vectorOf(id) {
      const row = rows.get(id);
      return row === undefined ? undefined : matrix.slice(row * dimensions, (row + 1) * dimensions);
    },
    async upsert(entries) {
      for (const e of entries) put(e);
    },
    async deleteIds(ids) {
      for (const id of ids) remove(id);
    },
    async deleteFile(repository, filePath) {
      const gone = payloads.filter((p) => p.repository === repository && p.filePath === filePath);
      for (const p of gone) remove(p.patternId);
    },
    async search(query, { k, filter }) {
      const not = filter?.notIds ? new Set(filter.notIds) : null;
      return searchRows(matrix, size, dimensions, query, k, (row) => passes(payloads[row]!, filter, not)).map(
        ({ row, similarity }) => ({ id: payloads[row]!.patternId, similarity }),
      );
    },
    async ids() {
      return payloads.slice(0, size).map((p) => p.patternId);
    },
    async close() {},
  };
}

/** Exact top-k by dot product over the first `size` rows that `keep` accepts, best first. */
export function searchRows(
  matrix: Float32Array,
  size: number,
  dimensions: number,
  query: Float32Array,
  k: number,
  keep: (row: number) => boolean,
): { row: number; similarity: number }[] {
  const topScore = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const topRow = new Int32Array(k).fill(-1);
  let floor = Number.NEGATIVE_INFINITY;
  for (let row = 0, at = 0; row < size; row++, at += dimensions) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < dimensions; d += 4) {
      s0 += matrix[at + d]! * query[d]!;
      s1 += matrix[at + d + 1]! * query[d + 1]!;
      s2 += matrix[at + d + 2]! * query[d + 2]!;
      s3 += matrix[at + d + 3]! * query[d + 3]!;
    }
    const score = s0 + s1 + s2 + s3;
    if (score <= floor || !keep(row)) continue;
    // Insert into the sorted top-k (k is small: a linear shift beats a heap).
    let i = k - 1;
    while (i > 0 && topScore[i - 1]! < score) {
      topScore[i] = topScore[i - 1]!;
      topRow[i] = topRow[i - 1]!;
      i--;
    }
    topScore[i] = score;
    topRow[i] = row;
    floor = topScore[k - 1]!;
  }
  const hits: { row: number; similarity: number }[] = [];
  for (let i = 0; i < k; i++) {
    if (topRow[i]! < 0) break;
    hits.push({ row: topRow[i]!, similarity: Math.min(1, Math.max(0, topScore[i]!)) });
  }
  return hits;
}

/** An embedded index holding every vector of the store. */
export async function loadMemoryIndex(similarity: SimilarityStore): Promise<MemoryIndex> {
  const index = createMemoryIndex();
  for await (const page of similarity.vectorEntries()) await index.upsert(page);
  return index;
}
