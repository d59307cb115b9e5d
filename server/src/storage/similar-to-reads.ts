/**
 * Reads behind the SIMILAR_TO pass: a repository's eligible patterns with their vectors and whether
 * their file changed since the last completed run, and the SIMILAR_TO edges stored for it.
 */
import type { SimilarEdge, SimilarityInput } from '../core/ports';
import { type BinaryCopyReader, COPY_BINARY, copyOutWith, SET_REPOSITORY } from './copy-binary';
import type { SqlClient } from './sql-client';
import { vectorFromBytes } from './vector-codec';

// "Changed": the file was written after the last completed run (other than this one) finished; an
// interrupted run's files therefore count as changed until a run completes after them.
// `param(i)` writes the i-th input: a bind parameter, or in the COPY form (COPY takes no parameters) the
// transaction-local setting SET_INPUTS gave it.
const inputsSelect = (vector: boolean, param: (i: 1 | 2 | 3 | 4) => string) => `
WITH last AS (
  SELECT max(finished_at) AS at FROM index_runs
  WHERE repository = ${param(1)} AND status = 'completed' AND id <> ${param(3)}
)
SELECT p.id, p.file_path, p.qualified_name, v.ast_hash,${vector ? ' v.vector,' : ''}
       (last.at IS NULL OR f.indexed_at > last.at) AS changed
FROM pattern_vectors v
JOIN patterns p ON p.id = v.pattern_id
JOIN files f ON f.repository = p.repository AND f.path = p.file_path
CROSS JOIN last
WHERE p.repository = ${param(1)} AND v.statements >= ${param(2)} AND p.pattern_type <> 'design_pattern'
  AND p.file_path NOT IN (SELECT unnest(${param(4)}))
ORDER BY p.id
`;
const bound = (i: number) => ['$1', '$2::int', '$3::int', '$4::text[]'][i - 1]!;
const setting = (i: number) =>
  [
    "current_setting('motif.repository')",
    "current_setting('motif.min_statements')::int",
    "current_setting('motif.run_id')::int",
    "current_setting('motif.except_files')::text[]",
  ][i - 1]!;
const INPUTS = inputsSelect(true, bound);
const PATTERNS = inputsSelect(false, bound);
const COPY_INPUTS = `COPY (${inputsSelect(true, setting)}) TO '/dev/blob' WITH ${COPY_BINARY}`;
const COPY_PATTERNS = `COPY (${inputsSelect(false, setting)}) TO '/dev/blob' WITH ${COPY_BINARY}`;
const SET_INPUTS = `
SELECT set_config('motif.repository', $1, true), set_config('motif.min_statements', $2::int::text, true),
       set_config('motif.run_id', $3::int::text, true), set_config('motif.except_files', $4::text[]::text, true)
`;

const edgesSelect = (repository: string) => `
SELECT source_id, target_id, confidence, evidence FROM relationships
WHERE repository = ${repository} AND type = 'SIMILAR_TO' AND target_id IS NOT NULL
`;
const EDGES = edgesSelect('$1');
const COPY_EDGES = `COPY (${edgesSelect("current_setting('motif.repository')")}) TO '/dev/blob' WITH ${COPY_BINARY}`;

interface InputRow {
  id: string;
  file_path: string;
  qualified_name: string;
  ast_hash: string;
  vector: Uint8Array;
  changed: boolean;
}

type SimilarityPattern = Omit<SimilarityInput, 'vector'>;

/**
 * The inputs' rows, by binary COPY where the client has it: tens of thousands of rows, and through a
 * query PGlite turns every vector into hex text and back (the stdlib's 45,000 vectors: 3.0 s by query,
 * 0.2 s by COPY). `read` takes each row's fields after the four every form has.
 */
async function inputRows<T>(
  sql: SqlClient,
  vector: boolean,
  params: [string, number, number, readonly string[]],
  read: (pattern: SimilarityPattern, reader: BinaryCopyReader) => T,
  fromRow: (row: InputRow) => T,
): Promise<T[]> {
  if (!sql.copyTo) {
    const rows = await sql.query<InputRow>(vector ? INPUTS : PATTERNS, params);
    return rows.map(fromRow);
  }
  const reader = await copyOutWith(sql, SET_INPUTS, params, vector ? COPY_INPUTS : COPY_PATTERNS);
  const out: T[] = [];
  while (reader.row()) {
    const id = reader.text()!;
    const filePath = reader.text()!;
    const qualifiedName = reader.text()!;
    const astHash = reader.text()!;
    out.push(read({ id, filePath, qualifiedName, astHash, changed: false }, reader));
  }
  return out;
}

/** Eligible patterns of `repository` (see `SimilarityStore.similarityInputs`). */
export async function similarityInputs(
  sql: SqlClient,
  repository: string,
  minStatements: number,
  runId: number,
  exceptFiles: readonly string[] = [],
): Promise<SimilarityInput[]> {
  return inputRows(
    sql,
    true,
    [repository, minStatements, runId, exceptFiles],
    (pattern, reader) => {
      const vector = vectorFromBytes(reader.bytes()!);
      return { ...pattern, vector, changed: reader.bool()! };
    },
    (r) => ({
      id: r.id,
      filePath: r.file_path,
      qualifiedName: r.qualified_name,
      astHash: r.ast_hash,
      vector: vectorFromBytes(r.vector),
      changed: r.changed,
    }),
  );
}

/** The same patterns without their vectors (see `SimilarityStore.similarityPatterns`). */
export async function similarityPatterns(
  sql: SqlClient,
  repository: string,
  minStatements: number,
  runId: number,
  exceptFiles: readonly string[] = [],
): Promise<SimilarityPattern[]> {
  return inputRows(
    sql,
    false,
    [repository, minStatements, runId, exceptFiles],
    (pattern, reader) => ({ ...pattern, changed: reader.bool()! }),
    (r) => ({
      id: r.id,
      filePath: r.file_path,
      qualifiedName: r.qualified_name,
      astHash: r.ast_hash,
      changed: r.changed,
    }),
  );
}

/** Stored SIMILAR_TO edges of `repository`, by binary COPY where the client has it (tens of thousands). */
export async function similarEdges(sql: SqlClient, repository: string): Promise<SimilarEdge[]> {
  if (!sql.copyTo) {
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
  const reader = await copyOutWith(sql, SET_REPOSITORY, [repository], COPY_EDGES);
  const edges: SimilarEdge[] = [];
  while (reader.row()) {
    const sourceId = reader.text()!;
    const targetId = reader.text()!;
    const similarity = reader.float8()!;
    edges.push({ sourceId, targetId, similarity, evidence: reader.text()! });
  }
  return edges;
}
