/**
 * A portable dump of a store's data tables, and its restore into any store (embedded or server) of the
 * same schema. Format (version 2): gzipped; a JSON header line (format, version, applied migrations,
 * tables with columns and row counts); blocks of rows, each a JSON line `{"t": table, "rows": n,
 * "bytes": b}` followed by exactly b bytes of rows in PostgreSQL's COPY text format (one line a row, the
 * text form of every value, so every type round-trips exactly); a JSON trailer with each table's row count
 * and the SHA-256 of its blocks. Rows go out and back in through COPY, so neither direction parses rows
 * in JavaScript. Version 1 backups (one JSON line a row) still restore.
 * Restore runs in one transaction: anything wrong (truncated file, checksum, schema) leaves the store as it was.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { countRows } from './backup-stream';
import type { SqlClient } from './sql-client';
import { copyText, ident, type StoreTable, storeTables } from './store-tables';

/** The first line of a backup. */
export interface BackupHeader {
  format: 'motif-backup';
  /** 2: rows in COPY text blocks; 1: one JSON line a row (restored, no longer written). */
  version: 1 | 2;
  createdAt: string;
  /** The schema the rows fit: every migration applied to the source store. */
  migrations: { version: number; name: string; checksum: string }[];
  tables: { name: string; columns: string[]; rows: number }[];
}

/** The last line of a backup: per table its row count and the SHA-256 of its rows (v2: its blocks' bytes). */
export interface BackupTrailer {
  end: true;
  tables: Record<string, { rows: number; sha256: string }>;
}

/** What a backup or restore covered. */
export interface BackupSummary {
  tables: { name: string; rows: number; sha256: string }[];
  migrations: number;
}

/**
 * Rows per block. Restore sends one block while it reads and checks the next, so the client's work and
 * the server's overlap; smaller blocks overlap better, larger ones cost fewer statements.
 */
export const BLOCK_ROWS = 4000;

/** One table's rows `offset`… in COPY text (through COPY when the client has it). */
async function readBlock(tx: SqlClient, t: StoreTable, offset: number): Promise<Uint8Array> {
  const select = `SELECT ${t.columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(t.name)}
ORDER BY ${t.orderBy.map(ident).join(', ')} LIMIT ${BLOCK_ROWS} OFFSET ${offset}`;
  if (tx.copyTo) return tx.copyTo(`COPY (${select}) TO '/dev/blob'`);
  const rows = await tx.query<Record<string, string | null>>(
    `SELECT ${t.columns.map((c, i) => `${ident(c.name)}::text AS c${i}`).join(', ')} FROM (${select}) AS page`,
  );
  return Buffer.from(copyText(rows.map((r) => t.columns.map((_, i) => r[`c${i}`] ?? null))), 'utf8');
}

/**
 * Write every data table of `sql` to `out` (uncompressed; `backupToFile` gzips). One repeatable-read
 * transaction, so counts and rows are one consistent snapshot even while others write; time zone and
 * float output fixed, so the same rows give the same bytes (and checksums) on every store.
 */
export async function writeBackup(
  sql: SqlClient,
  out: (data: string | Uint8Array) => Promise<void>,
): Promise<BackupSummary> {
  return sql.transaction(async (tx) => {
    if (tx.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await tx.exec(
      "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 1",
    );
    const migrations = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM motif_migrations ORDER BY version',
    );
    const tables = await storeTables(tx);
    const counts = new Map<string, number>();
    for (const t of tables) {
      const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
      counts.set(t.name, row?.n ?? 0);
    }
    const header: BackupHeader = {
      format: 'motif-backup',
      version: 2,
      createdAt: new Date().toISOString(),
      migrations,
      tables: tables.map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => c.name),
        rows: counts.get(t.name) ?? 0,
      })),
    };
    await out(`${JSON.stringify(header)}\n`);
    const trailer: BackupTrailer = { end: true, tables: {} };
    for (const t of tables) {
      const hash = createHash('sha256');
      let rows = 0;
      for (;;) {
        const block = await readBlock(tx, t, rows);
        const n = countRows(block);
        if (n > 0) {
          await out(`${JSON.stringify({ t: t.name, rows: n, bytes: block.byteLength })}\n`);
          await out(block);
          hash.update(block);
          rows += n;
        }
        if (n < BLOCK_ROWS) break;
      }
      trailer.tables[t.name] = { rows, sha256: hash.digest('hex') };
    }
    await out(`${JSON.stringify(trailer)}\n`);
    return {
      migrations: migrations.length,
      tables: tables.map((t) => ({ name: t.name, ...trailer.tables[t.name]! })),
    };
  });
}

/** Write a gzipped backup of `sql` to `file`. */
export async function backupToFile(sql: SqlClient, file: string): Promise<BackupSummary> {
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  // Wait for `drain` only when the buffer is full; `pipeline` reports stream errors through `done`.
  const write = async (data: string | Uint8Array) => {
    if (!gzip.write(data)) await Promise.race([once(gzip, 'drain'), done]);
  };
  try {
    const summary = await writeBackup(sql, write);
    gzip.end();
    await done;
    return summary;
  } catch (error) {
    gzip.destroy();
    await done.catch(() => {});
    throw error;
  }
}

/** The tables a store's backup would hold and their current row counts (for reports and validation). */
export async function tableCounts(sql: SqlClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await storeTables(sql)) {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
    counts[t.name] = row?.n ?? 0;
  }
  return counts;
}
