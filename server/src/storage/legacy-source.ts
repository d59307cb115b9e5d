/**
 * Reads a legacy pattern table (the seeds' `pattern_lineage_nodes`, and optionally its edges table) for
 * `motif migrate legacy`: which of the expected columns it has, its rows' names, types and quality, and
 * the facts the report judges. Read only: the legacy database is never written.
 */
import type { LegacyQualityFacts } from '../core/legacy';
import { type SqlClient, StorageError } from './sql-client';
import { ident } from './store-tables';

/** One legacy row, as far as the table has the columns. */
export interface LegacyRow {
  name: string;
  type: string | null;
  quality: number | null;
  filePath: string | null;
}

/** A legacy table's rows and what its columns are called. */
export interface LegacyTable {
  table: string;
  rows: LegacyRow[];
  columns: { name: string; type: string | null; quality: string | null; filePath: string | null };
}

const NAME_COLUMNS = ['pattern_name', 'name'];
const TYPE_COLUMNS = ['pattern_type', 'type'];
const QUALITY_COLUMNS = ['overall_quality', 'quality_score', 'quality'];
const PATH_COLUMNS = ['file_path', 'path', 'source_file'];

/** `schema.table` or `table`, each part quoted; refuses anything else. */
export function qualifiedTable(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) {
    throw new StorageError(
      'query',
      `"${name}" is not a table name (letters, digits and _; optionally schema.table)`,
    );
  }
  return name.split('.').map(ident).join('.');
}

async function columnsOf(sql: SqlClient, table: string): Promise<string[]> {
  const [schema, name] = table.includes('.') ? table.split('.') : [null, table];
  const rows = await sql.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
WHERE table_name = $1 AND table_schema = coalesce($2, current_schema()) ORDER BY ordinal_position`,
    [name, schema],
  );
  if (rows.length === 0) throw new StorageError('query', `the legacy database has no table ${table}`);
  return rows.map((r) => r.column_name);
}

const pick = (have: string[], wanted: string[]) => wanted.find((w) => have.includes(w)) ?? null;

/** Read every row of `table`'s name, type, quality and path columns. */
export async function readLegacyTable(sql: SqlClient, table: string): Promise<LegacyTable> {
  const from = qualifiedTable(table);
  const have = await columnsOf(sql, table);
  const columns = {
    name: pick(have, NAME_COLUMNS),
    type: pick(have, TYPE_COLUMNS),
    quality: pick(have, QUALITY_COLUMNS),
    filePath: pick(have, PATH_COLUMNS),
  };
  if (!columns.name) {
    throw new StorageError(
      'query',
      `legacy table ${table} has no name column (looked for ${NAME_COLUMNS.join(', ')})`,
    );
  }
  const expr = (c: string | null, cast: string) => (c ? `${ident(c)}::${cast}` : `NULL::${cast}`);
  const rows = await sql.query<{
    name: string | null;
    type: string | null;
    quality: number | null;
    file_path: string | null;
  }>(
    `SELECT ${ident(columns.name)}::text AS name, ${expr(columns.type, 'text')} AS type,
       ${expr(columns.quality, 'float8')} AS quality, ${expr(columns.filePath, 'text')} AS file_path
FROM ${from}`,
  );
  return {
    table,
    columns: { ...columns, name: columns.name },
    rows: rows.map((r) => ({ name: r.name ?? '', type: r.type, quality: r.quality, filePath: r.file_path })),
  };
}

/** The quality facts of legacy rows (computed here, not in SQL, so any table shape works). */
export function legacyQualityFacts(rows: LegacyRow[]): LegacyQualityFacts {
  const scored = rows.map((r) => r.quality).filter((q): q is number => q !== null);
  const counts = new Map<number, number>();
  for (const q of scored) counts.set(q, (counts.get(q) ?? 0) + 1);
  let mode: LegacyQualityFacts['mode'] = null;
  for (const [value, n] of counts) if (!mode || n > mode.rows) mode = { value, rows: n };
  const mean = scored.reduce((s, q) => s + q, 0) / (scored.length || 1);
  const stddev = scored.length
    ? Math.sqrt(scored.reduce((s, q) => s + (q - mean) ** 2, 0) / scored.length)
    : null;
  return {
    rows: rows.length,
    nullQuality: rows.length - scored.length,
    distinctValues: counts.size,
    stddev,
    mode,
  };
}

/** Row count of the legacy edges table (reported; relationships are re-derived from the source instead). */
export async function countLegacyEdges(sql: SqlClient, table: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualifiedTable(table)}`);
  return row?.n ?? 0;
}
