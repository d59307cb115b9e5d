/**
 * The store's writes: replace a file (its row, references and patterns) in one transaction, delete
 * files, apply usage figures. A file's patterns go in through binary COPY (PGlite's '/dev/blob', a
 * server's STDIN); clients without COPY take one statement over `unnest` arrays. Either way a write costs
 * a fixed number of statements per file, under a per-file advisory lock so concurrent writers serialise.
 */

import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference, UsageUpdate } from '../core/ports';
import { BinaryCopy, COPY_BINARY, COPY_FRAME_BYTES } from './copy-binary';
import { importRefsJson } from './file-refs';
import { columnArrays, copyColumns, unnestType, WRITE_COLUMNS } from './pattern-columns';
import { type SqlClient, StorageError } from './sql-client';
import { writeVectors } from './vector-writes';

const names = WRITE_COLUMNS.map((c) => c.name);

/** Parameters of the file upsert, before the pattern parameters. */
const FIXED_PARAMS = 10;

/**
 * The CTE both paths start with: upsert the file row, its import references included.
 * $1 repository, $2 path, $3–$8 the file's fields, $9 the references' JSON (see `file-refs.ts`),
 * $10 the module-level bindings other files' imports may go through (graph pass).
 */
/** What a file upsert updates on conflict: every field of the file row (shared with batch-writes.ts). */
export const FILE_CONFLICT_UPDATE = `
  ON CONFLICT (repository, path) DO UPDATE SET
  content_hash = EXCLUDED.content_hash,
  size_bytes = EXCLUDED.size_bytes,
  line_count = EXCLUDED.line_count,
  parse_errors = EXCLUDED.parse_errors,
  skip_reason = EXCLUDED.skip_reason,
  pattern_count = EXCLUDED.pattern_count,
  import_refs = EXCLUDED.import_refs,
  reexports = EXCLUDED.reexports,
  indexed_at = now()`;

const UPSERT_FILE = `
file AS (
  INSERT INTO files (repository, path, content_hash, size_bytes, line_count, parse_errors, skip_reason,
                     pattern_count, import_refs, reexports, indexed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10::json, now())
  ${FILE_CONFLICT_UPDATE}
)`;

/**
 * The CTE both paths continue with: delete the file's patterns, returning what their successors with
 * the same id inherit: `created_at` always, `updated_at` when content hash and quality score are equal.
 * (The indexer gives a re-analysed pattern the usage figures of its previous version, so an unchanged
 * pattern arrives with its stored score.)
 */
const DELETE_PATTERNS = `
old AS (
  DELETE FROM patterns AS p
  WHERE p.repository = $1 AND p.file_path = $2
  RETURNING p.id, p.created_at, p.updated_at, p.content_hash, p.quality_score
)`;

/**
 * The portable path: replace one file in a single statement (one round trip, one transaction). The
 * delete runs to completion before the first insert (an InitPlan counts its rows), so a new row may
 * reuse a deleted row's id or qualified name. $11… pattern columns.
 */
const WRITE_FILE = `
WITH ${UPSERT_FILE},
${DELETE_PATTERNS},
u AS (
  SELECT *
  FROM unnest(${WRITE_COLUMNS.map((c, i) => `$${i + FIXED_PARAMS + 1}::${unnestType(c)}[]`).join(', ')})
    AS u(${names.join(', ')})
)
INSERT INTO patterns (repository, file_path, ${names.join(', ')}, created_at, updated_at)
SELECT $1, $2, ${WRITE_COLUMNS.map((c) => (unnestType(c) === c.kind ? `u.${c.name}` : `u.${c.name}::${c.kind}`)).join(', ')},
       coalesce(old.created_at, now()),
       CASE WHEN old.content_hash = u.content_hash AND old.quality_score = u.quality_score
            THEN old.updated_at ELSE now() END
FROM u LEFT JOIN old ON old.id = u.id
WHERE (SELECT count(*) FROM old) >= 0
`;

/**
 * The COPY path, first statement: upsert the file and delete its patterns, returning the deleted rows'
 * timestamps for `replaceByCopy` to carry over, as microseconds since 1970 (exact in a double until
 * 2255). The left join yields one row even when nothing was deleted, to carry the transaction's `now()`.
 */
const REPLACE_FILE = `
WITH ${UPSERT_FILE},
${DELETE_PATTERNS}
SELECT (extract(epoch FROM now()) * 1000000)::int8 AS now, old.id,
       (extract(epoch FROM old.created_at) * 1000000)::int8 AS created_at,
       (extract(epoch FROM old.updated_at) * 1000000)::int8 AS updated_at,
       old.content_hash, old.quality_score
FROM (VALUES (1)) AS one LEFT JOIN old ON true
`;

/** The COPY path, second statement: the file's patterns in binary COPY format (see `copy-binary.ts`). */
export const COPY_PATTERNS = `
COPY patterns (repository, file_path, ${names.join(', ')}, created_at, updated_at)
FROM '/dev/blob' WITH ${COPY_BINARY}
`;

/** Fields of a `COPY_PATTERNS` row: repository and file path, the pattern's columns, two timestamps. */
export const COPY_FIELDS = WRITE_COLUMNS.length + 4;

export interface OldRow {
  now: number;
  id: string | null;
  created_at: number;
  updated_at: number;
  content_hash: string;
  quality_score: number;
}

/**
 * Refuse, with a message naming the culprits, what the schema would refuse less clearly: a pattern of
 * another file, or two patterns sharing an id or a qualified name (`UNIQUE (file_path, repository,
 * qualified_name)`; Python allows redefinitions, so the extractor must tell them apart).
 */
export function checkPatterns(
  repository: string,
  file: FileRecord,
  patterns: readonly PatternRecord[],
): void {
  const ids = new Map<string, string>();
  const names = new Set<string>();
  for (const p of patterns) {
    if (p.repository !== repository || p.filePath !== file.path) {
      throw new StorageError(
        'query',
        `pattern ${p.qualifiedName} belongs to ${p.repository}:${p.filePath}, not to ${repository}:${file.path}`,
      );
    }
    const other = ids.get(p.id);
    if (other !== undefined) {
      throw new StorageError(
        'query',
        `two patterns of ${file.path} share the id ${p.id} (${other} and ${p.qualifiedName}); identities must be unique per file`,
      );
    }
    if (names.has(p.qualifiedName)) {
      throw new StorageError(
        'query',
        `two patterns of ${file.path} share the qualified name ${p.qualifiedName}; identities must be unique per file`,
      );
    }
    ids.set(p.id, p.qualifiedName);
    names.add(p.qualifiedName);
  }
}

/** The COPY path: two statements in one transaction (see `REPLACE_FILE` and `COPY_PATTERNS`). */
async function replaceByCopy(
  tx: SqlClient,
  fileParams: unknown[],
  repository: string,
  patterns: readonly PatternRecord[],
): Promise<void> {
  const rows = await tx.query<OldRow>(REPLACE_FILE, fileParams);
  if (patterns.length === 0) return;
  await tx.copyFrom!(COPY_PATTERNS, patternCopy(repository, patterns, rows));
}

/** Patterns as `COPY_PATTERNS` input, timestamps carried over from the predecessors in `rows`. */
export function patternCopy(
  repository: string,
  patterns: readonly PatternRecord[],
  rows: readonly OldRow[],
): Uint8Array {
  const now = Number(rows[0]!.now);
  const old = new Map<string, OldRow>();
  for (const r of rows) if (r.id !== null) old.set(r.id, r);
  const copy = new BinaryCopy(patternCopyBytes(patterns));
  for (const p of patterns) {
    const was = old.get(p.id);
    const same = was && was.content_hash === p.contentHash && was.quality_score === p.quality.total;
    copy.row(COPY_FIELDS);
    copy.text(repository);
    copy.text(p.filePath);
    copyColumns(copy, p);
    copy.timestamptz(was ? Number(was.created_at) : now);
    copy.timestamptz(same ? Number(was.updated_at) : now);
  }
  return copy.finish();
}

// Measured on the stdlib's 112 batches: 1,291 to 2,117 bytes a pattern besides source and docstring,
// 1,563 overall.
const PATTERN_FIELDS_BYTES = 1700;

/**
 * About the size of `patterns` as COPY input: the source and docstring (UTF-16 length, which is the
 * UTF-8 length for ASCII) and a stdlib-measured allowance for the other ~80 fields.
 */
function patternCopyBytes(patterns: readonly PatternRecord[]): number {
  let bytes = COPY_FRAME_BYTES;
  for (const p of patterns)
    bytes += p.implementation.length + (p.docstring?.length ?? 0) + PATTERN_FIELDS_BYTES;
  return bytes;
}

/** Replace one file's row (references included) and patterns in a single transaction. */
export async function writeFile(
  sql: SqlClient,
  repository: string,
  file: FileRecord,
  patterns: readonly PatternRecord[],
  references: readonly FileReference[],
): Promise<void> {
  checkPatterns(repository, file, patterns);
  const fileParams = [
    repository,
    file.path,
    file.contentHash,
    file.sizeBytes,
    file.lineCount,
    file.parseErrors,
    file.skipReason,
    patterns.length,
    importRefsJson(file.path, references),
    JSON.stringify(file.reexports ?? []),
  ];
  const params = sql.copyFrom ? fileParams : [...fileParams, ...columnArrays(patterns)];
  await retryOnConflict(() =>
    sql.transaction(async (tx) => {
      // PGlite runs one transaction at a time (and one process holds its folder): no lock needed.
      if (tx.kind === 'postgres') await lockFile(tx, repository, file.path);
      if (tx.copyFrom) await replaceByCopy(tx, fileParams, repository, patterns);
      else await tx.query(WRITE_FILE, params);
      await writeVectors(tx, patterns);
    }),
  );
}

/** Key space of the per-file advisory locks (the first of the two-key form; the migration lock uses the one-key form). */
export const FILE_LOCK_SPACE = 0x6d6f7466;

/**
 * Serialise writers of one file on a server. Without it, two writers' single statements read the same
 * snapshot: the second's delete misses the rows the first just inserted and its insert then collides on
 * the primary key. After the lock, the next statement takes a fresh snapshot and sees the first's rows.
 * (A hash collision only makes two unrelated files wait for each other.)
 */
export async function lockFile(tx: SqlClient, repository: string, path: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2 || chr(1) || $3))', [
    FILE_LOCK_SPACE,
    repository,
    path,
  ]);
}

/** SQLSTATEs after which running the whole transaction again is the remedy: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Run `fn` again (up to four times, with a short growing pause) when the server aborted it for a deadlock. */
export async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 4 || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
    }
  }
}

const DELETE_FILES = `
WITH patterns_gone AS (
  DELETE FROM patterns
  WHERE repository = $1 AND file_path = ANY($2::text[])
)
DELETE FROM files
WHERE repository = $1 AND path = ANY($2::text[])
`;

/** Remove files and their patterns, in one statement. */
export async function deleteFiles(
  sql: SqlClient,
  repository: string,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  await sql.query(DELETE_FILES, [repository, paths]);
}

/**
 * Set usage figures, the reusability score and evidence, and the total; `updated_at` moves when the
 * total changed. Rows whose figures are already those are left alone: every update writes a new row
 * version, which a re-run would otherwise pay for.
 */
const APPLY_USAGE = `
UPDATE patterns AS p SET
usage_count = u.usage_count,
usage_files = u.usage_files,
reusability_score = u.reusability_score,
reusability_evidence = u.evidence,
quality_score = u.quality_score,
updated_at = CASE WHEN p.quality_score IS DISTINCT FROM u.quality_score THEN now() ELSE p.updated_at END,
last_used_at = greatest(p.last_used_at, r.started_at)
FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::text[], $6::float8[], $7::int[])
  AS u(id, usage_count, usage_files, reusability_score, evidence, quality_score, grew_in_run)
  LEFT JOIN index_runs AS r ON r.id = u.grew_in_run
WHERE p.id = u.id
  AND (p.usage_count, p.usage_files, p.reusability_score, p.reusability_evidence, p.quality_score,
       p.last_used_at)
      IS DISTINCT FROM (u.usage_count, u.usage_files, u.reusability_score, u.evidence, u.quality_score,
                        greatest(p.last_used_at, r.started_at))
`;

/**
 * Rows per `APPLY_USAGE` statement. The join reads the whole table once per statement (a hash join
 * beats one index probe per row), so batches are large: a repository's updates usually fit in one.
 */
const USAGE_BATCH = 50_000;

/** Apply usage updates in batches, all in one transaction. */
export async function applyUsage(sql: SqlClient, updates: readonly UsageUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  // Two indexers' usage passes (or one's and another's file writes) can lock rows in different orders.
  await retryOnConflict(() =>
    sql.transaction(async (tx) => {
      for (let at = 0; at < updates.length; at += USAGE_BATCH) {
        const batch = updates.slice(at, at + USAGE_BATCH);
        await tx.query(APPLY_USAGE, [
          batch.map((u) => u.id),
          batch.map((u) => u.usageCount),
          batch.map((u) => u.usageFiles),
          batch.map((u) => u.reusabilityScore),
          batch.map((u) => u.reusabilityEvidence),
          batch.map((u) => u.qualityScore),
          batch.map((u) => u.grewInRun ?? null),
        ]);
      }
    }),
  );
}
