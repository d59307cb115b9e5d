/**
 * What the store can show beyond the core's tables. The relationship graph, design-pattern details,
 * similarity (SIMILAR_TO edges or stored vectors) and per-run usage come from the graph and similarity
 * issues' tables; a store whose tables
 * are missing or still empty (indexed before those passes existed) gets an honest "not available"
 * instead of invented data, and the graph falls back to the core's own names.
 */
import type { Capabilities } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';

const TABLES = `
SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema()
`;

const COLUMNS = `
SELECT column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'patterns'
`;

const EDGE_KINDS = `
SELECT EXISTS (SELECT 1 FROM relationships WHERE type <> 'SIMILAR_TO') AS structural,
       EXISTS (SELECT 1 FROM relationships WHERE type = 'SIMILAR_TO') AS similar
`;

const VECTORS = `
SELECT EXISTS (SELECT 1 FROM pattern_vectors) AS any
`;

const HISTORY = `
SELECT EXISTS (SELECT 1 FROM pattern_usage_history) AS any
`;

/** Which optional parts this store has. */
export async function detectCapabilities(sql: SqlClient): Promise<Capabilities> {
  const tables = new Set((await sql.query<{ table_name: string }>(TABLES)).map((r) => r.table_name));
  const columns = new Set((await sql.query<{ column_name: string }>(COLUMNS)).map((r) => r.column_name));
  let structural = false;
  let similar = false;
  if (tables.has('relationships')) {
    const [kinds] = await sql.query<{ structural: boolean; similar: boolean }>(EDGE_KINDS);
    structural = kinds?.structural ?? false;
    similar = kinds?.similar ?? false;
  }
  const vectors = tables.has('pattern_vectors')
    ? ((await sql.query<{ any: boolean }>(VECTORS))[0]?.any ?? false)
    : false;
  const history = tables.has('pattern_usage_history')
    ? ((await sql.query<{ any: boolean }>(HISTORY))[0]?.any ?? false)
    : false;
  return {
    graph: structural ? 'relationships' : 'names',
    relationships: structural,
    designPatterns: columns.has('design_detail'),
    similarity: similar || vectors,
    similarEdges: similar,
    usageTrends: history,
  };
}

// Each history row is a pattern's usage from its run on; its change since the pattern's previous row,
// summed per run, gives the store-wide total run by run.
const USAGE_DELTAS = `
SELECT run_id, sum(delta)::float8 AS delta
FROM (
  SELECT run_id, usage_count - coalesce(lag(usage_count) OVER (PARTITION BY pattern_id ORDER BY run_id), 0) AS delta
  FROM pattern_usage_history
) AS d
GROUP BY run_id
ORDER BY run_id
`;

/** Per-run total static usage, when the store keeps usage history (average quality per run is not kept). */
export async function runFigures(
  sql: SqlClient,
  capabilities: Capabilities,
  runIds: number[],
): Promise<Map<number, { averageQuality: number | null; totalUsage: number | null }>> {
  const figures = new Map<number, { averageQuality: number | null; totalUsage: number | null }>();
  if (!capabilities.usageTrends) return figures;
  const deltas = await sql.query<{ run_id: number; delta: number }>(USAGE_DELTAS);
  let total = 0;
  let i = 0;
  for (const run of [...runIds].sort((a, b) => a - b)) {
    while (i < deltas.length && deltas[i]!.run_id <= run) total += deltas[i++]!.delta;
    figures.set(run, { averageQuality: null, totalUsage: total });
  }
  return figures;
}
