/**
 * The neighbour table the SIMILAR_TO worker answers with: row for row the cluster index's answer over the
 * same packed vectors (IVF lists and the exact small case), padded with -1; malformed tables are refused.
 */
import { describe, expect, it } from 'vitest';
import { checkNeighbourTable, neighbourTable } from '../../server/src/indexing/neighbour-table';
import { buildClusterIndex } from '../../server/src/storage/cluster-index';

function packed(n: number, dims: number, seed: number): Float32Array {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  // Groups of near copies around random centres, like code with its copies.
  const centres = Array.from({ length: Math.ceil(n / 4) }, () =>
    Array.from({ length: dims }, () => r() - 0.5),
  );
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const v = centres[i % centres.length]!.map((x) => x + (r() - 0.5) * 0.08);
    const norm = Math.hypot(...v);
    for (let d = 0; d < dims; d++) out[i * dims + d] = v[d]! / norm;
  }
  return out;
}

const rowsOf = (vectors: Float32Array, dims: number) =>
  Array.from({ length: vectors.length / dims }, (_, i) => vectors.slice(i * dims, (i + 1) * dims));

describe('neighbour table', () => {
  it.each([
    ['IVF lists', 2500],
    ['exact, one list', 40],
  ])('holds the cluster index answer of every row (%s)', (_, n) => {
    const dims = 32;
    const k = 5;
    const vectors = packed(n, dims, 7);
    const index = buildClusterIndex(rowsOf(vectors, dims), dims);
    expect(index.lists).toBe(n >= 2000 ? 50 : 1);
    const table = neighbourTable(vectors, dims, k);
    checkNeighbourTable(table, n, k);
    for (let i = 0; i < n; i++) {
      const want = index.neighbours(i, k);
      const got = [];
      for (let j = 0; j < k && table.index[i * k + j]! >= 0; j++)
        got.push({ index: table.index[i * k + j]!, similarity: table.similarity[i * k + j]! });
      expect(got).toEqual(want);
    }
  });

  it('with a cut, leaves out neighbours below it, except in the rows searched uncut', () => {
    const dims = 32;
    const k = 5;
    const n = 2500;
    const vectors = packed(n, dims, 11);
    const index = buildClusterIndex(rowsOf(vectors, dims), dims);
    const uncut = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const table = neighbourTable(vectors, dims, k, { min: 0.9, uncut });
    let below = 0;
    for (let i = 0; i < n; i++) {
      const want = index.neighbours(i, k, uncut[i] ? undefined : 0.9);
      const got = [];
      for (let j = 0; j < k && table.index[i * k + j]! >= 0; j++)
        got.push({ index: table.index[i * k + j]!, similarity: table.similarity[i * k + j]! });
      expect(got).toEqual(want);
      below += got.filter((h) => h.similarity < 0.9).length;
      if (!uncut[i]) expect(got.every((h) => h.similarity >= 0.9)).toBe(true);
      // What the cut keeps is exactly what the uncut search finds at or above it.
      expect(got.filter((h) => h.similarity >= 0.9)).toEqual(
        index.neighbours(i, k).filter((h) => h.similarity >= 0.9),
      );
    }
    expect(below).toBeGreaterThan(0);
  });

  it('pads rows with fewer than k others with -1', () => {
    const table = neighbourTable(packed(3, 16, 1), 16, 5);
    expect([...table.index.slice(0, 5)].filter((i) => i === -1)).toHaveLength(3);
  });

  it('refuses tables of the wrong shape, type or indices', () => {
    const good = neighbourTable(packed(10, 16, 2), 16, 3);
    expect(() => checkNeighbourTable(good, 10, 3)).not.toThrow();
    expect(() => checkNeighbourTable(good, 11, 3)).toThrow(/malformed neighbour table/);
    expect(() =>
      checkNeighbourTable({ ...good, similarity: new Float32Array(30) } as never, 10, 3),
    ).toThrow();
    const bad = { ...good, index: good.index.slice() };
    bad.index[4] = 10;
    expect(() => checkNeighbourTable(bad, 10, 3)).toThrow();
    expect(() => neighbourTable(new Float32Array(17), 16, 3)).toThrow(/not rows of 16/);
  });
});
