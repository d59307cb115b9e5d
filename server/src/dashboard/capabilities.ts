/**
 * What the store can show beyond the core's tables. The relationship graph, design patterns, similarity
 * and per-run usage figures arrive with the graph and similarity issues' migrations; until their tables
 * exist the dashboard says so instead of inventing data.
 */
import type { Capabilities } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';

const TABLES = `
SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema()
`;

/** The tables of the store's schema. */
export async function tableNames(sql: SqlClient): Promise<Set<string>> {
  return new Set((await sql.query<{ table_name: string }>(TABLES)).map((r) => r.table_name));
}

/** Which optional parts this store has. */
export async function detectCapabilities(sql: SqlClient): Promise<Capabilities> {
  const tables = await tableNames(sql);
  return {
    graph: tables.has('relationships') ? 'relationships' : 'names',
    relationships: tables.has('relationships'),
    designPatterns: tables.has('design_pattern_participants'),
    similarity: tables.has('relationships'),
    usageTrends: tables.has('pattern_usage_runs'),
  };
}

/** Per-run average quality and total usage, when the store keeps per-run figures (none yet). */
export async function runFigures(
  _sql: SqlClient,
  _capabilities: Capabilities,
): Promise<Map<number, { averageQuality: number | null; totalUsage: number | null }>> {
  return new Map();
}
