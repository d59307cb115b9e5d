/**
 * A portable dump of a store's data tables, and its restore into any store (embedded or server) of the
 * same schema. Format: gzipped JSON lines — a header (format, version, applied migrations, tables with
 * columns and row counts), one line per row (`{"t": table, "v": [text values]}`, values in PostgreSQL's
 * text form so every type round-trips exactly), and a trailer with each table's row count and SHA-256.
 * Restore runs in one transaction: anything wrong (truncated file, checksum, schema) leaves the store as it was.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type SqlClient, StorageError } from './sql-client';
import { ident, insertTextRows, storeTables } from './store-tables';

/** The first line of a backup. */
export interface BackupHeader {
  format: 'motif-backup';
  version: 1;
  createdAt: string;
  /** The schema the rows fit: every migration applied to the source store. */
  migrations: { version: number; name: string; checksum: string }[];
  tables: { name: string; columns: string[]; rows: number }[];
}

/** The last line of a backup: per table its row count and the SHA-256 of its row lines. */
export interface BackupTrailer {
  end: true;
  tables: Record<string, { rows: number; sha256: string }>;
}

/** What a backup or restore covered. */
export interface BackupSummary {
  tables: { name: string; rows: number; sha256: string }[];
  migrations: number;
}

const PAGE = 2000;

function rowLine(table: string, values: (string | null)[]): string {
  return JSON.stringify({ t: table, v: values });
}

/**
 * Write every data table of `sql` to `out` (uncompressed JSON lines; `backupToFile` gzips). One
 * repeatable-read transaction, so counts and rows are one consistent snapshot even while others write.
 */
export async function writeBackup(
  sql: SqlClient,
  out: (line: string) => Promise<void>,
): Promise<BackupSummary> {
  return sql.transaction(async (tx) => {
    if (tx.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
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
      version: 1,
      createdAt: new Date().toISOString(),
      migrations,
      tables: tables.map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => c.name),
        rows: counts.get(t.name) ?? 0,
      })),
    };
    await out(JSON.stringify(header));
    const trailer: BackupTrailer = { end: true, tables: {} };
    for (const t of tables) {
      const hash = createHash('sha256');
      let rows = 0;
      const select = `SELECT ${t.columns.map((c, i) => `${ident(c.name)}::text AS c${i}`).join(', ')}
FROM ${ident(t.name)} ORDER BY ${t.orderBy.map(ident).join(', ')} LIMIT $1 OFFSET $2`;
      for (let offset = 0; ; offset += PAGE) {
        const page = await tx.query<Record<string, string | null>>(select, [PAGE, offset]);
        for (const r of page) {
          const line = rowLine(
            t.name,
            t.columns.map((_, i) => r[`c${i}`] ?? null),
          );
          hash.update(line).update('\n');
          rows++;
          await out(line);
        }
        if (page.length < PAGE) break;
      }
      trailer.tables[t.name] = { rows, sha256: hash.digest('hex') };
    }
    await out(JSON.stringify(trailer));
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
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await Promise.race([once(gzip, 'drain'), done]);
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

function bad(message: string): StorageError {
  return new StorageError('query', `cannot restore: ${message}`);
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '') as BackupHeader;
  } catch {
    throw bad('the file is not a Motif backup (its first line is not JSON)');
  }
  if (header?.format !== 'motif-backup') throw bad('the file is not a Motif backup');
  if (header.version !== 1) throw bad(`backup format version ${header.version} is not known to this Motif`);
  return header;
}

/** Refuse a backup whose schema the target cannot hold: every backed-up migration must be applied, unchanged. */
async function checkSchema(tx: SqlClient, header: BackupHeader): Promise<void> {
  const applied = await tx.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM motif_migrations',
  );
  for (const m of header.migrations) {
    const here = applied.find((a) => a.version === m.version);
    if (!here) throw bad(`the backup has migration ${m.name}, which this store lacks: upgrade Motif first`);
    if (here.checksum !== m.checksum)
      throw bad(`migration ${m.name} differs between the backup and this store`);
  }
}

/**
 * Replace every data table of `sql` with the backup read from `lines`, in one transaction; user
 * triggers (the usage-event counter) are off meanwhile so restored rows are not counted twice, and
 * serial sequences continue after the restored ids. Tables the store has but the backup lacks are emptied.
 */
export async function restoreBackup(sql: SqlClient, lines: AsyncIterable<string>): Promise<BackupSummary> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = parseHeader(first.done ? undefined : first.value);
  return sql.transaction(async (tx) => {
    await checkSchema(tx, header);
    const tables = await storeTables(tx);
    const byName = new Map(tables.map((t) => [t.name, t]));
    for (const t of header.tables) {
      const target = byName.get(t.name);
      if (!target) throw bad(`this store has no table ${t.name}`);
      const missing = t.columns.filter((c) => !target.columns.some((tc) => tc.name === c));
      if (missing.length > 0) throw bad(`table ${t.name} has no column ${missing.join(', ')}`);
    }
    if (tables.length > 0) await tx.exec(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')}`);
    for (const t of tables) await tx.exec(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`);
    const hashes = new Map(header.tables.map((t) => [t.name, createHash('sha256')]));
    const counts = new Map(header.tables.map((t) => [t.name, 0]));
    let pending: { table: string; rows: (string | null)[][] } = { table: '', rows: [] };
    const flush = async () => {
      const meta = header.tables.find((t) => t.name === pending.table);
      if (meta) await insertTextRows(tx, byName.get(meta.name)!, meta.columns, pending.rows);
      pending = { table: '', rows: [] };
    };
    let trailer: BackupTrailer | undefined;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = next.value;
      if (line === '') continue;
      if (trailer) throw bad('lines after the end of the backup');
      let parsed: { t?: string; v?: (string | null)[]; end?: boolean };
      try {
        parsed = JSON.parse(line);
      } catch {
        throw bad('a line of the backup is not JSON (is the file truncated or corrupt?)');
      }
      if (parsed.end) {
        trailer = parsed as BackupTrailer;
        continue;
      }
      const hash = parsed.t === undefined ? undefined : hashes.get(parsed.t);
      if (!hash || !Array.isArray(parsed.v)) throw bad(`a row of an unknown table (${parsed.t})`);
      hash.update(line).update('\n');
      counts.set(parsed.t!, counts.get(parsed.t!)! + 1);
      if (pending.table !== parsed.t || pending.rows.length >= PAGE) await flush();
      pending.table = parsed.t!;
      pending.rows.push(parsed.v);
    }
    await flush();
    if (!trailer) throw bad('the backup ends early (no trailer line): the file is truncated');
    const summary: BackupSummary = { migrations: header.migrations.length, tables: [] };
    for (const t of header.tables) {
      const sha256 = hashes.get(t.name)!.digest('hex');
      const rows = counts.get(t.name)!;
      const expected = trailer.tables[t.name];
      if (!expected || expected.rows !== rows || expected.rows !== t.rows || expected.sha256 !== sha256) {
        throw bad(
          `table ${t.name}: ${rows} rows read, the backup says ${expected?.rows ?? '?'}; checksum ${expected?.sha256 === sha256 ? 'matches' : 'differs'}`,
        );
      }
      const [stored] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
      if (stored?.n !== rows)
        throw bad(`table ${t.name} holds ${stored?.n} rows after restore, expected ${rows}`);
      summary.tables.push({ name: t.name, rows, sha256 });
    }
    for (const t of tables) {
      await tx.exec(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`);
      for (const s of t.sequences) {
        await tx.query(
          `SELECT setval($1::regclass, coalesce((SELECT max(${ident(s.column)}) FROM ${ident(t.name)}), 0) + 1, false)`,
          [s.sequence],
        );
      }
    }
    return summary;
  });
}

/** The lines of a gzipped (or plain) backup file. */
export async function* backupLines(file: string): AsyncIterable<string> {
  const raw = createReadStream(file);
  const head = await new Promise<Buffer>((resolve, reject) => {
    raw.once('readable', () => {
      const chunk = raw.read(2) as Buffer | null;
      if (chunk) raw.unshift(chunk);
      resolve(chunk ?? Buffer.alloc(0));
    });
    raw.once('error', reject);
  });
  const gzipped = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const stream: Readable = gzipped ? raw.pipe(createGunzip()) : raw;
  if (gzipped) raw.on('error', (error) => stream.destroy(error));
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Restore the backup in `file` (gzipped or not) into `sql`. */
export function restoreFromFile(sql: SqlClient, file: string): Promise<BackupSummary> {
  return restoreBackup(sql, backupLines(file));
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
