/** The cluster (IVF) index behind the SIMILAR_TO pass: near neighbours found, exact scores, `min` cut. */
import { describe, expect, it } from 'vitest';
import { buildClusterIndex } from '../../server/src/storage/cluster-index';

function vectors(n: number, dims: number, seed: number): Float32Array[] {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const unit = (v: Float32Array) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  // Groups of near copies around random centres, like code with its copies.
  const centres = Array.from({ length: Math.ceil(n / 4) }, () =>
    unit(new Float32Array(dims).map(() => r() - 0.5)),
  );
  return Array.from({ length: n }, (_, i) =>
    unit(centres[i % centres.length]!.map((x) => x + (r() - 0.5) * 0.08)),
  );
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d]!, 0);

describe('cluster index', () => {
  it('finds the exact nearest neighbours of nearly every vector, scores exact, itself excluded', () => {
    const vs = vectors(4000, 64, 3);
    const index = buildClusterIndex(vs, 64, { exactBelow: 100 });
    expect(index.lists).toBe(63);
    let found = 0;
    for (let i = 0; i < vs.length; i += 7) {
      const exact = vs
        .map((v, j) => ({ j, s: dot(v, vs[i]!) }))
        .filter((x) => x.j !== i)
        .sort((a, b) => b.s - a.s)
        .slice(0, 3);
      const got = index.neighbours(i, 3);
      expect(got.every((h) => h.index !== i)).toBe(true);
      for (const h of got) expect(h.similarity).toBeCloseTo(dot(vs[h.index]!, vs[i]!), 5);
      const ids = new Set(got.map((h) => h.index));
      found += exact.filter((e) => ids.has(e.j)).length;
    }
    expect(found / (Math.ceil(4000 / 7) * 3)).toBeGreaterThanOrEqual(0.98);
  });

  it('leaves out neighbours below `min`, and handles an empty or small set exactly', () => {
    const vs = vectors(40, 32, 5);
    const index = buildClusterIndex(vs, 32);
    expect(index.lists).toBe(1);
    const all = index.neighbours(0, 39);
    expect(all).toHaveLength(39);
    expect(index.neighbours(0, 39, 0.9).every((h) => h.similarity >= 0.9)).toBe(true);
    expect(index.neighbours(0, 39, 0.9).length).toBeLessThan(39);
    expect(buildClusterIndex([], 32).lists).toBe(1);
  });
});
