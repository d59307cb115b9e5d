import { describe, expect, it } from 'vitest';
import type { ValidationFacts } from '../../server/src/core/ports';
import { evaluateGates } from '../../server/src/core/validate';

const FACTS: ValidationFacts = {
  total: 100,
  nullQuality: 0,
  outOfRangeQuality: 0,
  stddevQuality: 0.077,
  patternTypes: 3,
  duplicateIdentities: 0,
  missingMetadata: 0,
  missingCreatedAt: 0,
  fileNameSamples: [],
  fileNamePatterns: 0,
  componentStddev: {
    complexity: 0.049,
    documentation: 0.189,
    testCoverage: null,
    reusability: 0.235,
    maintainability: 0.101,
    withCoverage: 0,
    patterns: 100,
  },
};

const variance = (facts: ValidationFacts) => evaluateGates(facts).find((g) => g.gate === 'quality_variance')!;

describe('the quality_variance gate', () => {
  it("fails below 0.1 and says what the spread is made of, coverage's absence included", () => {
    expect(variance(FACTS)).toEqual({
      gate: 'quality_variance',
      passed: false,
      detail:
        'standard deviation 0.077 (needs ≥ 0.1); by component: complexity 0.05, documentation 0.19, ' +
        'test coverage unknown for every pattern (left out), reusability 0.23, maintainability 0.10',
    });
  });

  it('passes at 0.1 and names how many patterns have coverage', () => {
    const gate = variance({
      ...FACTS,
      stddevQuality: 0.1,
      componentStddev: { ...FACTS.componentStddev!, testCoverage: 0.31, withCoverage: 40 },
    });
    expect(gate.passed).toBe(true);
    expect(gate.detail).toContain('test coverage 0.31 (known for 40 of 100)');
  });

  it('a constant score fails; without default-profile patterns there is no breakdown', () => {
    const gate = variance({ ...FACTS, stddevQuality: 0, componentStddev: null });
    expect(gate).toEqual({
      gate: 'quality_variance',
      passed: false,
      detail: 'standard deviation 0.000 (needs ≥ 0.1)',
    });
  });
});
