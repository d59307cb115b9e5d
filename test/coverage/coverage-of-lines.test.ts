/**
 * `coverageOfLines` (server/src/core/coverage.ts): the covered share of a definition's executable lines,
 * on hand-made sets and on the fixture report's function ranges, which must agree across the three formats.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageOfLines, type FileCoverage } from '../../server/src/core/coverage';
import { readCoverage } from '../../server/src/coverage/read-coverage';

const file = (executable: number[], covered: number[]): FileCoverage => ({
  executable: new Set(executable),
  covered: new Set(covered),
});

describe('coverageOfLines', () => {
  const sample = file([2, 3, 5, 8], [2, 5]);

  it.each([
    [1, 10, 0.5],
    [2, 3, 0.5],
    [3, 3, 0],
    [5, 5, 1],
    [2, 8, 0.5],
  ])('covers lines %i–%i at %f', (start, end, expected) => {
    expect(coverageOfLines(sample, start, end)).toBe(expected);
  });

  it('is null for a file without coverage, a range without executable lines, or an empty range', () => {
    expect(coverageOfLines(undefined, 1, 10)).toBeNull();
    expect(coverageOfLines(sample, 6, 7)).toBeNull();
    expect(coverageOfLines(sample, 5, 4)).toBeNull();
    expect(coverageOfLines(file([], []), 1, 100)).toBeNull();
  });

  it('gives the same answer whether it walks the range or the executable lines', () => {
    const many = file([1, 50, 99], [50]);
    // A short range is walked line by line, a long one through the three executable lines.
    expect(coverageOfLines(many, 1, 2)).toBe(0);
    expect(coverageOfLines(many, 49, 51)).toBe(1);
    expect(coverageOfLines(many, 1, 100)).toBeCloseTo(1 / 3);
    expect(coverageOfLines(many, 2, 1000)).toBeCloseTo(1 / 2);
  });
});

describe('coverageOfLines on the fixture project', () => {
  const PROJECT = path.resolve(__dirname, '../fixtures/coverage/proj');
  // Line ranges of pkg/calc.py's definitions. A `def` line runs at import, so never_called is 1/3 covered.
  const RANGES: Record<string, [number, number, number]> = {
    clamp: [4, 10, 5 / 6],
    mean: [13, 19, 4 / 5],
    never_called: [22, 24, 1 / 3],
    Counter: [27, 33, 1],
  };

  it.each(['coverage.xml', 'coverage.json', 'lcov.info'])(
    'gives each function its covered share from %s',
    async (name) => {
      const data = await readCoverage(path.join(PROJECT, name), { root: PROJECT });
      const calc = data.files.get('pkg/calc.py');
      for (const [start, end, expected] of Object.values(RANGES)) {
        expect(coverageOfLines(calc, start, end)).toBeCloseTo(expected, 10);
      }
      expect(coverageOfLines(data.files.get('pkg/missing.py'), 1, 10)).toBeNull();
    },
  );
});
