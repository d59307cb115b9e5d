import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../server/src/core/model';
import {
  complexityPart,
  DEFAULT_WEIGHTS,
  documentationPart,
  maintainabilityPart,
  NO_USAGE,
  reusabilityPart,
  scoreQuality,
  withReusabilityScore,
} from '../../server/src/core/score';

const metrics = (overrides: Partial<Metrics> = {}): Metrics => ({
  cyclomatic: 3,
  cyclomaticRank: 'A',
  cognitive: 2,
  maxNesting: 1,
  parameters: 2,
  sloc: 10,
  lloc: 8,
  comments: 0,
  multi: 0,
  halsteadVolume: 50,
  maintainabilityIndex: 70,
  maintainabilityRank: 'A',
  hasDocstring: true,
  fullyTyped: true,
  coverage: 1,
  fanOut: 2,
  lcom4: null,
  ...overrides,
});

describe('quality components', () => {
  it('score complexity by the seed’s bands: CC < 10 → 1.0, 10–20 → 0.7, > 20 → 0.4', () => {
    expect([9, 10, 20, 21].map((cc) => complexityPart(cc).score)).toEqual([1, 0.7, 0.7, 0.4]);
    expect(complexityPart(12).evidence).toBe('CC 12 → 0.7');
  });

  it('score documentation as docstring +0.5 and complete type hints +0.5', () => {
    expect(documentationPart({ hasDocstring: true, fullyTyped: false }).score).toBe(0.5);
    expect(documentationPart({ hasDocstring: false, fullyTyped: false }).score).toBe(0);
    expect(documentationPart({ hasDocstring: true, fullyTyped: true }).score).toBe(1);
  });

  it('score reusability by distinct other files', () => {
    const r = (otherFiles: number, usedInOwnFile = false) =>
      reusabilityPart({ otherFiles, sites: otherFiles, usedInOwnFile }).score;
    expect([r(0), r(0, true), r(1), r(2), r(5), r(6)]).toEqual([0, 0.3, 0.3, 0.6, 0.6, 1]);
  });

  it('score maintainability from fan-out and cohesion (LCOM4 for classes, MI rank for functions)', () => {
    const m = (fanOut: number, lcom4: number | null, rank = 'A') =>
      maintainabilityPart({ fanOut, lcom4, maintainabilityIndex: 50, maintainabilityRank: rank }).score;
    expect([
      m(5, null),
      m(6, null),
      m(11, null),
      m(3, 1),
      m(3, 2),
      m(3, 3),
      m(3, null, 'B'),
      m(3, null, 'C'),
    ]).toEqual([1, 0.75, 0.5, 1, 0.75, 0.5, 0.75, 0.5]);
  });
});

describe('quality total', () => {
  it('applies the seed’s weights when every component is known', () => {
    const q = scoreQuality(metrics({ coverage: 0.5, cyclomatic: 12 }), {
      otherFiles: 2,
      sites: 2,
      usedInOwnFile: false,
    });
    expect(q.total).toBeCloseTo(0.3 * 0.7 + 0.2 * 1 + 0.2 * 0.5 + 0.15 * 0.6 + 0.15 * 1, 4);
    expect(q.unknown).toEqual([]);
    expect(q.components.test_coverage.effectiveWeight).toBe(0.2);
  });

  it('leaves unknown coverage out and renormalises the other weights, saying so', () => {
    const q = scoreQuality(metrics({ coverage: null }), NO_USAGE);
    expect(q.unknown).toEqual(['test_coverage']);
    expect(q.components.test_coverage.score).toBeNull();
    expect(q.components.test_coverage.evidence).toMatch(/no coverage data/);
    expect(q.components.complexity.effectiveWeight).toBeCloseTo(0.3 / 0.8, 10);
    expect(q.total).toBeCloseTo((0.3 + 0.2 + 0 + 0.15) / 0.8, 4);
  });

  it('gives different scores to different code (no constant)', () => {
    const good = scoreQuality(metrics(), { otherFiles: 6, sites: 9, usedInOwnFile: true }).total;
    const bad = scoreQuality(
      metrics({
        cyclomatic: 25,
        hasDocstring: false,
        fullyTyped: false,
        coverage: 0,
        fanOut: 12,
        maintainabilityRank: 'C',
      }),
      NO_USAGE,
    ).total;
    expect(good).toBe(1);
    expect(bad).toBeCloseTo(0.3 * 0.4, 4);
  });

  it('honours configured weights', () => {
    const q = scoreQuality(metrics({ cyclomatic: 30 }), NO_USAGE, { ...DEFAULT_WEIGHTS, complexity: 0 });
    expect(q.components.complexity.effectiveWeight).toBe(0);
    expect(q.total).toBeCloseTo((0.2 + 0.2 + 0 + 0.15) / 0.7, 4);
  });

  it('re-weights reusability without the other inputs', () => {
    const q = scoreQuality(metrics({ coverage: null }), NO_USAGE);
    const updated = withReusabilityScore(q, 1, 'used in 7 other files → 1');
    expect(updated.components.reusability.score).toBe(1);
    expect(updated.total).toBeCloseTo(1, 4);
  });
});
