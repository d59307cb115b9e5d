/**
 * The indexer's bulk write: replace many files (rows, references, patterns, vectors) in one
 * transaction with five statements, however many files and patterns. Per-file writes pay a
 * transaction and half a dozen statements for every file, which on PGlite cost more than the rows
 * themselves; a batch is just as atomic (all of its files or none), so an interrupted index still
 * leaves every file either as it was or fully replaced.
 */
import type { PatternRecord } from '../core/pattern';
import type { FileWrite } from '../core/ports';
import { BinaryCopy, COPY_BINARY, COPY_FRAME_BYTES } from './copy-binary';
import { importRefsJson } from './file-refs';
import {
  COPY_PATTERNS,
  checkPatterns,
  FILE_CONFLICT_UPDATE,
  FILE_LOCK_SPACE,
  type OldRow,
  patternCopy,
  retryOnConflict,
  writeFile,
} from './pattern-writes';
import { type SqlClient, StorageError } from './sql-client';

/** Per-file advisory locks in path order, so two batches sharing files cannot deadlock on them. */
const LOCK_FILES = `
SELECT count(pg_advisory_xact_lock($1::int, hashtext($2 || chr(1) || u.path)))
FROM unnest($3::text[]) AS u(path)
`;

/**
 * Upsert every file row and delete the files' patterns, returning what the successors with the same
 * id inherit (see `DELETE_PATTERNS` in pattern-writes.ts) and the transaction's `now()`.
 */
const REPLACE_FILES = `
WITH file AS (
  INSERT INTO files (repository, path, content_hash, size_bytes, line_count, parse_errors, skip_reason,
                     pattern_count, import_refs, reexports, indexed_at)
  SELECT $1, u.path, u.content_hash, u.size_bytes, u.line_count, u.parse_errors, u.skip_reason,
         u.pattern_count, u.import_refs::json, u.reexports::json, now()
  FROM unnest($2::text[], $3::text[], $4::int8[], $5::int[], $6::int[], $7::text[], $8::int[],
              $9::text[], $10::text[])
    AS u(path, content_hash, size_bytes, line_count, parse_errors, skip_reason, pattern_count,
         import_refs, reexports)
  ${FILE_CONFLICT_UPDATE}
),
old AS (
  DELETE FROM patterns AS p
  WHERE p.repository = $1 AND p.file_path = ANY($2::text[])
  RETURNING p.id, p.created_at, p.updated_at, p.content_hash, p.quality_score
)
SELECT (extract(epoch FROM now()) * 1000000)::int8 AS now, old.id,
       (extract(epoch FROM old.created_at) * 1000000)::int8 AS created_at,
       (extract(epoch FROM old.updated_at) * 1000000)::int8 AS updated_at,
       old.content_hash, old.quality_score
FROM (VALUES (1)) AS one LEFT JOIN old ON true
`;

/** The patterns' fingerprints; their old rows went with the patterns (ON DELETE CASCADE). */
const COPY_VECTORS = `
COPY pattern_vectors (pattern_id, model, vector, ast_hash, statements, tokens)
FROM '/dev/blob' WITH ${COPY_BINARY}
`;

/**
 * Replace `files` of `repository` in one transaction. Clients without COPY run `writeFile`'s statements
 * for each file, in one transaction too.
 */
export async function writeFiles(
  sql: SqlClient,
  repository: string,
  files: readonly FileWrite[],
): Promise<void> {
  if (files.length === 0) return;
  const paths = new Set<string>();
  for (const f of files) {
    if (paths.has(f.file.path))
      throw new StorageError('query', `a batch may write ${f.file.path} only once, not twice`);
    paths.add(f.file.path);
    checkPatterns(repository, f.file, f.patterns);
  }
  const sorted = [...files].sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
  if (!sql.copyFrom) {
    // Without COPY: the per-file statements, all in one transaction.
    await retryOnConflict(() =>
      sql.transaction(async (tx) => {
        for (const f of sorted) await writeFile(tx, repository, f.file, f.patterns, f.references);
      }),
    );
    return;
  }
  const params = [
    repository,
    sorted.map((f) => f.file.path),
    sorted.map((f) => f.file.contentHash),
    sorted.map((f) => f.file.sizeBytes),
    sorted.map((f) => f.file.lineCount),
    sorted.map((f) => f.file.parseErrors),
    sorted.map((f) => f.file.skipReason),
    sorted.map((f) => f.patterns.length),
    sorted.map((f) => importRefsJson(f.file.path, f.references)),
    sorted.map((f) => JSON.stringify(f.file.reexports ?? [])),
  ];
  await retryOnConflict(() =>
    sql.transaction(async (tx) => {
      // The embedded store has one writer (its folder is locked): only a server needs the file locks.
      if (tx.kind !== 'pglite') await tx.query(LOCK_FILES, [FILE_LOCK_SPACE, repository, params[1]]);
      const rows = await tx.query<OldRow>(REPLACE_FILES, params);
      const patterns = sorted.flatMap((f) => f.patterns);
      if (patterns.length === 0) return;
      await tx.copyFrom!(COPY_PATTERNS, patternCopy(repository, patterns, rows));
      const vectors = vectorCopy(patterns);
      if (vectors) await tx.copyFrom!(COPY_VECTORS, vectors);
    }),
  );
}

/** The fingerprints as `COPY_VECTORS` input, or null when no pattern carries one. */
function vectorCopy(patterns: readonly PatternRecord[]): Uint8Array | null {
  let capacity = COPY_FRAME_BYTES;
  // The vector's bytes and about 160 for the id, model name, hash and counts.
  for (const p of patterns) if (p.fingerprint) capacity += p.fingerprint.vector.byteLength + 160;
  const copy = new BinaryCopy(capacity);
  let any = false;
  for (const p of patterns) {
    const f = p.fingerprint;
    if (!f) continue;
    any = true;
    copy.row(6);
    copy.text(p.id);
    copy.text(f.model);
    copy.float32Bytes(f.vector);
    copy.text(f.astHash);
    copy.int4(f.statements);
    copy.int4(f.tokens);
  }
  return any ? copy.finish() : null;
}
