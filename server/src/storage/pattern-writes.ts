/**
 * The store's writes: replace a file (its row, references and patterns) in one transaction, delete
 * files, apply usage figures. On PGlite a file's patterns go in through COPY; elsewhere through one
 * statement over `unnest` arrays. Either way a write costs a fixed number of statements per file.
 */

import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference, UsageUpdate } from '../core/ports';
import { COPY_CSV, csvField } from './copy-csv';
import { columnArrays, WRITE_COLUMNS } from './pattern-rows';
import { type SqlClient, StorageError } from './sql-client';

const names = WRITE_COLUMNS.map((c) => c.name);

/** Parameters of the file-and-references CTEs, before the pattern parameters. */
const FIXED_PARAMS = 11;

/**
 * CTEs both paths start with: upsert the file row, delete the references it no longer has, upsert the
 * ones it has (the two touch disjoint keys: stale vs. present). Duplicate (module, name) pairs are
 * summed. $1 repository, $2 path, $3–$8 the file's fields, $9–$11 reference arrays.
 */
const FILE_AND_REFERENCES = `
file AS (
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
)`;

/**
 * The portable path: replace one file in a single statement (one round trip, one transaction). The
 * pattern delete is forced to run before the insert (an InitPlan reads its count), so a row whose id
 * changed but whose qualified name did not is gone before its successor is inserted. Foreign keys are
 * checked at the end of the statement, once the file row exists. Surviving ids keep `created_at`;
 * `updated_at` moves only when the content hash or the quality score changed. $12… pattern columns.
 */
const WRITE_FILE = `
WITH ${FILE_AND_REFERENCES},
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
 * The COPY path, first statement: upsert the file and its references, and delete the file's patterns
 * (and any pattern elsewhere holding one of the new ids, $12, which the portable path would move here),
 * returning what the new rows inherit: `created_at`, and `updated_at` unless hash or score changed. The
 * left join yields one row even when nothing was deleted, to carry the transaction's `now()`.
 * Timestamps travel as text so they come back to COPY with every microsecond.
 */
const REPLACE_FILE = `
WITH ${FILE_AND_REFERENCES},
old AS (
  DELETE FROM patterns AS p
  WHERE (p.repository = $1 AND p.file_path = $2) OR p.id = ANY($12::text[])
  RETURNING p.id, p.created_at, p.updated_at, p.content_hash, p.quality_score
)
SELECT now()::text AS now, old.id, old.created_at::text AS created_at,
       old.updated_at::text AS updated_at, old.content_hash, old.quality_score
FROM (VALUES (1)) AS one LEFT JOIN old ON true
`;

/** The COPY path, second statement: the file's patterns as CSV rows (see `copy-csv.ts`). */
const COPY_PATTERNS = `
COPY patterns (repository, file_path, ${names.join(', ')}, created_at, updated_at)
FROM '/dev/blob' WITH ${COPY_CSV}
`;

interface OldRow {
  now: string;
  id: string | null;
  created_at: string;
  updated_at: string;
  content_hash: string;
  quality_score: number;
}

/**
 * Refuse, with a message naming the culprits, what the schema would refuse less clearly: a pattern of
 * another file, or two patterns sharing an id or a qualified name (`UNIQUE (file_path, repository,
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

/** One pattern's `WRITE_COLUMNS` as CSV fields, without a line end. */
function csvColumns(p: PatternRecord): string {
  let line = csvField(WRITE_COLUMNS[0]!.value(p));
  for (let i = 1; i < WRITE_COLUMNS.length; i++) line += `,${csvField(WRITE_COLUMNS[i]!.value(p))}`;
  return line;
}

/** The COPY path: two statements in one transaction (see `REPLACE_FILE` and `COPY_PATTERNS`). */
async function replaceByCopy(
  tx: SqlClient,
  fileParams: unknown[],
  repository: string,
  path: string,
  patterns: readonly PatternRecord[],
): Promise<void> {
  const rows = await tx.query<OldRow>(REPLACE_FILE, [...fileParams, patterns.map((p) => p.id)]);
  if (patterns.length === 0) return;
  const now = csvField(rows[0]!.now);
  const old = new Map<string, OldRow>();
  for (const r of rows) if (r.id !== null) old.set(r.id, r);
  const prefix = `${csvField(repository)},${csvField(path)},`;
  let data = '';
  for (const p of patterns) {
    const was = old.get(p.id);
    const created = was ? csvField(was.created_at) : now;
    const same = was && was.content_hash === p.contentHash && was.quality_score === p.quality.total;
    const updated = same ? csvField(was.updated_at) : now;
    data += `${prefix}${csvColumns(p)},${created},${updated}\n`;
  }
  await tx.copyFrom!(COPY_PATTERNS, data);
}

/** Replace one file's row, references and patterns in a single transaction. */
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
    references.map((r) => r.targetModule),
    references.map((r) => r.targetName),
    references.map((r) => r.sites),
  ];
  if (sql.copyFrom) {
    await sql.transaction((tx) => replaceByCopy(tx, fileParams, repository, file.path, patterns));
  } else {
    await sql.query(WRITE_FILE, [...fileParams, ...columnArrays(patterns)]);
  }
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
 * Set usage figures, the reusability score and evidence, and the total; `updated_at` moves when the
 * total changed. Only scalar columns change (readers overlay them on `quality_detail`). Rows whose
 * figures are already those are left alone: every update writes a new row version.
 */
const APPLY_USAGE = `
UPDATE patterns AS p SET
usage_count = u.usage_count,
usage_files = u.usage_files,
reusability_score = u.reusability_score,
reusability_evidence = u.evidence,
quality_score = u.quality_score,
updated_at = CASE WHEN p.quality_score IS DISTINCT FROM u.quality_score THEN now() ELSE p.updated_at END
FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::text[], $6::float8[])
  AS u(id, usage_count, usage_files, reusability_score, evidence, quality_score)
WHERE p.id = u.id
  AND (p.usage_count, p.usage_files, p.reusability_score, p.reusability_evidence, p.quality_score)
      IS DISTINCT FROM (u.usage_count, u.usage_files, u.reusability_score, u.evidence, u.quality_score)
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
