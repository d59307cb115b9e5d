/**
 * The embedded vector index, in process, loaded from the store: unit vectors in one contiguous
 * Float32Array (cosine = dot product). Large indexes search in two steps: an int8 copy of every row is
 * scanned by a WebAssembly SIMD kernel (quantised-rows.ts), the filter picks the best candidates by that
 * approximate score, and those are re-ranked exactly in float32. Small indexes, and machines without
 * WebAssembly SIMD, use the exact float32 loop. Both read every row per query, so the cost is linear:
 * docs/SIMILARITY.md says where that stops being interactive (Qdrant's HNSW is sub-linear).
 */

import type {
  SimilarityStore,
  VectorEntry,
  VectorFilter,
  VectorHit,
  VectorIndex,
  VectorPayload,
} from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';
import { int8Kernel } from './int8-kernel';
import { QuantisedRows } from './quantised-rows';

/** The embedded index, with its size for callers that want it. */
export interface MemoryIndex extends VectorIndex {
  readonly size: number;
  /** Whether searches of this size take the quantised fast path. */
  readonly fast: boolean;
  /** The stored vector of a pattern, or undefined. */
  vectorOf(id: string): Float32Array | undefined;
  /** The same search by the exact float32 loop alone (the fast path's reference, for benchmarks). */
  exactSearch(vector: Float32Array, options: { k: number; filter?: VectorFilter }): Promise<VectorHit[]>;
  /**
   * Every vector whose similarity to `vector` is at or above `min`, best first: complete, not an
   * approximation (the quantised scan only rules out rows its rounding error cannot lift to `min`).
   */
  searchAbove(vector: Float32Array, options: { min: number; filter?: VectorFilter }): Promise<VectorHit[]>;
}

/** Options of the embedded index. */
export interface MemoryIndexOptions {
  /** From this many vectors on, search by the quantised fast path when the machine can (default 4096). */
  fastFrom?: number;
  /** Candidates re-ranked exactly per query: k plus this many (default max(k, 32)). */
  extraCandidates?: number;
}

/** An empty in-process index. */
export function createMemoryIndex(
  dimensions = VECTOR_DIMENSIONS,
  options: MemoryIndexOptions = {},
): MemoryIndex {
  let capacity = 1024;
  let matrix = new Float32Array(capacity * dimensions);
  let size = 0;
  const payloads: VectorPayload[] = [];
  const rows = new Map<string, number>();
  const kernel = dimensions % 16 === 0 ? int8Kernel() : null;
  const quantised = kernel ? new QuantisedRows(kernel, dimensions) : null;
  const fastFrom = options.fastFrom ?? 4096;

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
        quantised?.reserve(capacity, size);
      }
      row = size++;
      rows.set(entry.payload.patternId, row);
    }
    matrix.set(entry.vector, row * dimensions);
    quantised?.set(row, entry.vector);
    payloads[row] = entry.payload;
  };

  const remove = (id: string) => {
    const row = rows.get(id);
    if (row === undefined) return;
    const last = --size;
    // Keep rows dense: the last row moves into the hole.
    if (row !== last) {
      matrix.copyWithin(row * dimensions, last * dimensions, (last + 1) * dimensions);
      quantised?.move(last, row);
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

  const keeper = (filter: VectorFilter | undefined) => {
    const not = filter?.notIds ? new Set(filter.notIds) : null;
    return (row: number) => passes(payloads[row]!, filter, not);
  };
  const hitsOf = (found: { row: number; similarity: number }[]): VectorHit[] =>
    found.map(({ row, similarity }) => ({ id: payloads[row]!.patternId, similarity }));

  return {
    location: 'embedded (in-process search)',
    get size() {
      return size;
    },
    get fast() {
      return quantised !== null && size >= fastFrom;
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
      if (query.length !== dimensions)
        throw new Error(`query of ${query.length} dimensions, index has ${dimensions}`);
      if (!quantised || size < fastFrom)
        return hitsOf(searchRows(matrix, size, dimensions, query, k, keeper(filter)));
      const approximate = quantised.scanAll(query, size);
      const candidates = topOf(
        approximate,
        size,
        k + (options.extraCandidates ?? Math.max(k, 32)),
        keeper(filter),
      );
      const exact = candidates.map((row) => ({
        row,
        similarity: clamp(dot(matrix, row * dimensions, query)),
      }));
      exact.sort((a, b) => b.similarity - a.similarity || a.row - b.row);
      return hitsOf(exact.slice(0, k));
    },
    async exactSearch(query, { k, filter }) {
      return hitsOf(searchRows(matrix, size, dimensions, query, k, keeper(filter)));
    },
    async searchAbove(query, { min, filter }) {
      if (query.length !== dimensions)
        throw new Error(`query of ${query.length} dimensions, index has ${dimensions}`);
      const keep = keeper(filter);
      const found: { row: number; similarity: number }[] = [];
      const check = (row: number) => {
        if (!keep(row)) return;
        const similarity = clamp(dot(matrix, row * dimensions, query));
        if (similarity >= min) found.push({ row, similarity });
      };
      if (!quantised || size < fastFrom) {
        for (let row = 0; row < size; row++) check(row);
      } else {
        const queryScale = quantised.setQuery(query);
        const scores = quantised.scanRange(0, size);
        const margin = roundingMargin(query, dimensions);
        for (let row = 0; row < size; row++) {
          if (scores[row]! * queryScale + quantised.scaleOf(row) * margin + 1e-4 >= min) check(row);
        }
      }
      found.sort((a, b) => b.similarity - a.similarity || a.row - b.row);
      return hitsOf(found);
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
    hits.push({ row: topRow[i]!, similarity: clamp(topScore[i]!) });
  }
  return hits;
}

/** The rows of the `n` highest `scores` that `keep` accepts (in no particular order). */
function topOf(scores: Float32Array, size: number, n: number, keep: (row: number) => boolean): number[] {
  const topScore = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const topRow = new Int32Array(n).fill(-1);
  let floor = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < size; row++) {
    const score = scores[row]!;
    if (score <= floor || !keep(row)) continue;
    let i = n - 1;
    while (i > 0 && topScore[i - 1]! < score) {
      topScore[i] = topScore[i - 1]!;
      topRow[i] = topRow[i - 1]!;
      i--;
    }
    topScore[i] = score;
    topRow[i] = row;
    floor = topScore[n - 1]!;
  }
  return [...topRow].filter((row) => row >= 0);
}

/**
 * Bound of the int8 scan's error on a dot product with `query`, per unit of a row's scale (m/127, m its
 * largest component). Each row component is rounded by at most m/254 and each query component by at
 * most q/65534 (q the query's largest component, int16 quantisation), and a rounded row component is at
 * most m: |error| <= m/254 * |query|_1 + dims * m * q/65534, i.e. scale * 127 * (|query|_1/254 + dims *
 * q/65534). The caller adds 1e-4 for the kernel's float32 rounding of its int32 sum.
 */
function roundingMargin(query: Float32Array, dimensions: number): number {
  let l1 = 0;
  let largest = 0;
  for (let d = 0; d < dimensions; d++) {
    l1 += Math.abs(query[d]!);
    largest = Math.max(largest, Math.abs(query[d]!));
  }
  return 127 * (l1 / 254 + (dimensions * largest) / 65534);
}

function dot(matrix: Float32Array, at: number, query: Float32Array): number {
  let s = 0;
  for (let d = 0; d < query.length; d++) s += matrix[at + d]! * query[d]!;
  return s;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** An embedded index holding every vector of the store. */
export async function loadMemoryIndex(similarity: SimilarityStore): Promise<MemoryIndex> {
  const index = createMemoryIndex();
  for await (const page of similarity.vectorEntries()) await index.upsert(page);
  return index;
}
