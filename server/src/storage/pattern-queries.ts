/**
 * The store's reads, one function per query: file states, listing, lookup by id, name and position,
 * search and paged export (the usage pass's reads are in usage-reads.ts). Parameters only; optional
 * filters are `$n IS NULL OR …`.
 */
import type { PatternRecord } from '../core/pattern';
import type { FileState, PatternQuery } from '../core/ports';
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
