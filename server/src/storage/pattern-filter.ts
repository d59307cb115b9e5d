/** The ingestion filters of `motif index --min-quality Q --max-complexity N`, applied after the usage pass. */
import type { PatternFilter } from '../core/ports';
import type { SqlClient } from './sql-client';

const DELETE_OUTSIDE = `
DELETE FROM patterns
WHERE repository = $1
  AND (($2::float8 IS NOT NULL AND quality_score < $2) OR ($3::int IS NOT NULL AND complexity > $3))
`;

/** Delete the repository's patterns failing the filter; returns how many went. */
export async function deletePatternsOutside(
  sql: SqlClient,
  repository: string,
  filter: PatternFilter,
): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `WITH gone AS (${DELETE_OUTSIDE} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [repository, filter.minQuality ?? null, filter.maxComplexity ?? null],
  );
  return rows[0]?.n ?? 0;
}
