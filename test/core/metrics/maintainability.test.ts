import { describe, expect, it } from 'vitest';
import { commentPercent, maintainabilityIndex, maintainabilityRank } from '../../../server/src/core/metrics';

/** radon's formula written out, to check the implementation against by hand. */
function byHand(v: number, g: number, l: number, c: number): number {
  const raw =
    171 -
    5.2 * Math.log(v) -
    0.23 * g -
    16.2 * Math.log(l) +
    50 * Math.sin(Math.sqrt(2.46 * ((c * Math.PI) / 180)));
  return Math.min(Math.max(0, (raw * 100) / 171), 100);
}

describe("radon's mi_compute", () => {
  const cases: [string, [number, number, number, number], number][] = [
    ['no volume scores 100', [0, 0, 0, 0], 100],
    ['no volume scores 100 whatever the rest', [0, 1, 2, 0], 100],
    ['radon MI_COMPUTE_CASES (10, 2, 5, 0.5)', [10, 2, 5, 0.5], 81.75051711476864],
    ['radon MI_COMPUTE_CASES (200, 10, 78, 45)', [200, 10, 78, 45], 70.0321877686122],
    [
      "radon's first_mi parameters (V 41.51…, CC 1, LLOC 4, 0 %)",
      [41.51317942364757, 1, 4, 0],
      75.40162245189028,
    ],
    [
      "radon's second_mi, multi counted (CC 6, LLOC 10, 55.5… %)",
      [66.60791492653966, 6, 10, 55.55555555555556],
      93.84027450359395,
    ],
    [
      "radon's second_mi, multi not counted (22.2… %)",
      [66.60791492653966, 6, 10, 22.22222222222222],
      88.84176333569131,
    ],
  ];
  it.each(cases)('%s', (_name, [v, g, l, c], expected) => {
    expect(maintainabilityIndex(v, g, l, c)).toBeCloseTo(expected, 9);
  });

  it('agrees with the formula written out', () => {
    for (const [v, g, l, c] of [
      [15.509775004326936, 1, 2, 0],
      [1234.5, 17, 60, 12.5],
      [3, 40, 1, 150],
    ] as const) {
      expect(maintainabilityIndex(v, g, l, c)).toBeCloseTo(byHand(v, g, l, c), 9);
    }
  });

  it('is 100 without logical lines', () => {
    expect(maintainabilityIndex(50, 3, 0, 0)).toBe(100);
  });

  it('is clamped to 0 for huge code', () => {
    expect(maintainabilityIndex(1e9, 500, 100000, 0)).toBe(0);
  });
});

describe('the comment percentage radon feeds the index', () => {
  it('counts comments and multi-line string lines over SLOC', () => {
    expect(commentPercent(2, 3, 13)).toBeCloseTo(38.46153846153847, 12);
  });

  it('can exceed 100', () => {
    expect(commentPercent(3, 4, 2)).toBe(350);
  });

  it('is 0 without source lines', () => {
    expect(commentPercent(5, 0, 0)).toBe(0);
  });
});

describe("radon's mi_rank", () => {
  const ranks: [number, string][] = [
    [100, 'A'],
    [19.5, 'A'],
    [19, 'B'],
    [10, 'B'],
    [9.5, 'B'],
    [9, 'C'],
    [0, 'C'],
  ];
  it.each(ranks)('ranks %d as %s', (score, letter) => expect(maintainabilityRank(score)).toBe(letter));
});
