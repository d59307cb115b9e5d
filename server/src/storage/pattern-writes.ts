/**
 * The store's writes, one function per statement group: replace a file (its row, patterns and
 * references in one transaction), delete files, apply usage figures. Batches go through `unnest`, so a
 * file costs one statement per table whatever its number of patterns.
 */
import type { FileRecord, FileReference, UsageUpdate } from '../core/ports';
import type { PatternRecord } from '../core/pattern';
import { columnArrays, WRITE_COLUMNS } from './pattern-rows';
import { type SqlClient, StorageError } from './sql-client';

const names = WRITE_COLUMNS.map((c) => c.name);

/**
 * Insert or update a file's patterns. Surviving ids keep `created_at`; `updated_at` moves only when the
 * content hash or the quality score changed. Built from `WRITE_COLUMNS` so the four lists stay in step.
 */
const UPSERT_PATTERNS = `
INSERT INTO patterns (repository, file_path, ${names.join(', ')})
SELECT $1, $2, ${WRITE_COLUMNS.map((c) => (c.cast ? `u.${c.name}::${c.cast}` : `u.${c.name}`)).join(', ')}
FROM unnest(${WRITE_COLUMNS.map((c, i) => `$${i + 3}::${c.type}[]`).join(', ')})
  AS u(${names.join(', ')})
ON CONFLICT (id) DO UPDATE SET
repository = EXCLUDED.repository,
file_path = EXCLUDED.file_path,
${names
  .filter((n) => n !== 'id')
  .map((n) => `${n} = EXCLUDED.${n}`)
  .join(',\n')},
updated_at = CASE
  WHEN patterns.content_hash IS DISTINCT FROM EXCLUDED.content_hash
    OR patterns.quality_score IS DISTINCT FROM EXCLUDED.quality_score THEN now()
  ELSE patterns.updated_at
END
`;

const UPSERT_FILE = `
INSERT INTO files (repository, path, content_hash, size_bytes, line_count, parse_errors, skip_reason,
                   pattern_count, indexed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
ON CONFLICT (repository, path) DO UPDATE SET
content_hash = EXCLUDED.content_hash,
size_bytes = EXCLUDED.size_bytes,
line_count = EXCLUDED.line_count,
parse_errors = EXCLUDED.parse_errors,
skip_reason = EXCLUDED.skip_reason,
pattern_count = EXCLUDED.pattern_count,
indexed_at = now()
`;

const DELETE_VANISHED_PATTERNS = `
DELETE FROM patterns
WHERE repository = $1 AND file_path = $2 AND id <> ALL($3::text[])
`;

const DELETE_FILE_REFERENCES = `
DELETE FROM file_references
WHERE repository = $1 AND from_path = $2
`;

// Duplicate (module, name) pairs are summed: the key is the pair, and sites add up.
const INSERT_FILE_REFERENCES = `
INSERT INTO file_references (repository, from_path, target_module, target_name, sites)
SELECT $1, $2, u.target_module, u.target_name, sum(u.sites)::int
FROM unnest($3::text[], $4::text[], $5::int[]) AS u(target_module, target_name, sites)
GROUP BY u.target_module, u.target_name
`;

function checkPatterns(repository: string, file: FileRecord, patterns: readonly PatternRecord[]): void {
  const seen = new Map<string, string>();
  for (const p of patterns) {
    if (p.repository !== repository || p.filePath !== file.path) {
      throw new StorageError(
        'query',
        `pattern ${p.qualifiedName} belongs to ${p.repository}:${p.filePath}, not to ${repository}:${file.path}`,
      );
    }
    const other = seen.get(p.id);
    if (other !== undefined) {
      throw new StorageError(
        'query',
        `two patterns of ${file.path} share the id ${p.id} (${other} and ${p.qualifiedName}); identities must be unique per file`,
      );
    }
    seen.set(p.id, p.qualifiedName);
  }
}

/** Replace one file's row, patterns and references in a single transaction. */
export async function writeFile(
  sql: SqlClient,
  repository: string,
  file: FileRecord,
  patterns: readonly PatternRecord[],
  references: readonly FileReference[],
): Promise<void> {
  checkPatterns(repository, file, patterns);
  await sql.transaction(async (tx) => {
    await tx.query(UPSERT_FILE, [
      repository,
      file.path,
      file.contentHash,
      file.sizeBytes,
      file.lineCount,
      file.parseErrors,
      file.skipReason,
      patterns.length,
    ]);
    await tx.query(DELETE_VANISHED_PATTERNS, [repository, file.path, patterns.map((p) => p.id)]);
    if (patterns.length > 0) {
      await tx.query(UPSERT_PATTERNS, [repository, file.path, ...columnArrays(patterns)]);
    }
    await tx.query(DELETE_FILE_REFERENCES, [repository, file.path]);
    if (references.length > 0) {
      await tx.query(INSERT_FILE_REFERENCES, [
        repository,
        file.path,
        references.map((r) => r.targetModule),
        references.map((r) => r.targetName),
        references.map((r) => r.sites),
      ]);
    }
  });
}

const DELETE_FILES = `
DELETE FROM files
WHERE repository = $1 AND path = ANY($2::text[])
`;

/** Remove files; their patterns and references go with them (ON DELETE CASCADE). */
export async function deleteFiles(sql: SqlClient, repository: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  await sql.query(DELETE_FILES, [repository, paths]);
}

/**
 * Set usage figures, the reusability component and the total, in the columns and inside
 * `quality_detail`; `updated_at` moves when the total changed.
 */
const APPLY_USAGE = `
UPDATE patterns AS p SET
usage_count = u.usage_count,
usage_files = u.usage_files,
reusability_score = u.reusability_score,
quality_score = u.quality_score,
quality_detail = jsonb_set(
  jsonb_set(
    jsonb_set(p.quality_detail, '{components,reusability,score}', to_jsonb(u.reusability_score)),
    '{components,reusability,evidence}', to_jsonb(u.evidence)),
  '{total}', to_jsonb(u.quality_score)),
updated_at = CASE WHEN p.quality_score IS DISTINCT FROM u.quality_score THEN now() ELSE p.updated_at END
FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::text[], $6::float8[])
  AS u(id, usage_count, usage_files, reusability_score, evidence, quality_score)
WHERE p.id = u.id
`;

/** Rows per `APPLY_USAGE` statement: large enough to amortise, small enough to keep parameters modest. */
const USAGE_BATCH = 5000;

/** Apply usage updates in batches, all in one transaction. */
export async function applyUsage(sql: SqlClient, updates: readonly UsageUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await sql.transaction(async (tx) => {
    for (let at = 0; at < updates.length; at += USAGE_BATCH) {
      const batch = updates.slice(at, at + USAGE_BATCH);
      await tx.query(APPLY_USAGE, [
        batch.map((u) => u.id),
        batch.map((u) => u.usageCount),
        batch.map((u) => u.usageFiles),
        batch.map((u) => u.reusabilityScore),
        batch.map((u) => u.reusabilityEvidence),
        batch.map((u) => u.qualityScore),
      ]);
    }
  });
}
