/**
 * Bulk loads into a table that is small next to what they add: drop the table's indexes (its primary key
 * and unique constraints included), load, and build them again, all in the caller's transaction. A
 * B-tree built from sorted rows costs a fraction of as many single inserts, and a failed load rolls
 * the indexes back with everything else. The definitions are read from the catalogue, so the table's
 * indexes come back exactly as the migrations made them.
 */
import type { SqlClient } from './sql-client';

/** Smallest load worth the rebuild: below it the catalogue reads and the rebuild cost more than they save. */
export const REBUILD_MIN_ROWS = 10_000;

// Statements that drop and re-create every index of table $1 (in the current schema).
const INDEX_DDL = `
SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', $1::text, c.conname) AS drop_sql,
       format('ALTER TABLE %I ADD CONSTRAINT %I %s', $1::text, c.conname, pg_get_constraintdef(c.oid)) AS create_sql
FROM pg_constraint AS c
WHERE c.conrelid = to_regclass(quote_ident($1::text)) AND c.contype IN ('p', 'u')
UNION ALL
SELECT format('DROP INDEX %I.%I', i.schemaname, i.indexname), i.indexdef
FROM pg_indexes AS i
WHERE i.schemaname = current_schema() AND i.tablename = $1::text
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = to_regclass(quote_ident(i.indexname)))
`;

/**
 * Run `load` inside transaction `tx` with `table`'s indexes dropped when the load adds `adding` rows
 * and the table holds at most twice as many already; otherwise just run it. Only for a store with one
 * writer: dropping an index locks the table against every reader until the transaction ends.
 */
export async function loadWithIndexesRebuilt<T>(
  tx: SqlClient,
  table: string,
  adding: number,
  load: () => Promise<T>,
): Promise<T> {
  if (adding < REBUILD_MIN_ROWS) return load();
  // A key another table's foreign key depends on cannot be dropped: keep such a table's indexes.
  const [{ n, referenced } = { n: 0, referenced: true }] = await tx.query<{ n: number; referenced: boolean }>(
    `SELECT (SELECT count(*)::int FROM ${quoteIdent(table)}) AS n,
            EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass($1)) AS referenced`,
    [quoteIdent(table)],
  );
  if (referenced || n > adding * 2) return load();
  const ddl = await tx.query<{ drop_sql: string; create_sql: string }>(INDEX_DDL, [table]);
  for (const d of ddl) await tx.exec(d.drop_sql);
  const result = await load();
  for (const d of ddl) await tx.exec(d.create_sql);
  return result;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
