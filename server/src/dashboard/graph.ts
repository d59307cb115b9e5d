/**
 * The relationship graph around a pattern, breadth-first to a depth, one query per level. Edges come
 * from the relationship table when the store has one; otherwise from the core's own names (class →
 * member methods, base-class names, call names), which are name matches within a repository and are
 * shown with confidence 0.5 for USES and EXTENDS guesses. SIMILAR_TO comes from the table or, when it
 * holds none, from the source's similarity lookup for the centre.
 */
import type { Capabilities, EdgeType, GraphSlice } from '../../../shared/dashboard';
import type { SqlClient } from '../storage/sql-client';
import { ROW_COLUMNS, type RowRecord, toRow } from './row-sql';
import type { DashboardSource } from './source';

/** An edge between two pattern ids. */
export interface Edge {
  source: string;
  target: string;
  type: EdgeType;
  confidence: number | null;
}

// Name-derived edges touching any of $1 (ids), of the types in $2.
const NAME_EDGES = `
WITH c AS (SELECT * FROM patterns WHERE id = ANY($1::text[]))
SELECT c.id AS source, m.id AS target, 'COMPOSED_OF' AS type, 1.0::float8 AS confidence
FROM c JOIN patterns m
  ON m.file_path = c.file_path AND m.repository = c.repository
 AND m.qualified_name LIKE c.qualified_name || '.%'
 AND position('.' IN substr(m.qualified_name, length(c.qualified_name) + 2)) = 0
WHERE c.kind = 'class' AND 'COMPOSED_OF' = ANY($2::text[])
UNION ALL
SELECT o.id, c.id, 'COMPOSED_OF', 1.0
FROM c JOIN patterns o
  ON o.file_path = c.file_path AND o.repository = c.repository AND o.kind = 'class'
 AND c.qualified_name = o.qualified_name || '.' || c.name
WHERE 'COMPOSED_OF' = ANY($2::text[])
UNION ALL
SELECT c.id, t.id, 'EXTENDS', 0.5
FROM c JOIN LATERAL unnest(c.bases) AS b(base) ON true
JOIN patterns t ON t.kind = 'class' AND t.repository = c.repository
 AND t.name = regexp_replace(b.base, '^.*\\.', '') AND t.id <> c.id
WHERE 'EXTENDS' = ANY($2::text[])
UNION ALL
SELECT s.id, c.id, 'EXTENDS', 0.5
FROM c JOIN patterns s ON c.kind = 'class' AND s.kind = 'class' AND s.repository = c.repository
 AND s.id <> c.id
 AND EXISTS (SELECT 1 FROM unnest(s.bases) AS b WHERE b = c.name OR b LIKE '%.' || c.name)
WHERE 'EXTENDS' = ANY($2::text[])
UNION ALL
SELECT c.id, t.id, 'USES', 0.5
FROM c JOIN LATERAL unnest(c.calls) AS k(call) ON true
JOIN patterns t ON t.repository = c.repository AND t.id <> c.id
 AND t.name = regexp_replace(k.call, '^.*\\.', '')
 AND (t.file_path = c.file_path OR (position('.' IN k.call) = 0 AND t.kind <> 'method'))
WHERE 'USES' = ANY($2::text[])
UNION ALL
SELECT s.id, c.id, 'USES', 0.5
FROM c JOIN patterns s ON s.repository = c.repository AND s.id <> c.id
 AND EXISTS (SELECT 1 FROM unnest(s.calls) AS k
             WHERE (k = c.name AND c.kind <> 'method')
                OR (s.file_path = c.file_path AND k LIKE '%.' || c.name))
WHERE 'USES' = ANY($2::text[])
`;

// Resolved edges only: an edge to an external name (no target pattern) has nothing to draw.
const TABLE_EDGES = `
SELECT source_id AS source, target_id AS target, type, confidence
FROM relationships
WHERE (source_id = ANY($1::text[]) OR target_id = ANY($1::text[])) AND type = ANY($2::text[])
  AND target_id IS NOT NULL
`;

/** Every edge of the given types touching one of `ids`, without duplicates. */
export async function edgesAround(
  sql: SqlClient,
  capabilities: Capabilities,
  ids: string[],
  types: readonly EdgeType[],
): Promise<Edge[]> {
  const query = capabilities.graph === 'relationships' ? TABLE_EDGES : NAME_EDGES;
  const rows = await sql.query<Edge>(query, [ids, [...types]]);
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const e of rows) {
    const key = `${e.source}\u0000${e.target}\u0000${e.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...e, confidence: e.confidence === null ? null : Number(e.confidence) });
  }
  return edges;
}

const ROWS_BY_ID = `
SELECT ${ROW_COLUMNS}
FROM patterns p
WHERE p.id = ANY($1::text[])
`;

/** The neighbourhood of `id` to `depth` levels, at most `limit` nodes (the centre always included). */
export async function graphSlice(
  source: DashboardSource,
  capabilities: Capabilities,
  o: { id: string; types: readonly EdgeType[]; depth: number; limit: number },
): Promise<GraphSlice> {
  const { sql } = source;
  const nodes = new Set<string>([o.id]);
  const edges: Edge[] = [];
  let frontier = [o.id];
  let truncated = false;
  for (let level = 0; level < o.depth && frontier.length > 0 && o.types.length > 0; level++) {
    const next: string[] = [];
    const found = await edgesAround(sql, capabilities, frontier, o.types);
    // A store without SIMILAR_TO rows (indexed before the similarity pass): the centre's similar
    // patterns come from the vector index.
    if (level === 0 && o.types.includes('SIMILAR_TO') && source.similar && !capabilities.similarEdges) {
      for (const hit of (await source.similar(o.id, 10)) ?? []) {
        found.push({ source: o.id, target: hit.id, type: 'SIMILAR_TO', confidence: hit.similarity });
      }
    }
    for (const e of found) {
      for (const end of [e.source, e.target]) {
        if (nodes.has(end)) continue;
        if (nodes.size >= o.limit) {
          truncated = true;
          continue;
        }
        nodes.add(end);
        next.push(end);
      }
      if (nodes.has(e.source) && nodes.has(e.target)) edges.push(e);
    }
    frontier = next;
  }
  const rows = (await sql.query<RowRecord>(ROWS_BY_ID, [[...nodes]])).map(toRow);
  const unique = new Map(edges.map((e) => [`${e.source}\u0000${e.target}\u0000${e.type}`, e]));
  return { centre: o.id, nodes: rows, edges: [...unique.values()], truncated };
}
