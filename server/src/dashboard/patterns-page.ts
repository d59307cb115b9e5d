/**
 * The pattern table's pages and the export of its current filter: filtering, sorting and paging all
 * happen in SQL (LIMIT/OFFSET over an ordered, filtered scan), so a page of 100k patterns costs one query.
 */
import type {
  ExportFile,
  PatternFilter,
  PatternPage,
  PatternPageQuery,
  SortKey,
} from '../../../shared/dashboard';
import { csvCell } from '../export/csv';
import type { SqlClient } from '../storage/sql-client';
import { FILTER_WHERE, filterParams, ORDER_BY, ROW_COLUMNS, type RowRecord, toRow } from './row-sql';

/** One page of rows matching the filter, with how many match in all. */
export async function patternsPage(sql: SqlClient, q: PatternPageQuery): Promise<PatternPage> {
  const params = filterParams(q.filter);
  if (params[0] !== null) {
    // A search scans every row anyway: count the matches in the same scan (window count before LIMIT).
    const rows = await sql.query<RowRecord & { total: number }>(
      `
SELECT ${ROW_COLUMNS}, count(*) OVER ()::int AS total
FROM patterns p
${FILTER_WHERE}
ORDER BY ${ORDER_BY[q.sort]}
LIMIT $8 OFFSET $9
`,
      [...params, q.limit, q.offset],
    );
    const total = rows[0]?.total ?? (q.offset > 0 ? await countRows(sql, params) : 0);
    return { total, rows: rows.map(toRow) };
  }
  // Without a search, the default order walks the quality index: a page and a count cost less apart.
  const rows = await sql.query<RowRecord>(
    `
SELECT ${ROW_COLUMNS}
FROM patterns p
${FILTER_WHERE}
ORDER BY ${ORDER_BY[q.sort]}
LIMIT $8 OFFSET $9
`,
    [...params, q.limit, q.offset],
  );
  return { total: await countRows(sql, params), rows: rows.map(toRow) };
}

async function countRows(sql: SqlClient, params: unknown[]): Promise<number> {
  const [count] = await sql.query<{ n: number }>(
    `
SELECT count(*)::int AS n
FROM patterns p
${FILTER_WHERE}
`,
    params,
  );
  return count?.n ?? 0;
}

/** Columns of an export: the table's, plus line end, usage files and docstring. */
const EXPORT_COLUMNS = [
  'id',
  'pattern_name',
  'pattern_type',
  'category',
  'qualified_name',
  'kind',
  'repository',
  'file_path',
  'line_start',
  'line_end',
  'quality_score',
  'complexity',
  'usage_count',
  'usage_files',
  'tags',
  'docstring',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], unknown>;

/** Every row matching the filter, in the table's order, as JSON (an array of objects) or CSV. */
export async function exportFilter(
  sql: SqlClient,
  o: { filter: PatternFilter; sort: SortKey; format: 'json' | 'csv' },
): Promise<ExportFile> {
  const rows = await sql.query<ExportRow>(
    `
SELECT ${EXPORT_COLUMNS.map((c) => `p.${c}`).join(', ')}
FROM patterns p
${FILTER_WHERE}
ORDER BY ${ORDER_BY[o.sort]}
`,
    filterParams(o.filter),
  );
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  if (o.format === 'csv') {
    const lines = [EXPORT_COLUMNS.join(',')];
    for (const r of rows) lines.push(EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(','));
    return {
      filename: `motif-patterns-${stamp}.csv`,
      mimeType: 'text/csv',
      content: `${lines.join('\n')}\n`,
      rows: rows.length,
    };
  }
  return {
    filename: `motif-patterns-${stamp}.json`,
    mimeType: 'application/json',
    content: `${JSON.stringify({ filter: o.filter, sort: o.sort, count: rows.length, patterns: rows }, null, 1)}\n`,
    rows: rows.length,
  };
}
