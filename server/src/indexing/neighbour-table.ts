/**
 * The SIMILAR_TO pass's search over a whole repository at once: the `k` nearest of every eligible
 * vector by the cluster index (storage/cluster-index.ts), packed in two typed arrays so a worker thread
 * (similar-worker.ts) hands them back without a copy. Row `i` lists vector `i`'s neighbours best first,
 * padded with -1; the same table in process or on the worker.
 */
import { buildClusterIndex } from '../storage/cluster-index';

/** The `k` nearest of each of `rows` vectors: indices (-1 = none) and exact similarities. */
export interface NeighbourTable {
  rows: number;
  k: number;
  index: Int32Array;
  similarity: Float64Array;
}

/**
 * A similarity below which neighbours may be left out (not even re-ranked: most candidates of most rows),
 * except for the `uncut` rows (1 = searched without it).
 */
export interface TableCut {
  min: number;
  uncut: Uint8Array;
}

/** Search every row of `vectors` (`dims` floats each, unit length) for its `k` nearest others. */
export function neighbourTable(
  vectors: Float32Array,
  dims: number,
  k: number,
  cut?: TableCut,
): NeighbourTable {
  const rows = vectors.length / dims;
  if (!Number.isInteger(rows)) throw new Error(`${vectors.length} floats are not rows of ${dims}`);
  const views = Array.from({ length: rows }, (_, i) => vectors.subarray(i * dims, (i + 1) * dims));
  const cluster = buildClusterIndex(views, dims);
  const index = new Int32Array(rows * k).fill(-1);
  const similarity = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const hits = cluster.neighbours(i, k, cut && cut.uncut[i] === 0 ? cut.min : undefined);
    for (let j = 0; j < hits.length; j++) {
      index[i * k + j] = hits[j]!.index;
      similarity[i * k + j] = hits[j]!.similarity;
    }
  }
  return { rows, k, index, similarity };
}

/** Throws unless `table` is a well-formed table of `rows` rows of `k` (it crossed a thread boundary). */
export function checkNeighbourTable(table: NeighbourTable, rows: number, k: number): void {
  const ok =
    table?.rows === rows &&
    table.k === k &&
    table.index instanceof Int32Array &&
    table.similarity instanceof Float64Array &&
    table.index.length === rows * k &&
    table.similarity.length === rows * k &&
    table.index.every((i) => i >= -1 && i < rows);
  if (!ok) throw new Error(`malformed neighbour table (expected ${rows} rows of ${k})`);
}
