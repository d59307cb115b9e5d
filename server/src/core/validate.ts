/**
 * The seeds' validation gates, judged on counts the store reports. Each gate says what it measured,
 * so a failure names its numbers instead of failing silently as the seeds' migration did.
 */
import type { ComponentSpread, ValidationFacts } from './ports';

/** One gate's verdict. */
export interface GateResult {
  gate: string;
  passed: boolean;
  detail: string;
}

/** Minimum standard deviation of quality scores: a constant score (the seeds' 0.85) fails it. */
export const MIN_QUALITY_STDDEV = 0.1;

/** Judge every gate. */
export function evaluateGates(f: ValidationFacts): GateResult[] {
  const sd = f.stddevQuality;
  return [
    { gate: 'has_patterns', passed: f.total > 0, detail: `${f.total} patterns` },
    {
      gate: 'no_file_name_patterns',
      passed: f.fileNamePatterns === 0,
      detail:
        f.fileNamePatterns === 0
          ? 'no pattern is named like a file'
          : `${f.fileNamePatterns} patterns named like files, e.g. ${f.fileNameSamples.slice(0, 3).join(', ')}`,
    },
    {
      gate: 'quality_complete',
      passed: f.total > 0 && f.nullQuality === 0 && f.outOfRangeQuality === 0,
      detail: `${f.total - f.nullQuality - f.outOfRangeQuality}/${f.total} patterns with quality in [0, 1] (NULL: ${f.nullQuality}, out of range: ${f.outOfRangeQuality})`,
    },
    {
      gate: 'quality_variance',
      passed: sd !== null && sd >= MIN_QUALITY_STDDEV,
      detail: `standard deviation ${sd === null ? 'n/a' : sd.toFixed(3)} (needs ≥ ${MIN_QUALITY_STDDEV})${spreadDetail(f.componentStddev)}`,
    },
    {
      gate: 'multiple_pattern_types',
      passed: f.patternTypes > 1,
      detail: `${f.patternTypes} pattern type(s)`,
    },
    {
      gate: 'no_duplicates',
      passed: f.duplicateIdentities === 0,
      detail: `${f.duplicateIdentities} duplicated (repository, file, qualified name) identities`,
    },
    {
      gate: 'metadata_present',
      passed: f.missingMetadata === 0 && f.missingCreatedAt === 0,
      detail: `${f.missingMetadata} missing metadata, ${f.missingCreatedAt} missing created_at`,
    },
  ];
}

/**
 * What the total's spread is made of: each component's standard deviation, and whether test coverage
 * took part at all (without a report it is left out and the other weights renormalised).
 */
function spreadDetail(spread: ComponentSpread | null): string {
  if (!spread) return '';
  const sd = (value: number) => value.toFixed(2);
  const coverage =
    spread.testCoverage === null
      ? 'test coverage unknown for every pattern (left out)'
      : `test coverage ${sd(spread.testCoverage)} (known for ${spread.withCoverage} of ${spread.patterns})`;
  return `; by component: complexity ${sd(spread.complexity)}, documentation ${sd(spread.documentation)}, ${coverage}, reusability ${sd(spread.reusability)}, maintainability ${sd(spread.maintainability)}`;
}
