/**
 * What tables a store has, read from the catalog rather than listed by hand, so backup and restore
 * cover every table the migrations created (later migrations included): columns and their types,
 * primary keys, foreign-key order and serial sequences. Works the same on PGlite and PostgreSQL.
 */
import type { SqlClient } from './sql-client';

/** One data table of the store. */
export interface StoreTable {
  name: string;
  /** Columns in table order, generated columns left out (they are computed, never written). */
  columns: { name: string; type: string }[];
  /** Primary-key columns (the dump's order), or every column when the table has none. */
  orderBy: string[];
  /** Columns filled from a sequence (`serial`), with the sequence's name. */
  sequences: { column: string; sequence: string }[];
}

/**
 * Tables that are not data: the migration ledger (the backup records it in its header) and the offline
 * outbox's bookkeeping, which describes one store's replication state rather than patterns.
 */
export const NON_DATA_TABLES = new Set(['motif_migrations', 'outbox', 'sync_state', 'outbox_receipts']);

const COLUMNS = `
SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
       pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_attribute AS a ON a.attrelid = c.oid
WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attgenerated = ''
ORDER BY c.relname, a.attnum
`;

const PRIMARY_KEYS = `
SELECT c.relname AS table_name, a.attname AS column_name
FROM pg_constraint AS k
JOIN pg_class AS c ON c.oid = k.conrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position) ON true
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = key.attnum
WHERE n.nspname = current_schema() AND k.contype = 'p'
ORDER BY c.relname, key.position
`;

const FOREIGN_KEYS = `
SELECT c.relname AS table_name, r.relname AS references_name
FROM pg_constraint AS k
JOIN pg_class AS c ON c.oid = k.conrelid
JOIN pg_class AS r ON r.oid = k.confrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND k.contype = 'f' AND c.oid <> r.oid
`;

/** The store's data tables in an order where every table comes after the tables it references. */
export async function storeTables(sql: SqlClient): Promise<StoreTable[]> {
  const columns = await sql.query<{
    table_name: string;
    column_name: string;
    type: string;
    sequence: string | null;
  }>(COLUMNS);
  const keys = await sql.query<{ table_name: string; column_name: string }>(PRIMARY_KEYS);
  const foreign = await sql.query<{ table_name: string; references_name: string }>(FOREIGN_KEYS);
  const tables = new Map<string, StoreTable>();
  for (const c of columns) {
    if (NON_DATA_TABLES.has(c.table_name)) continue;
    let table = tables.get(c.table_name);
    if (!table) {
      table = { name: c.table_name, columns: [], orderBy: [], sequences: [] };
      tables.set(c.table_name, table);
    }
    table.columns.push({ name: c.column_name, type: c.type });
    if (c.sequence) table.sequences.push({ column: c.column_name, sequence: c.sequence });
  }
  for (const k of keys) tables.get(k.table_name)?.orderBy.push(k.column_name);
  for (const t of tables.values()) if (t.orderBy.length === 0) t.orderBy = t.columns.map((c) => c.name);
  return dependencyOrder([...tables.values()], foreign);
}

/** Sort tables so referenced ones come first (ties by name); a cycle keeps the remaining tables by name. */
function dependencyOrder(
  tables: StoreTable[],
  foreign: { table_name: string; references_name: string }[],
): StoreTable[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const ordered: StoreTable[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()]
      .filter((t) => !foreign.some((f) => f.table_name === t.name && pending.has(f.references_name)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const next =
      ready.length > 0 ? ready : [...pending.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const t of next) {
      ordered.push(t);
      pending.delete(t.name);
    }
  }
  return ordered;
}

/** Insert `rows` (text values in `columns` order) into `table`, casting each to the column's type. */
export async function insertTextRows(
  tx: SqlClient,
  table: StoreTable,
  columns: string[],
  rows: (string | null)[][],
): Promise<void> {
  if (rows.length === 0) return;
  if (tx.copyFrom) {
    // The values are already in PostgreSQL's text form, which is COPY's text format: no casts, no arrays.
    await tx.copyFrom(
      `COPY ${ident(table.name)} (${columns.map(ident).join(', ')}) FROM '/dev/blob'`,
      Buffer.from(copyText(rows), 'utf8'),
    );
    return;
  }
  const types = columns.map((name) => table.columns.find((c) => c.name === name)!.type);
  const params = columns.map((_, i) => rows.map((r) => r[i] ?? null));
  await tx.query(
    `INSERT INTO ${ident(table.name)} (${columns.map(ident).join(', ')})
SELECT ${columns.map((_, i) => `u.c${i}::${types[i]}`).join(', ')}
FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`,
    params,
  );
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Rows of text values in COPY's text format: tab-separated, `\N` for NULL, backslash escapes. */
export function copyText(rows: (string | null)[][]): string {
  let out = '';
  for (const row of rows) {
    out += `${row.map((v) => (v === null ? '\\N' : v.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!))).join('\t')}\n`;
  }
  return out;
}

/** A SQL identifier, quoted. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
