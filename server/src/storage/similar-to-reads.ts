/**
 * Reads behind the SIMILAR_TO pass: a repository's eligible patterns with their vectors and whether
 * their file changed since the last completed run, and the SIMILAR_TO edges stored for it.
 */
import type { SimilarEdge, SimilarityInput } from '../core/ports';
import type { SqlClient } from './sql-client';
import { vectorFromBytes } from './vector-codec';

// "Changed": the file was written after the last completed run (other than this one) finished; an
// interrupted run's files therefore count as changed until a run completes after them.
const inputsQuery = (vector: boolean) => `
WITH last AS (
  SELECT max(finished_at) AS at FROM index_runs
  WHERE repository = $1 AND status = 'completed' AND id <> $3
)
SELECT p.id, p.file_path, p.qualified_name, v.ast_hash,${vector ? ' v.vector,' : ''}
       (last.at IS NULL OR f.indexed_at > last.at) AS changed
FROM pattern_vectors v
JOIN patterns p ON p.id = v.pattern_id
JOIN files f ON f.repository = p.repository AND f.path = p.file_path
CROSS JOIN last
WHERE p.repository = $1 AND v.statements >= $2 AND p.pattern_type <> 'design_pattern'
  AND p.file_path NOT IN (SELECT unnest($4::text[]))
ORDER BY p.id
`;
const INPUTS = inputsQuery(true);
const PATTERNS = inputsQuery(false);

interface InputRow {
  id: string;
  file_path: string;
  qualified_name: string;
  ast_hash: string;
  vector: Uint8Array;
  changed: boolean;
}

const EDGES = `
SELECT source_id, target_id, confidence, evidence FROM relationships
WHERE repository = $1 AND type = 'SIMILAR_TO' AND target_id IS NOT NULL
`;

/** Eligible patterns of `repository` (see `SimilarityStore.similarityInputs`). */
export async function similarityInputs(
  sql: SqlClient,
  repository: string,
  minStatements: number,
  runId: number,
  exceptFiles: readonly string[] = [],
): Promise<SimilarityInput[]> {
  const rows = await sql.query<InputRow>(INPUTS, [repository, minStatements, runId, exceptFiles]);
  return rows.map((r) => ({
    id: r.id,
    filePath: r.file_path,
    qualifiedName: r.qualified_name,
    astHash: r.ast_hash,
    vector: vectorFromBytes(r.vector),
    changed: r.changed,
  }));
}

/** The same patterns without their vectors (see `SimilarityStore.similarityPatterns`). */
export async function similarityPatterns(
  sql: SqlClient,
  repository: string,
  minStatements: number,
  runId: number,
  exceptFiles: readonly string[] = [],
): Promise<Omit<SimilarityInput, 'vector'>[]> {
  const rows = await sql.query<Omit<InputRow, 'vector'>>(PATTERNS, [
    repository,
    minStatements,
    runId,
    exceptFiles,
  ]);
  return rows.map((r) => ({
    id: r.id,
    filePath: r.file_path,
    qualifiedName: r.qualified_name,
    astHash: r.ast_hash,
    changed: r.changed,
  }));
}

/** Stored SIMILAR_TO edges of `repository`. */
export async function similarEdges(sql: SqlClient, repository: string): Promise<SimilarEdge[]> {
  const rows = await sql.query<{
    source_id: string;
    target_id: string;
    confidence: number;
    evidence: string;
  }>(EDGES, [repository]);
  return rows.map((r) => ({
    sourceId: r.source_id,
    targetId: r.target_id,
    similarity: Number(r.confidence),
    evidence: r.evidence,
  }));
}
