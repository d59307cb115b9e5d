/**
 * The settings coercers: what any client sends for the `motif` section becomes valid settings, and
 * every value replaced by its default is reported with its key.
 */
import { describe, expect, it } from 'vitest';
import { coerceSettings, DEFAULT_SETTINGS, effectiveWeights } from '../../shared/settings';

describe('coerceSettings', () => {
  it('gives the defaults for nothing at all', () => {
    for (const raw of [undefined, null, {}]) {
      expect(coerceSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    }
  });

  it('keeps valid values, as VS Code nests dotted keys', () => {
    const { settings, problems } = coerceSettings({
      store: { url: ' postgres://me@127.0.0.1:5432/motif ' },
      thresholds: { similarity: 0.9, complexity: 15 },
      codeLens: { showUsage: false },
      diagnostics: { rules: { missingDocstring: 'off', lowCoverage: 'warning' } },
      exclude: ['tests/**', ' ', '*_pb2.py'],
    });
    expect(problems).toEqual([]);
    expect(settings.store.url).toBe('postgres://me@127.0.0.1:5432/motif');
    expect(settings.thresholds).toEqual({ ...DEFAULT_SETTINGS.thresholds, similarity: 0.9, complexity: 15 });
    expect(settings.codeLens).toEqual({ enabled: true, showUsage: false, showSimilar: true });
    expect(settings.diagnostics.rules.missingDocstring).toBe('off');
    expect(settings.diagnostics.rules.lowCoverage).toBe('warning');
    expect(settings.diagnostics.rules.highComplexity).toBe('information');
    expect(settings.exclude).toEqual(['tests/**', '*_pb2.py']);
  });

  it('replaces wrong values by their defaults and names each one', () => {
    const { settings, problems } = coerceSettings({
      thresholds: { similarity: 1.5, coverage: 'lots', complexity: '12' },
      codeLens: 'yes',
      diagnostics: { enabled: 'no', rules: { highComplexity: 'error' } },
      explorer: { sortBy: 'name' },
      exclude: 'tests/**',
    });
    expect(settings.thresholds.similarity).toBe(0.85);
    expect(settings.thresholds.coverage).toBe(0.5);
    expect(settings.thresholds.complexity).toBe(12);
    expect(settings.codeLens).toEqual(DEFAULT_SETTINGS.codeLens);
    expect(settings.diagnostics.rules.highComplexity).toBe('information');
    expect(problems.map((p) => p.key).sort()).toEqual(
      [
        'codeLens',
        'diagnostics.enabled',
        'diagnostics.rules.highComplexity',
        'thresholds.coverage',
        'thresholds.similarity',
        'explorer.sortBy',
        'exclude',
      ].sort(),
    );
    expect(problems.find((p) => p.key === 'thresholds.similarity')?.message).toBe(
      'expected a number between 0 and 1, got 1.5',
    );
    expect(problems.find((p) => p.key === 'diagnostics.rules.highComplexity')?.message).toBe(
      'expected one of off, hint, information, warning',
    );
  });

  it('uses the seed weights unless the profile is custom, and refuses all-zero weights', () => {
    const custom = { complexity: 1, documentation: 0, test_coverage: 0, reusability: 0, maintainability: 0 };
    const asDefault = coerceSettings({ scoring: { weights: custom } }).settings;
    expect(effectiveWeights(asDefault)).toEqual(DEFAULT_SETTINGS.scoring.weights);
    const asCustom = coerceSettings({ scoring: { profile: 'custom', weights: custom } }).settings;
    expect(effectiveWeights(asCustom)).toEqual(custom);
    const zero = coerceSettings({
      scoring: { profile: 'custom', weights: { ...custom, complexity: 0 } },
    });
    expect(zero.settings.scoring.weights).toEqual(DEFAULT_SETTINGS.scoring.weights);
    expect(zero.problems).toEqual([
      { key: 'scoring.weights', message: 'all weights are 0; using the defaults' },
    ]);
  });
});
