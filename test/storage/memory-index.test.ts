/** The embedded vector index: exact cosine ranking, filters, replacing, deleting by id and by file. */
import { describe, expect, it } from 'vitest';
import type { VectorEntry } from '../../server/src/core/ports';
import { int8Kernel } from '../../server/src/storage/int8-kernel';
import { createMemoryIndex } from '../../server/src/storage/memory-index';

function unit(values: number[]): Float32Array {
  const v = new Float32Array(8);
  v.set(values);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function entry(id: string, values: number[], extra: Partial<VectorEntry['payload']> = {}): VectorEntry {
  return {
    vector: unit(values),
    payload: {
      patternId: id,
      patternType: 'function_pattern',
      category: 'general',
      quality: 0.5,
      repository: 'r',
      filePath: 'a.py',
      ...extra,
    },
  };
}

describe('memory index', () => {
  it('ranks by cosine, applies filters, replaces and deletes', async () => {
    const index = createMemoryIndex(8);
    await index.upsert([
      entry('same', [1, 0, 0, 0]),
      entry('close', [1, 0.2, 0, 0], { quality: 0.9, filePath: 'b.py' }),
      entry('far', [0, 0, 1, 0], { quality: 0.9 }),
      entry('other-type', [1, 0.1, 0, 0], { patternType: 'class_pattern' }),
    ]);
    const q = unit([1, 0, 0, 0]);
    const ranked = await index.search(q, { k: 3 });
    expect(ranked.map((h) => h.id)).toEqual(['same', 'other-type', 'close']);
    expect(ranked[0]!.similarity).toBeCloseTo(1, 6);
    const good = await index.search(q, { k: 5, filter: { minQuality: 0.8, notFilePath: 'b.py' } });
    expect(good.map((h) => h.id)).toEqual(['far']);
    expect(
      (await index.search(q, { k: 5, filter: { patternType: 'class_pattern' } })).map((h) => h.id),
    ).toEqual(['other-type']);
    expect((await index.search(q, { k: 1, filter: { notIds: ['same'] } })).map((h) => h.id)).toEqual([
      'other-type',
    ]);

    await index.upsert([entry('same', [0, 0, 0, 1])]);
    expect(index.size).toBe(4);
    expect((await index.search(q, { k: 1 }))[0]!.id).toBe('other-type');
    await index.deleteIds(['other-type']);
    await index.deleteFile('r', 'a.py');
    expect((await index.ids()).sort()).toEqual(['close']);
    expect([...index.vectorOf('close')!]).toEqual([...unit([1, 0.2, 0, 0])]);
  });

  it('takes the quantised path and finds what exact search finds, filters included', async () => {
    expect(int8Kernel()).not.toBeNull(); // Node 20 has WebAssembly SIMD: the fast path must run here
    let seed = 7;
    const r = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const vector = () => {
      const v = new Float32Array(64).map(() => (r() < 0.4 ? r() - 0.5 : 0));
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const index = createMemoryIndex(64, { fastFrom: 0 });
    expect(index.fast).toBe(true);
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      vector: vector(),
      payload: {
        patternId: `p${i}`,
        patternType: i % 3 === 0 ? 'class_pattern' : 'function_pattern',
        category: 'general',
        quality: r(),
        repository: 'r',
        filePath: `f${i % 40}.py`,
      },
    }));
    await index.upsert(entries); // grows past the initial 1024 rows
    await index.deleteIds(['p5', 'p17', 'p2999']); // rows move
    await index.deleteFile('r', 'f3.py');
    const filters = [
      undefined,
      { minQuality: 0.8, notFilePath: 'f1.py' },
      { patternType: 'class_pattern', notIds: ['p9'] },
    ];
    let found = 0;
    let total = 0;
    for (let q = 0; q < 40; q++) {
      const query = entries[(q * 71) % entries.length]!.vector;
      for (const filter of filters) {
        const fast = await index.search(query, { k: 10, filter });
        const exact = await index.exactSearch(query, { k: 10, filter });
        expect(fast.length).toBe(exact.length);
        for (const hit of fast) {
          const p = entries[Number(hit.id.slice(1))]!.payload;
          expect(hit.id).not.toMatch(/^p(5|17|2999)$/);
          expect(p.filePath).not.toBe('f3.py');
          if (filter?.minQuality) expect(p.quality).toBeGreaterThanOrEqual(filter.minQuality);
          if (filter?.notFilePath) expect(p.filePath).not.toBe(filter.notFilePath);
          if (filter?.patternType) expect(p.patternType).toBe(filter.patternType);
          if (filter?.notIds) expect(hit.id).not.toBe('p9');
        }
        const ids = new Set(fast.map((h) => h.id));
        found += exact.filter((h) => ids.has(h.id)).length;
        total += exact.length;
        // Scores are the exact float32 ones, best first.
        for (let i = 1; i < fast.length; i++)
          expect(fast[i - 1]!.similarity).toBeGreaterThanOrEqual(fast[i]!.similarity);
        expect(fast[0]!.similarity).toBeCloseTo(exact[0]!.similarity, 5);
      }
    }
    expect(found / total).toBeGreaterThanOrEqual(0.99);
  });

  it('finds every vector at or above a similarity on the quantised path, none missed at the edge', async () => {
    let seed = 11;
    const r = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const normal = (v: Float32Array) => {
      const length = Math.hypot(...v);
      return v.map((x) => x / length);
    };
    // Four centres with noisy copies: similarities spread over 0.3-1, many close to the cut.
    const centres = Array.from({ length: 4 }, () => normal(new Float32Array(256).map(() => r() - 0.5)));
    const vectors = Array.from({ length: 3000 }, (_, i) =>
      normal(centres[i % 4]!.map((x) => x + (r() - 0.5) * 0.12 * (1 + (i % 7)))),
    );
    const index = createMemoryIndex(256, { fastFrom: 0 });
    await index.upsert(
      vectors.map((vector, i) => ({
        vector,
        payload: {
          patternId: `p${i}`,
          patternType: 'f',
          category: 'c',
          quality: 0.5,
          repository: 'r',
          filePath: `f${i % 9}.py`,
        },
      })),
    );
    expect(index.fast).toBe(true);
    const wrong: string[] = [];
    let justAbove = 0;
    for (let q = 0; q < 20; q++) {
      const query = vectors[(q * 167) % vectors.length]!;
      const dots = vectors.map((v) => v.reduce((sum, x, d) => sum + x * query[d]!, 0));
      // Cuts a hair below some row's similarity: the int8 scan (error up to about 0.001 here) puts
      // that row below the cut about half the time, so only the rounding bound keeps it.
      const cuts = [0.6, 0.75, 0.9].map((m) => dots.find((d) => d > m && d < m + 0.05)! - 2e-6);
      for (const min of cuts) {
        const hits = await index.searchAbove(query, { min, filter: { notFilePath: 'f2.py' } });
        const got = new Set(hits.map((h) => h.id));
        dots.forEach((dot, i) => {
          if (Math.abs(dot - min) < 1e-6) justAbove++;
          else if (got.has(`p${i}`) !== (dot >= min && i % 9 !== 2))
            wrong.push(`p${i} at ${dot}, cut ${min}`);
        });
        for (let i = 1; i < hits.length; i++)
          expect(hits[i - 1]!.similarity).toBeGreaterThanOrEqual(hits[i]!.similarity);
      }
    }
    expect(justAbove).toBe(0); // 2e-6 clears float32 summation-order noise: every row is decided
    expect(wrong).toEqual([]);
  });

  it('refuses a vector of the wrong size', async () => {
    const index = createMemoryIndex(8);
    await expect(index.upsert([{ ...entry('x', [1]), vector: new Float32Array(4) }])).rejects.toThrow(
      /4 dimensions/,
    );
  });
});
