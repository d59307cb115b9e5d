/**
 * The store's writes: replace a file (its row, patterns and references in one statement), delete
 * files, apply usage figures. Batches go through `unnest`, so a write costs one statement whatever its
 * number of rows.
 */

import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference, UsageUpdate } from '../core/ports';
import { columnArrays, WRITE_COLUMNS } from './pattern-rows';
import { type SqlClient, StorageError } from './sql-client';

const names = WRITE_COLUMNS.map((c) => c.name);

/** Parameters of `WRITE_FILE` before the pattern column arrays. */
const FIXED_PARAMS = 11;

/**
 * Replace one file in a single statement, hence a single transaction and a single round trip: upsert
 * its row, delete the patterns and references it no longer has, upsert the ones it has. The reference
 * CTEs touch disjoint keys (stale vs. present). The pattern delete is forced to run before the insert
 * (an InitPlan reads its count), so a row whose id changed but whose qualified name did not is gone
 * before its successor is inserted. Foreign keys are checked at the end of the statement, once the file
 * row exists. Surviving ids keep `created_at`; `updated_at` moves only when the content hash or the
 * quality score changed. Built from `WRITE_COLUMNS` so the column lists stay in step.
 *
 * $1 repository, $2 path, $3–$8 the file's fields, $9–$11 reference arrays, $12… pattern columns.
 */
const WRITE_FILE = `
WITH file AS (
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
),
refs AS (
  -- Duplicate (module, name) pairs are summed: the key is the pair, and sites add up.
  SELECT r.target_module, r.target_name, sum(r.sites)::int AS sites
  FROM unnest($9::text[], $10::text[], $11::int[]) AS r(target_module, target_name, sites)
  GROUP BY r.target_module, r.target_name
),
stale_refs AS (
  DELETE FROM file_references AS f
  WHERE f.repository = $1 AND f.from_path = $2
    AND NOT EXISTS (SELECT 1 FROM refs WHERE refs.target_module = f.target_module AND refs.target_name = f.target_name)
),
new_refs AS (
  INSERT INTO file_references (repository, from_path, target_module, target_name, sites)
  SELECT $1, $2, target_module, target_name, sites
  FROM refs
  ON CONFLICT (repository, from_path, target_module, target_name) DO UPDATE SET sites = EXCLUDED.sites
),
u AS (
  SELECT *
  FROM unnest(${WRITE_COLUMNS.map((c, i) => `$${i + FIXED_PARAMS + 1}::${c.type}[]`).join(', ')})
    AS u(${names.join(', ')})
),
vanished AS (
  DELETE FROM patterns AS p
  WHERE p.repository = $1 AND p.file_path = $2 AND NOT EXISTS (SELECT 1 FROM u WHERE u.id = p.id)
  RETURNING 1
)
INSERT INTO patterns (repository, file_path, ${names.join(', ')})
SELECT $1, $2, ${WRITE_COLUMNS.map((c) => (c.cast ? `u.${c.name}::${c.cast}` : `u.${c.name}`)).join(', ')}
FROM u
WHERE (SELECT count(*) FROM vanished) >= 0
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

/**
 * Refuse, with a message naming the culprits, what the schema would refuse less clearly: a pattern of
 * another file, or two patterns sharing an id or a qualified name (`UNIQUE (repository, file_path,
 * qualified_name)`; Python allows redefinitions, so the extractor must tell them apart).
 */
function checkPatterns(repository: string, file: FileRecord, patterns: readonly PatternRecord[]): void {
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

/** Replace one file's row, patterns and references in a single statement (so a single transaction). */
export async function writeFile(
  sql: SqlClient,
  repository: string,
  file: FileRecord,
  patterns: readonly PatternRecord[],
  references: readonly FileReference[],
): Promise<void> {
  checkPatterns(repository, file, patterns);
  await sql.query(WRITE_FILE, [
    repository,
    file.path,
    file.contentHash,
    file.sizeBytes,
    file.lineCount,
    file.parseErrors,
    file.skipReason,
    patterns.length,
    references.map((r) => r.targetModule),
    references.map((r) => r.targetName),
    references.map((r) => r.sites),
    ...columnArrays(patterns),
  ]);
}

const DELETE_FILES = `
DELETE FROM files
WHERE repository = $1 AND path = ANY($2::text[])
`;

/** Remove files; their patterns and references go with them (ON DELETE CASCADE). */
export async function deleteFiles(
  sql: SqlClient,
  repository: string,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  await sql.query(DELETE_FILES, [repository, paths]);
}

/**
 * Set usage figures, the reusability component and the total, in the columns and inside
 * `quality_detail`; `updated_at` moves when the total changed. Rows whose figures are already those
 * are left alone: every update writes a new row version, which a re-run would otherwise pay for.
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
  AND (p.usage_count, p.usage_files, p.reusability_score, p.quality_score,
       p.quality_detail #>> '{components,reusability,evidence}')
      IS DISTINCT FROM (u.usage_count, u.usage_files, u.reusability_score, u.quality_score, u.evidence)
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
