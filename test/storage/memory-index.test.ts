/** The embedded vector index: exact cosine ranking, filters, replacing, deleting by id and by file. */
import { describe, expect, it } from 'vitest';
import type { VectorEntry } from '../../server/src/core/ports';
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

  it('refuses a vector of the wrong size', async () => {
    const index = createMemoryIndex(8);
    await expect(index.upsert([{ ...entry('x', [1]), vector: new Float32Array(4) }])).rejects.toThrow(
      /4 dimensions/,
    );
  });
});
