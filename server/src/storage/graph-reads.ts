/**
 * The graph's reads: the pass's inputs (every pattern's outgoing references and participants, every
 * file's re-exports, stored trends), edges of one pattern with both ends named, edge counts and usage
 * history. Large reads come back as one value, as the usage pass's do (binary COPY on PGlite, one
 * JSON text elsewhere).
 */
import type { GraphFile, GraphPattern } from '../core/graph/resolve-targets';
import type { UsageTrend } from '../core/pattern';
import type { GraphInputs, RelationshipType, RelationshipView, UsageHistoryPoint } from '../core/ports';
import { COPY_BINARY, copyOutWith, SET_REPOSITORY } from './copy-binary';
import type { SqlClient } from './sql-client';

const GRAPH_PATTERNS = `
SELECT coalesce(json_agg(json_build_array(p.id, p.file_path, p.qualified_name, p.kind, p.pattern_type,
  p.outgoing, p.design_detail, t.usage_trend))::text, '[]') AS rows
FROM patterns AS p LEFT JOIN pattern_trends AS t ON t.pattern_id = p.id
WHERE p.repository = $1
`;

const GRAPH_FILES = `
SELECT coalesce(json_agg(json_build_array(path, reexports))::text, '[]') AS rows
FROM files
WHERE repository = $1 AND skip_reason IS NULL
`;

type PatternTuple = [
  string,
  string,
  string,
  GraphPattern['kind'],
  GraphPattern['patternType'],
  GraphPattern['outgoing'],
  { participants?: { qualifiedName: string; role: string }[] } | null,
  UsageTrend | null,
];

// PGlite's form: binary COPY (no JSON aggregate built in WASM); the repository comes from a setting.
const COPY_GRAPH_PATTERNS = `
COPY (
  SELECT p.id, p.file_path, p.qualified_name, p.kind, p.pattern_type, p.outgoing::text, p.design_detail::text,
         t.usage_trend
  FROM patterns AS p LEFT JOIN pattern_trends AS t ON t.pattern_id = p.id
  WHERE p.repository = current_setting('motif.repository')
) TO '/dev/blob' WITH ${COPY_BINARY}
`;

/** Every pattern's tuple, by binary COPY where the client has it, else as one JSON text. */
async function patternTuples(sql: SqlClient, repository: string): Promise<PatternTuple[]> {
  if (!sql.copyTo) {
    const [p] = await sql.query<{ rows: string }>(GRAPH_PATTERNS, [repository]);
    return JSON.parse(p?.rows ?? '[]') as PatternTuple[];
  }
  const reader = await copyOutWith(sql, SET_REPOSITORY, [repository], COPY_GRAPH_PATTERNS);
  const tuples: PatternTuple[] = [];
  while (reader.row()) {
    const id = reader.text()!;
    const filePath = reader.text()!;
    const qualifiedName = reader.text()!;
    const kind = reader.text() as GraphPattern['kind'];
    const patternType = reader.text() as GraphPattern['patternType'];
    const outgoing = reader.text();
    const detail = reader.text();
    const trend = reader.text() as UsageTrend | null;
    tuples.push([
      id,
      filePath,
      qualifiedName,
      kind,
      patternType,
      outgoing === null || outgoing === '[]' ? [] : JSON.parse(outgoing),
      detail === null ? null : JSON.parse(detail),
      trend,
    ]);
  }
  return tuples;
}

/** What the graph pass needs about every pattern and file of `repository`. */
export async function graphInputs(sql: SqlClient, repository: string): Promise<GraphInputs> {
  const tuples = await patternTuples(sql, repository);
  const [f] = await sql.query<{ rows: string }>(GRAPH_FILES, [repository]);
  const trends = new Map<string, UsageTrend | null>();
  const patterns: GraphPattern[] = tuples.map((t) => {
    trends.set(t[0], t[7]);
    return {
      id: t[0],
      filePath: t[1],
      qualifiedName: t[2],
      kind: t[3],
      patternType: t[4],
      outgoing: t[5] ?? [],
      participants: t[6]?.participants ?? [],
    };
  });
  const files: GraphFile[] = (JSON.parse(f?.rows ?? '[]') as [string, GraphFile['reexports']][]).map(
    ([path, reexports]) => ({ path, reexports: reexports ?? [] }),
  );
  return { patterns, files, trends };
}

const EVENT_COUNTS = `
SELECT e.pattern_id, count(*)::int AS n
FROM pattern_usage_events AS e JOIN patterns AS p ON p.id = e.pattern_id
WHERE p.repository = $1
GROUP BY e.pattern_id
`;

/** External usage events per pattern of `repository`. */
export async function eventCounts(sql: SqlClient, repository: string): Promise<Map<string, number>> {
  const rows = await sql.query<{ pattern_id: string; n: number }>(EVENT_COUNTS, [repository]);
  return new Map(rows.map((r) => [r.pattern_id, r.n]));
}

interface EdgeRow {
  source_id: string;
  target_id: string | null;
  target_name: string;
  type: RelationshipType;
  confidence: number;
  evidence: string;
  is_guess: boolean;
  sites: number;
  source_name: string | null;
  source_file: string | null;
  target_file: string | null;
}

// Both directions in one statement: `$2` says which ends must be the pattern.
const RELATIONSHIPS_OF = `
SELECT r.source_id, r.target_id, r.target_name, r.type, r.confidence, r.evidence, r.is_guess, r.sites,
       s.qualified_name AS source_name, s.file_path AS source_file, t.file_path AS target_file
FROM relationships AS r
LEFT JOIN patterns AS s ON s.id = r.source_id
LEFT JOIN patterns AS t ON t.id = r.target_id
WHERE ((($2 = 'out' OR $2 = 'both') AND r.source_id = $1) OR (($2 = 'in' OR $2 = 'both') AND r.target_id = $1))
  AND ($3::text[] IS NULL OR r.type = ANY ($3::text[]))
ORDER BY r.type, r.confidence DESC, r.sites DESC, r.target_name, s.qualified_name
LIMIT $4
`;

/** Edges touching one pattern, with both ends named. */
export async function relationshipsOf(
  sql: SqlClient,
  patternId: string,
  options: { direction?: 'in' | 'out' | 'both'; types?: RelationshipType[]; limit?: number } = {},
): Promise<RelationshipView[]> {
  const rows = await sql.query<EdgeRow>(RELATIONSHIPS_OF, [
    patternId,
    options.direction ?? 'both',
    options.types && options.types.length > 0 ? options.types : null,
    options.limit ?? 1000,
  ]);
  return rows.map((r) => ({
    sourceId: r.source_id,
    targetId: r.target_id,
    targetName: r.target_name,
    type: r.type,
    confidence: r.confidence,
    evidence: r.evidence,
    isGuess: r.is_guess,
    sites: r.sites,
    sourceName: r.source_name ?? r.source_id,
    sourceFile: r.source_file ?? '',
    targetFile: r.target_file,
  }));
}

/** Edge counts by type. */
export async function edgeCounts(sql: SqlClient): Promise<Record<string, number>> {
  const rows = await sql.query<{ type: string; n: number }>(
    'SELECT type, count(*)::int AS n FROM relationships GROUP BY type ORDER BY type',
  );
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

/** One pattern's usage history, oldest first. */
export async function usageHistory(sql: SqlClient, patternId: string): Promise<UsageHistoryPoint[]> {
  const rows = await sql.query<{ run_id: number; usage_count: number; usage_files: number }>(
    'SELECT run_id, usage_count, usage_files FROM pattern_usage_history WHERE pattern_id = $1 ORDER BY run_id',
    [patternId],
  );
  return rows.map((r) => ({
    patternId,
    runId: r.run_id,
    usageCount: r.usage_count,
    usageFiles: r.usage_files,
  }));
}
