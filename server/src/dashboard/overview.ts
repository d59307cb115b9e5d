/**
 * The dashboard's first screen from the store: totals, the quality histogram and tiers, counts by type
 * and category, top patterns by usage and by quality, index runs, and the values the filters offer.
 * Every figure is an aggregate computed by SQL, so it stays fast at 100k patterns.
 */
import type { Count, Overview, OverviewLists, RunPoint } from '../../../shared/dashboard';
import { TIER_CUTS } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';
import { detectCapabilities, runFigures } from './capabilities';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';

// One scan for every aggregate: totals and tiers (the empty grouping set), then counts by type, by
// category, by repository and by histogram bin (20 bins of 0.05; width_bucket puts 1.0 in bin 21,
// folded into the last one). grouping() sets a bit per column left out of a row's grouping.
const AGGREGATES = `
SELECT pattern_type, category, repository, least(width_bucket(quality_score, 0, 1, 20), 20)::int AS bin,
       grouping(pattern_type, category, repository, least(width_bucket(quality_score, 0, 1, 20), 20))::int AS g,
       count(*)::int AS n,
       avg(quality_score)::float8 AS average,
       count(*) FILTER (WHERE quality_score >= $1)::int AS high,
       count(*) FILTER (WHERE quality_score >= $2 AND quality_score < $1)::int AS medium,
       count(*) FILTER (WHERE quality_score < $2)::int AS low
FROM patterns
GROUP BY GROUPING SETS ((), (pattern_type), (category), (repository), (4))
`;

const FILES = `
SELECT count(*)::int AS n FROM files WHERE skip_reason IS NULL
`;

const TOP_BY_USAGE = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.usage_count > 0
ORDER BY p.usage_count DESC, p.quality_score DESC, p.id
LIMIT $1
`;

const TOP_BY_QUALITY = `
SELECT ${ROW_COLUMNS}
FROM patterns p
ORDER BY p.quality_score DESC, p.usage_count DESC, p.id
LIMIT $1
`;

// The most used tags; a store may hold many distinct ones, the filter offers the common ones.
const TAGS = `
SELECT tag, count(*)::int AS n
FROM patterns, unnest(tags) AS tag
GROUP BY tag
ORDER BY n DESC, tag
LIMIT $1
`;

const RUNS = `
SELECT id, started_at, status, patterns, files_indexed
FROM index_runs
ORDER BY id DESC
LIMIT $1
`;

function isoTime(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function sortedCounts(entries: [string, number][]): Count[] {
  return entries
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Everything the first screen shows. */
export async function overview(sql: SqlClient): Promise<Overview> {
  const rows = await sql.query<{
    pattern_type: string;
    category: string;
    repository: string;
    bin: number;
    g: number;
    n: number;
    average: number | null;
    high: number;
    medium: number;
    low: number;
  }>(AGGREGATES, [TIER_CUTS.high, TIER_CUTS.medium]);
  const histogram = new Array<number>(20).fill(0);
  const byType: [string, number][] = [];
  const byCategory: [string, number][] = [];
  const repositories: string[] = [];
  let totals = { patterns: 0, average: null as number | null, high: 0, medium: 0, low: 0 };
  for (const r of rows) {
    if (r.g === 0b1111)
      totals = { patterns: r.n, average: r.average, high: r.high, medium: r.medium, low: r.low };
    else if (r.g === 0b0111) byType.push([r.pattern_type, r.n]);
    else if (r.g === 0b1011) byCategory.push([r.category, r.n]);
    else if (r.g === 0b1101) repositories.push(r.repository);
    else if (r.g === 0b1110) histogram[Math.max(1, r.bin) - 1]! += r.n;
  }
  const [files] = await sql.query<{ n: number }>(FILES);
  const capabilities = await detectCapabilities(sql);
  return {
    location: sql.location,
    capabilities,
    totals: {
      patterns: totals.patterns,
      files: files?.n ?? 0,
      repositories: repositories.length,
      averageQuality: totals.average,
    },
    histogram,
    tiers: { high: totals.high, medium: totals.medium, low: totals.low },
    byType: sortedCounts(byType),
    byCategory: sortedCounts(byCategory),
    facets: {
      types: byType.map(([k]) => k).sort(),
      categories: byCategory.map(([k]) => k).sort(),
      repositories: repositories.sort(),
    },
  };
}

/** The slower parts of the first screen: top lists, index runs with their figures, the common tags. */
export async function overviewLists(
  sql: SqlClient,
  options: { top?: number; runs?: number } = {},
): Promise<OverviewLists> {
  const top = options.top ?? 10;
  const capabilities = await detectCapabilities(sql);
  const runRows = await sql.query<{
    id: number;
    started_at: Date | string;
    status: string;
    patterns: number;
    files_indexed: number;
  }>(RUNS, [options.runs ?? 50]);
  const figures = await runFigures(
    sql,
    capabilities,
    runRows.map((r) => r.id),
  );
  const runs: RunPoint[] = runRows.reverse().map((r) => ({
    id: r.id,
    startedAt: isoTime(r.started_at),
    status: r.status,
    patterns: r.patterns,
    filesIndexed: r.files_indexed,
    averageQuality: figures.get(r.id)?.averageQuality ?? null,
    totalUsage: figures.get(r.id)?.totalUsage ?? null,
  }));
  return {
    topByUsage: (await sql.query<RowRecord>(TOP_BY_USAGE, [top])).map(toRow),
    topByQuality: (await sql.query<RowRecord>(TOP_BY_QUALITY, [top])).map(toRow),
    runs,
    tags: (await sql.query<{ tag: string }>(TAGS, [200])).map((r) => r.tag).sort(),
  };
}
