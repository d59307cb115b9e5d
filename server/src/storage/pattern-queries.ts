/**
 * The store's reads, one function per query: file states, usage inputs, references, listing, lookup by
 * id, name and position, search and paged export. Parameters only; optional filters are `$n IS NULL OR …`.
 */
import { QUALITY_COMPONENTS, type QualityComponent } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileReference, FileState, PatternQuery, UsageInput } from '../core/ports';
import { PATTERN_SELECT, type PatternRow, rowToRecord } from './pattern-rows';
import type { SqlClient } from './sql-client';

const FILE_STATES = `
SELECT path, content_hash, skip_reason
FROM files
WHERE repository = $1
`;

/** What the store remembers of each file of `repository`, by path. */
export async function fileStates(sql: SqlClient, repository: string): Promise<Map<string, FileState>> {
  const rows = await sql.query<{ path: string; content_hash: string | null; skip_reason: string | null }>(
    FILE_STATES,
    [repository],
  );
  return new Map(
    rows.map((r) => [r.path, { path: r.path, contentHash: r.content_hash, skipReason: r.skip_reason }]),
  );
}

// Scalar columns only: no JSON is read or parsed.
const USAGE_INPUTS = `
SELECT id, file_path, qualified_name, kind, usage_count, usage_files,
       ${QUALITY_COMPONENTS.map((c) => `${c}_score, ${c}_weight`).join(',\n       ')},
       reusability_evidence
FROM patterns
WHERE repository = $1
`;

type UsageRow = {
  id: string;
  file_path: string;
  qualified_name: string;
  kind: PatternRecord['kind'];
  usage_count: number;
  usage_files: number;
  reusability_evidence: string;
} & Record<`${QualityComponent}_score`, number | null> &
  Record<`${QualityComponent}_weight`, number | null>;

/** The minimum the usage pass needs about every pattern of `repository`, in no particular order. */
export async function usageInputs(sql: SqlClient, repository: string): Promise<UsageInput[]> {
  const rows = await sql.query<UsageRow>(USAGE_INPUTS, [repository]);
  return rows.map((r) => {
    const components = {} as UsageInput['components'];
    const weights = {} as UsageInput['weights'];
    for (const c of QUALITY_COMPONENTS) {
      components[c] = r[`${c}_score`];
      weights[c] = r[`${c}_weight`] ?? 0;
    }
    return {
      id: r.id,
      filePath: r.file_path,
      qualifiedName: r.qualified_name,
      kind: r.kind,
      components,
      weights,
      usageCount: r.usage_count,
      usageFiles: r.usage_files,
      reusabilityEvidence: r.reusability_evidence,
    };
  });
}

const REFERENCES = `
SELECT from_path, target_module, target_name, sites
FROM file_references
WHERE repository = $1
ORDER BY from_path, target_module, target_name
`;

/** Every reference of every file of `repository`, with the referencing file. */
export async function references(
  sql: SqlClient,
  repository: string,
): Promise<(FileReference & { fromPath: string })[]> {
  const rows = await sql.query<{
    from_path: string;
    target_module: string;
    target_name: string;
    sites: number;
  }>(REFERENCES, [repository]);
  return rows.map((r) => ({
    fromPath: r.from_path,
    targetModule: r.target_module,
    targetName: r.target_name,
    sites: r.sites,
  }));
}

/** ORDER BY clauses for `PatternQuery.sort`: fixed SQL chosen by key, never built from input. */
const ORDER_BY: Record<NonNullable<PatternQuery['sort']>, string> = {
  quality: 'quality_score DESC, id',
  usage: 'usage_count DESC, quality_score DESC, id',
  complexity: 'complexity DESC, quality_score DESC, id',
  name: 'qualified_name, file_path, id',
};

/** Patterns matching every given filter (`type` is the pattern type), sorted (default: quality), paged. */
export async function listPatterns(sql: SqlClient, query: PatternQuery): Promise<PatternRecord[]> {
  const order = ORDER_BY[query.sort ?? 'quality'] ?? ORDER_BY.quality;
  const rows = await sql.query<PatternRow>(
    `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE ($1::text IS NULL OR pattern_type = $1)
  AND ($2::text IS NULL OR category = $2)
  AND ($3::float8 IS NULL OR quality_score >= $3)
  AND ($4::text IS NULL OR file_path = $4)
ORDER BY ${order}
LIMIT $5 OFFSET $6
`,
    [
      query.type ?? null,
      query.category ?? null,
      query.minQuality ?? null,
      query.filePath ?? null,
      query.limit ?? null,
      query.offset ?? 0,
    ],
  );
  return rows.map(rowToRecord);
}

const GET_PATTERN = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE id = $1
`;

/** One pattern by id, or null. */
export async function getPattern(sql: SqlClient, id: string): Promise<PatternRecord | null> {
  const [row] = await sql.query<PatternRow>(GET_PATTERN, [id]);
  return row ? rowToRecord(row) : null;
}

const BY_QUALIFIED_NAME = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE qualified_name = $1
ORDER BY repository, file_path, line_start
`;

/** Every pattern with exactly this qualified name, in any file. */
export async function findByQualifiedName(sql: SqlClient, name: string): Promise<PatternRecord[]> {
  return (await sql.query<PatternRow>(BY_QUALIFIED_NAME, [name])).map(rowToRecord);
}

const FIND_AT = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE file_path = $1 AND line_start <= $2 AND line_end >= $2
ORDER BY line_end - line_start, line_start DESC, id
`;

/** Patterns of `filePath` whose line range holds `line` (1-based), innermost first. */
export async function findAt(sql: SqlClient, filePath: string, line: number): Promise<PatternRecord[]> {
  return (await sql.query<PatternRow>(FIND_AT, [filePath, line])).map(rowToRecord);
}

/** Escape `%`, `_` and `\` so user text matches literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

// $1 = %text% (escaped), $2 = the text lower-cased, $3 = text% (escaped), $4 = limit.
const SEARCH = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE pattern_name ILIKE $1
   OR qualified_name ILIKE $1
   OR name ILIKE $1
   OR docstring ILIKE $1
   OR EXISTS (SELECT 1 FROM unnest(tags) AS tag WHERE tag ILIKE $1)
ORDER BY
  CASE
    WHEN lower(name) = $2 OR lower(qualified_name) = $2 OR lower(pattern_name) = $2 THEN 0
    WHEN name ILIKE $3 OR qualified_name ILIKE $3 OR pattern_name ILIKE $3 THEN 1
    ELSE 2
  END,
  quality_score DESC,
  id
LIMIT $4
`;

/**
 * Case-insensitive search over pattern name, qualified name, name, docstring and tags; `%` and `_` in
 * `text` are literal. Exact name first, then name prefix, then the rest; ties by quality.
 */
export async function search(sql: SqlClient, text: string, limit: number): Promise<PatternRecord[]> {
  const needle = text.trim();
  const escaped = escapeLike(needle);
  const rows = await sql.query<PatternRow>(SEARCH, [
    `%${escaped}%`,
    needle.toLowerCase(),
    `${escaped}%`,
    limit,
  ]);
  return rows.map(rowToRecord);
}

const EXPORT_PAGE = `
SELECT ${PATTERN_SELECT}
FROM patterns
WHERE id > $1
ORDER BY id
LIMIT $2
`;

/** Every pattern in id order, `pageSize` at a time (keyset pagination: stable under concurrent writes). */
export async function* exportPatterns(sql: SqlClient, pageSize = 500): AsyncIterable<PatternRecord[]> {
  const size = Math.max(1, Math.floor(pageSize));
  let after = '';
  for (;;) {
    const rows = await sql.query<PatternRow>(EXPORT_PAGE, [after, size]);
    if (rows.length === 0) return;
    yield rows.map(rowToRecord);
    after = rows[rows.length - 1]!.id;
    if (rows.length < size) return;
  }
}
