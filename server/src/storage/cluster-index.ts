/**
 * Nearest neighbours of every vector of a set, for the SIMILAR_TO pass: an inverted-file index (IVF).
 * A few rounds of spherical k-means over the int8 copies give √n lists; each vector is stored in its
 * nearest list and searched against the `probes` lists whose centres are nearest to it (int8 SIMD scan
 * of those rows only, exact float32 re-rank of the best candidates). About probes/√n of an exact
 * all-pairs search; the benchmark measures its recall against exact search. Without WebAssembly SIMD
 * (or for small sets) every vector is one list and the search is exact.
 */
import { int8Kernel } from './int8-kernel';
import { QuantisedRows } from './quantised-rows';

/** Knobs of the cluster index. */
export interface ClusterOptions {
  /** Lists searched per vector (default 12). */
  probes?: number;
  /** k-means rounds (default 4). */
  rounds?: number;
  /** Below this many vectors, one list: exact search (default 2000). */
  exactBelow?: number;
}

/** Neighbour search over a fixed set of unit vectors, by position in that set. */
export interface ClusterIndex {
  readonly lists: number;
  /**
   * The `k` vectors nearest to vector `i` (itself excluded), best first, with exact cosine; with
   * `min`, only those at or above it (candidates clearly below are not even re-ranked).
   */
  neighbours(i: number, k: number, min?: number): { index: number; similarity: number }[];
}

/** Build the index over `vectors` (unit length, `dims` a multiple of 16 for the fast path). */
export function buildClusterIndex(
  vectors: readonly Float32Array[],
  dims: number,
  options: ClusterOptions = {},
): ClusterIndex {
  const n = vectors.length;
  const kernel = dims % 16 === 0 ? int8Kernel() : null;
  const lists = !kernel || n < (options.exactBelow ?? 2000) ? 1 : Math.round(Math.sqrt(n));
  const probes = Math.min(lists, options.probes ?? 12);
  if (!kernel || n === 0) return exactIndex(vectors);

  // Spherical k-means on the int8 copies: centres start as evenly spread members.
  let centres = Array.from({ length: lists }, (_, c) => vectors[Math.floor((c * n) / lists)]!);
  const assign = new Int32Array(n);
  const rounds = lists === 1 ? 0 : (options.rounds ?? 4);
  for (let round = 0; round <= rounds; round++) {
    const rows = new QuantisedRows(kernel, dims);
    rows.reserve(lists, 0);
    for (const [i, c] of centres.entries()) rows.set(i, c);
    for (let i = 0; i < n; i++) assign[i] = argmax(rows.scanAll(vectors[i]!, lists));
    if (round === rounds) break;
    const sums = Array.from({ length: lists }, () => new Float64Array(dims));
    for (let i = 0; i < n; i++) {
      const s = sums[assign[i]!]!;
      const v = vectors[i]!;
      for (let d = 0; d < dims; d++) s[d]! += v[d]!;
    }
    centres = sums.map((s, c) => {
      const norm = Math.hypot(...s);
      return norm === 0 ? centres[c]! : Float32Array.from(s, (x) => x / norm);
    });
  }
  const centreRows = new QuantisedRows(kernel, dims);
  centreRows.reserve(lists, 0);
  for (const [i, c] of centres.entries()) centreRows.set(i, c);

  // Rows ordered by list, so a list is one contiguous range for the kernel.
  const start = new Int32Array(lists + 1);
  for (let i = 0; i < n; i++) start[assign[i]! + 1]!++;
  for (let c = 0; c < lists; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, lists);
  for (let i = 0; i < n; i++) order[fill[assign[i]!]!++] = i;
  const rows = new QuantisedRows(kernel, dims);
  rows.reserve(n, 0);
  for (let r = 0; r < n; r++) rows.set(r, vectors[order[r]!]!);

  return {
    lists,
    neighbours(i, k, min = Number.NEGATIVE_INFINITY) {
      const query = vectors[i]!;
      const nearest = topIndices(centreRows.scanAll(query, lists), probes);
      const scale = rows.setQuery(query);
      // The int8 error on a similarity is about ±0.002: 0.02 below `min` loses nothing.
      const floor = (min - 0.02) / scale;
      const best = new TopK(2 * k + 8);
      for (const c of nearest) {
        const from = start[c]!;
        const scores = rows.scanRange(from, start[c + 1]! - from);
        for (let r = 0; r < scores.length; r++) {
          const score = scores[r]!;
          if (score < floor) continue;
          const index = order[from + r]!;
          if (index !== i) best.offer(score, index);
        }
      }
      return rerank(vectors, query, best.indices(), k).filter((h) => h.similarity >= min);
    },
  };
}

function exactIndex(vectors: readonly Float32Array[]): ClusterIndex {
  return {
    lists: 1,
    neighbours(i, k, min = Number.NEGATIVE_INFINITY) {
      const all = vectors.map((_, j) => j).filter((j) => j !== i);
      return rerank(vectors, vectors[i]!, all, k).filter((h) => h.similarity >= min);
    },
  };
}

function rerank(vectors: readonly Float32Array[], query: Float32Array, candidates: number[], k: number) {
  return candidates
    .map((index) => ({ index, similarity: Math.min(1, Math.max(0, dot(vectors[index]!, query))) }))
    .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
    .slice(0, k);
}

/** Keeps the `n` highest scores offered. */
class TopK {
  private readonly score: Float64Array;
  private readonly index: Int32Array;
  private floor = Number.NEGATIVE_INFINITY;
  constructor(private readonly n: number) {
    this.score = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.index = new Int32Array(n).fill(-1);
  }
  offer(score: number, index: number): void {
    if (score <= this.floor) return;
    let i = this.n - 1;
    while (i > 0 && this.score[i - 1]! < score) {
      this.score[i] = this.score[i - 1]!;
      this.index[i] = this.index[i - 1]!;
      i--;
    }
    this.score[i] = score;
    this.index[i] = index;
    this.floor = this.score[this.n - 1]!;
  }
  indices(): number[] {
    return [...this.index].filter((i) => i >= 0);
  }
}

function topIndices(scores: Float32Array, n: number): number[] {
  const top = new TopK(n);
  for (let i = 0; i < scores.length; i++) top.offer(scores[i]!, i);
  return top.indices();
}

function argmax(scores: Float32Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let d = 0;
  for (; d + 1 < a.length; d += 2) {
    s0 += a[d]! * b[d]!;
    s1 += a[d + 1]! * b[d + 1]!;
  }
  if (d < a.length) s0 += a[d]! * b[d]!;
  return s0 + s1;
}
