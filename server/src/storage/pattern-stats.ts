/**
 * Aggregates over the whole store: the totals of `motif stats` and the facts the validation gates judge
 * (see core/validate.ts). Everything is computed by SQL on the stored rows, never assumed from constraints.
 */
import type { ComponentSpread, StoreStats, ValidationFacts } from '../core/ports';
import { lastRun } from './index-runs';
import type { SqlClient } from './sql-client';

/** Quality tiers: High ≥ 0.8, Medium ≥ 0.6, Low below. */
export const QUALITY_TIERS = { high: 0.8, medium: 0.6 } as const;

const PATTERN_TOTALS = `
SELECT count(*)::int AS patterns,
       count(*) FILTER (WHERE quality_score >= $1)::int AS high,
       count(*) FILTER (WHERE quality_score >= $2 AND quality_score < $1)::int AS medium,
       count(*) FILTER (WHERE quality_score < $2)::int AS low,
       avg(quality_score)::float8 AS average,
       stddev_pop(quality_score)::float8 AS stddev,
       count(*) FILTER (WHERE coverage IS NOT NULL)::int AS with_coverage
FROM patterns
`;

const FILE_TOTALS = `
SELECT count(*)::int AS files,
       count(*) FILTER (WHERE skip_reason IS NOT NULL)::int AS skipped
FROM files
`;

// One pass, three groupings; the grouping() bits say which column each row counts.
const BREAKDOWN = `
SELECT pattern_type, kind, category, grouping(pattern_type, kind, category)::int AS g, count(*)::int AS n
FROM patterns
GROUP BY GROUPING SETS ((pattern_type), (kind), (category))
`;

interface Totals {
  patterns: number;
  high: number;
  medium: number;
  low: number;
  average: number | null;
  stddev: number | null;
  with_coverage: number;
}

/** Totals for `motif stats`, across every repository in the store. */
export async function stats(sql: SqlClient): Promise<StoreStats> {
  const [totals] = await sql.query<Totals>(PATTERN_TOTALS, [QUALITY_TIERS.high, QUALITY_TIERS.medium]);
  const [files] = await sql.query<{ files: number; skipped: number }>(FILE_TOTALS);
  const rows = await sql.query<{
    pattern_type: string;
    kind: string;
    category: string;
    g: number;
    n: number;
  }>(BREAKDOWN);
  const byType: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const r of rows) {
    // grouping() sets a bit per column left out: 0b011 → grouped by pattern_type, 0b101 → kind, 0b110 → category.
    if (r.g === 0b011) byType[r.pattern_type] = r.n;
    else if (r.g === 0b101) byKind[r.kind] = r.n;
    else if (r.g === 0b110) byCategory[r.category] = r.n;
  }
  return {
    patterns: totals?.patterns ?? 0,
    files: files?.files ?? 0,
    filesSkipped: files?.skipped ?? 0,
    byType,
    byKind,
    byCategory,
    tiers: { high: totals?.high ?? 0, medium: totals?.medium ?? 0, low: totals?.low ?? 0 },
    averageQuality: totals?.average ?? null,
    stddevQuality: totals?.stddev ?? null,
    withCoverage: totals?.with_coverage ?? 0,
    lastRun: await lastRun(sql),
  };
}

/**
 * A name "looks like a file name" when it ends in `.py`/`.pyi`, is a path (a separator and no space: "I/O"
 * in "File I/O Reader" is prose), or equals the basename of the pattern's own file. A method named `__init__` is a real pattern and is not flagged;
 * `__init__.py` is. Applied to both `pattern_name` and `name`.
 */
const LOOKS_LIKE_FILE = (column: string) =>
  `(${column} ~* '\\.pyi?$' OR (${column} ~ '[/\\\\]' AND ${column} !~ '\\s') OR ${column} = regexp_replace(file_path, '^.*[/\\\\]', ''))`;

const FILE_NAME_CONDITION = `${LOOKS_LIKE_FILE('pattern_name')} OR ${LOOKS_LIKE_FILE('name')}`;

const FACTS = `
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE quality_score IS NULL)::int AS null_quality,
       count(*) FILTER (WHERE quality_score < 0 OR quality_score > 1)::int AS out_of_range,
       stddev_pop(quality_score)::float8 AS stddev,
       count(DISTINCT pattern_type)::int AS pattern_types,
       count(*) FILTER (
         WHERE btrim(coalesce(pattern_name, '')) = '' OR btrim(coalesce(category, '')) = ''
            OR line_start IS NULL OR line_end IS NULL
            OR implementation IS NULL OR btrim(implementation) = ''
       )::int AS missing_metadata,
       count(*) FILTER (WHERE created_at IS NULL)::int AS missing_created_at,
       count(*) FILTER (WHERE ${FILE_NAME_CONDITION})::int AS file_names,
       count(*) FILTER (WHERE quality_profile = 'default')::int AS default_profile,
       count(test_coverage_score) FILTER (WHERE quality_profile = 'default')::int AS with_coverage,
       stddev_pop(complexity_score) FILTER (WHERE quality_profile = 'default')::float8 AS sd_complexity,
       stddev_pop(documentation_score) FILTER (WHERE quality_profile = 'default')::float8 AS sd_documentation,
       stddev_pop(test_coverage_score) FILTER (WHERE quality_profile = 'default')::float8 AS sd_test_coverage,
       stddev_pop(reusability_score) FILTER (WHERE quality_profile = 'default')::float8 AS sd_reusability,
       stddev_pop(maintainability_score) FILTER (WHERE quality_profile = 'default')::float8 AS sd_maintainability
FROM patterns
`;

const DUPLICATE_IDENTITIES = `
SELECT count(*)::int AS n
FROM (
  SELECT 1
  FROM patterns
  GROUP BY repository, file_path, qualified_name
  HAVING count(*) > 1
) AS duplicates
`;

const FILE_NAME_SAMPLES = `
SELECT DISTINCT CASE WHEN ${LOOKS_LIKE_FILE('name')} THEN name ELSE pattern_name END AS sample
FROM patterns
WHERE ${FILE_NAME_CONDITION}
ORDER BY sample
LIMIT $1
`;

/** How many file-name-like names `validationFacts` lists. */
export const FILE_NAME_SAMPLE_SIZE = 10;

interface FactsRow {
  total: number;
  null_quality: number;
  out_of_range: number;
  stddev: number | null;
  pattern_types: number;
  missing_metadata: number;
  missing_created_at: number;
  file_names: number;
  default_profile: number;
  with_coverage: number;
  sd_complexity: number | null;
  sd_documentation: number | null;
  sd_test_coverage: number | null;
  sd_reusability: number | null;
  sd_maintainability: number | null;
}

function spreadOf(f: FactsRow | undefined): ComponentSpread | null {
  if (!f || f.default_profile === 0) return null;
  return {
    complexity: f.sd_complexity ?? 0,
    documentation: f.sd_documentation ?? 0,
    testCoverage: f.with_coverage > 0 ? (f.sd_test_coverage ?? 0) : null,
    reusability: f.sd_reusability ?? 0,
    maintainability: f.sd_maintainability ?? 0,
    withCoverage: f.with_coverage,
    patterns: f.default_profile,
  };
}

/** Counts the validation gates are judged on, computed over every stored pattern. */
export async function validationFacts(sql: SqlClient): Promise<ValidationFacts> {
  const [facts] = await sql.query<FactsRow>(FACTS);
  const [duplicates] = await sql.query<{ n: number }>(DUPLICATE_IDENTITIES);
  const samples = await sql.query<{ sample: string }>(FILE_NAME_SAMPLES, [FILE_NAME_SAMPLE_SIZE]);
  return {
    total: facts?.total ?? 0,
    nullQuality: facts?.null_quality ?? 0,
    outOfRangeQuality: facts?.out_of_range ?? 0,
    stddevQuality: facts?.stddev ?? null,
    patternTypes: facts?.pattern_types ?? 0,
    duplicateIdentities: duplicates?.n ?? 0,
    missingMetadata: facts?.missing_metadata ?? 0,
    missingCreatedAt: facts?.missing_created_at ?? 0,
    fileNameSamples: samples.map((s) => s.sample),
    fileNamePatterns: facts?.file_names ?? 0,
    componentStddev: spreadOf(facts),
  };
}
