/**
 * The SIMILAR_TO inputs an index run collects as it writes files: only eligible patterns (a fingerprint,
 * enough statements, not a design pattern), every vector kept exactly, across the chunks they are stored in.
 */
import { describe, expect, it } from 'vitest';
import { VECTOR_DIMENSIONS } from '../../server/src/core/similarity/features';
import { collectFreshInputs } from '../../server/src/indexing/similar-to-inputs';
import { makePattern } from '../helpers/storage';

const vectorOf = (i: number) => Float32Array.from({ length: VECTOR_DIMENSIONS }, (_, d) => i + d / 1000);

const withPrint = (i: number, statements: number, overrides: Parameters<typeof makePattern>[0] = {}) =>
  makePattern({
    qualifiedName: `f${i}`,
    filePath: `pkg/m${i % 7}.py`,
    fingerprint: { vector: vectorOf(i), astHash: `h${i}`, statements, tokens: 40, model: 'test' },
    ...overrides,
  });

describe('collected SIMILAR_TO inputs', () => {
  it('keeps eligible patterns only, with their vectors exactly, past chunk boundaries', () => {
    const fresh = collectFreshInputs(5);
    const records = Array.from({ length: 1300 }, (_, i) => withPrint(i, 5 + (i % 3)));
    fresh.add('pkg/big.py', records.slice(0, 700));
    fresh.add('pkg/empty.py', []);
    fresh.add('pkg/rest.py', [
      ...records.slice(700),
      withPrint(5000, 4),
      withPrint(5001, 9, { patternType: 'design_pattern' }),
      makePattern({ qualifiedName: 'unprinted' }),
    ]);
    expect([...fresh.files]).toEqual(['pkg/big.py', 'pkg/empty.py', 'pkg/rest.py']);
    const taken = fresh.take();
    expect(taken.patterns).toHaveLength(1300);
    for (const i of [0, 511, 512, 699, 700, 1023, 1024, 1299]) {
      expect(taken.patterns[i]).toEqual({
        id: records[i]!.id,
        filePath: i < 700 ? 'pkg/big.py' : 'pkg/rest.py',
        qualifiedName: `f${i}`,
        astHash: `h${i}`,
        changed: true,
      });
      expect(taken.row(i)).toEqual(vectorOf(i));
    }
    expect(fresh.take().patterns).toEqual([]);
  });

  it('refuses a fingerprint of the wrong size', () => {
    const fresh = collectFreshInputs(5);
    const bad = makePattern({
      fingerprint: { vector: new Float32Array(3), astHash: 'h', statements: 9, tokens: 1, model: 'test' },
    });
    expect(() => fresh.add('pkg/a.py', [bad])).toThrow(/3 dimensions, expected 256/);
  });
});
