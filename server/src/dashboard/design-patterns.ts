/**
 * Design patterns with their participants: the patterns typed `design_pattern`, best first, each with
 * the patterns it is composed of (members, or the detector's participants once the graph issue's
 * table records them).
 */
import type { Capabilities, DesignPatternDto } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';
import { edgesAround } from './graph';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';

const DESIGN_PATTERNS = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.pattern_type = 'design_pattern'
ORDER BY p.quality_score DESC, p.id
LIMIT $1
`;

const ROWS_BY_ID = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.id = ANY($1::text[])
`;

/** Up to `limit` design patterns with their participants. */
export async function designPatterns(
  sql: SqlClient,
  capabilities: Capabilities,
  limit: number,
): Promise<DesignPatternDto[]> {
  const heads = (await sql.query<RowRecord>(DESIGN_PATTERNS, [limit])).map(toRow);
  if (heads.length === 0) return [];
  const edges = (
    await edgesAround(
      sql,
      capabilities,
      heads.map((h) => h.id),
      ['COMPOSED_OF'],
    )
  ).filter((e) => heads.some((h) => h.id === e.source));
  const rows = new Map(
    (await sql.query<RowRecord>(ROWS_BY_ID, [[...new Set(edges.map((e) => e.target))]])).map((r) => [
      r.id,
      toRow(r),
    ]),
  );
  return heads.map((pattern) => ({
    pattern,
    confidence: null,
    participants: edges
      .filter((e) => e.source === pattern.id && rows.has(e.target))
      .map((e) => ({ role: rows.get(e.target)!.kind, pattern: rows.get(e.target)! })),
  }));
}
