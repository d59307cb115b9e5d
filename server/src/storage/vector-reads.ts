/**
 * Reads of the similarity side of the store (`SimilarityStore`): vectors with their search payload,
 * fingerprints by id, and groups of patterns with equal normalised-AST hashes.
 */
import type { HashGroup, SimilarityStore, StoredFingerprint, VectorEntry } from '../core/ports';
import { similarEdges, similarityInputs, similarityPatterns } from './similar-to-reads';
import type { SqlClient } from './sql-client';
import { vectorFromBytes } from './vector-codec';

interface EntryRow {
  id: string;
  vector: Uint8Array;
  pattern_type: string;
  category: string;
  quality_score: number;
  repository: string;
  file_path: string;
}

const ENTRY_COLUMNS = `p.id, v.vector, p.pattern_type, p.category, p.quality_score, p.repository, p.file_path`;

function toEntry(r: EntryRow): VectorEntry {
  return {
    vector: vectorFromBytes(r.vector),
    payload: {
      patternId: r.id,
      patternType: r.pattern_type,
      category: r.category,
      quality: Number(r.quality_score),
      repository: r.repository,
      filePath: r.file_path,
    },
  };
}

const PAGE = `
SELECT ${ENTRY_COLUMNS}
FROM pattern_vectors v JOIN patterns p ON p.id = v.pattern_id
WHERE p.id > $1
ORDER BY p.id
LIMIT $2
`;

async function* vectorEntries(sql: SqlClient, pageSize = 5000): AsyncIterable<VectorEntry[]> {
  let after = '';
  for (;;) {
    const rows = await sql.query<EntryRow>(PAGE, [after, pageSize]);
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

const FILE_ENTRIES = `
SELECT ${ENTRY_COLUMNS}
FROM pattern_vectors v JOIN patterns p ON p.id = v.pattern_id
WHERE p.repository = $1 AND p.file_path = ANY($2::text[])
ORDER BY p.id
`;

const FINGERPRINTS = `
SELECT pattern_id, vector, ast_hash, statements, tokens, model
FROM pattern_vectors WHERE pattern_id = ANY($1::text[])
`;

interface FingerprintRow {
  pattern_id: string;
  vector: Uint8Array;
  ast_hash: string;
  statements: number;
  tokens: number;
  model: string;
}

const HASH_GROUPS = `
SELECT ast_hash, array_agg(pattern_id ORDER BY pattern_id) AS ids
FROM pattern_vectors
WHERE statements >= $1
GROUP BY ast_hash
HAVING count(*) > 1
ORDER BY count(*) DESC, ast_hash
`;

/** The `SimilarityStore` port over a migrated client. */
export function createSimilarityStore(sql: SqlClient): SimilarityStore {
  return {
    vectorEntries: (pageSize) => vectorEntries(sql, pageSize),
    async fileEntries(repository, filePaths) {
      if (filePaths.length === 0) return [];
      return (await sql.query<EntryRow>(FILE_ENTRIES, [repository, filePaths])).map(toEntry);
    },
    async fingerprints(ids) {
      const rows = ids.length === 0 ? [] : await sql.query<FingerprintRow>(FINGERPRINTS, [ids]);
      return new Map<string, StoredFingerprint>(
        rows.map((r) => [
          r.pattern_id,
          {
            patternId: r.pattern_id,
            vector: vectorFromBytes(r.vector),
            astHash: r.ast_hash,
            statements: r.statements,
            tokens: r.tokens,
            model: r.model,
          },
        ]),
      );
    },
    async hashGroups(minStatements) {
      const rows = await sql.query<{ ast_hash: string; ids: string[] }>(HASH_GROUPS, [minStatements]);
      return rows.map((r): HashGroup => ({ astHash: r.ast_hash, patternIds: r.ids }));
    },
    async idsWithStatements(minStatements) {
      const rows = await sql.query<{ pattern_id: string }>(
        'SELECT pattern_id FROM pattern_vectors WHERE statements >= $1 ORDER BY pattern_id',
        [minStatements],
      );
      return rows.map((r) => r.pattern_id);
    },
    async count() {
      const rows = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM pattern_vectors');
      return Number(rows[0]?.n ?? 0);
    },
    similarityInputs: (repository, minStatements, runId, exceptFiles) =>
      similarityInputs(sql, repository, minStatements, runId, exceptFiles),
    similarityPatterns: (repository, minStatements, runId, exceptFiles) =>
      similarityPatterns(sql, repository, minStatements, runId, exceptFiles),
    similarEdges: (repository) => similarEdges(sql, repository),
  };
}
