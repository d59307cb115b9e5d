/**
 * Judging rows of a legacy pattern table (the seeds' `pattern_lineage_nodes`): which "patterns" are
 * really file names, and whether the quality scores look measured or were filled in with one constant.
 * Pure: it takes names and numbers and returns verdicts.
 */

/** Why a legacy name is a file name rather than a code pattern, or null when it looks like a real name. */
export function legacyFileNameReason(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty name';
  if (/\.pyi?$/i.test(trimmed)) return 'ends in .py';
  // A path: a separator and no space ("File I/O Reader" is prose, not a path).
  if (/[/\\]/.test(trimmed) && !/\s/.test(trimmed)) return 'a path';
  const base = trimmed.replace(/^.*[/\\]/, '');
  if (base.includes('__init__')) return 'names __init__';
  if (/^__main__$|^setup$|^conftest$/.test(base)) return 'a module name';
  // The seeds' rule: `test_x` rows were test modules (a real pattern name is prose or a qualified name).
  if (/^test_[a-z0-9_]*$/i.test(base)) return 'a test module name';
  return null;
}

/** What the quality column of a legacy table says about itself. */
export interface LegacyQualityFacts {
  rows: number;
  nullQuality: number;
  distinctValues: number;
  stddev: number | null;
  /** The most common value and how many rows hold it. */
  mode: { value: number; rows: number } | null;
}

/** A verdict on legacy quality scores: "measured" needs spread; one value everywhere means filled in. */
export function judgeLegacyQuality(f: LegacyQualityFacts): { measured: boolean; detail: string } {
  if (f.rows === 0) return { measured: false, detail: 'no rows' };
  if (f.nullQuality === f.rows) return { measured: false, detail: `all ${f.rows} rows have NULL quality` };
  if (f.distinctValues <= 1 && f.mode) {
    return {
      measured: false,
      detail: `every scored row has quality ${f.mode.value} (${f.mode.rows} rows): a constant, not a measurement`,
    };
  }
  const share = f.mode ? f.mode.rows / f.rows : 0;
  if (share >= 0.9 && f.mode) {
    return {
      measured: false,
      detail: `${Math.round(share * 100)}% of rows have quality ${f.mode.value}: filled in, not measured`,
    };
  }
  return {
    measured: true,
    detail: `${f.distinctValues} distinct values, standard deviation ${f.stddev?.toFixed(3) ?? 'n/a'}`,
  };
}
