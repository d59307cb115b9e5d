/**
 * Restore of a backup (see backup.ts for the format) into any store of the same schema, in one
 * transaction: the schema is checked first, every table emptied, user triggers turned off (so restored
 * usage events are not counted twice), the rows copied in block by block — each block's rows counted and
 * hashed before the next is read, while the previous one is still being written — and the counts and
 * checksums compared with the trailer before the commit. Anything wrong leaves the store as it was.
 */
import { createHash, type Hash } from 'node:crypto';
import type { BackupHeader, BackupSummary, BackupTrailer } from './backup';
import { type ByteReader, backupReader, countRows, parseCopyText } from './backup-stream';
import { type SqlClient, StorageError } from './sql-client';
import { ident, insertTextRows, type StoreTable, storeTables } from './store-tables';

function bad(message: string): StorageError {
  return new StorageError('query', `cannot restore: ${message}`);
}

function parseHeader(line: string | null): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '') as BackupHeader;
  } catch {
    throw bad('the file is not a Motif backup (its first line is not JSON)');
  }
  if (header?.format !== 'motif-backup') throw bad('the file is not a Motif backup');
  if (header.version !== 1 && header.version !== 2)
    throw bad(`backup format version ${header.version} is not known to this Motif`);
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

/** What the row readers fill in: per table a hash and a count, and the trailer once read. */
interface Progress {
  hashes: Map<string, Hash>;
  counts: Map<string, number>;
  trailer?: BackupTrailer;
}

/** A JSON line of the backup after the header. */
function parseLine<T>(line: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw bad('a line of the backup is not JSON (is the file truncated or corrupt?)');
  }
}

/**
 * Version 2: blocks of COPY text, each sent in one COPY while the next is read and checked. The COPY
 * in flight is awaited before the next starts (one connection) and before any error leaves.
 */
async function copyBlocks(
  tx: SqlClient,
  reader: ByteReader,
  header: BackupHeader,
  tables: Map<string, StoreTable>,
  progress: Progress,
): Promise<void> {
  let inflight: Promise<void> = Promise.resolve();
  try {
    for (let line = await reader.line(); line !== null; line = await reader.line()) {
      if (line === '') continue;
      if (progress.trailer) throw bad('lines after the end of the backup');
      const block = parseLine<{ t?: string; rows?: number; bytes?: number; end?: boolean }>(line);
      if (block.end) {
        progress.trailer = block as BackupTrailer;
        continue;
      }
      const meta = header.tables.find((t) => t.name === block.t);
      const { rows, bytes } = block;
      if (!meta || !Number.isSafeInteger(rows) || !Number.isSafeInteger(bytes) || bytes! < 0)
        throw bad(`a block of an unknown table (${block.t}) or without its size`);
      const data = await reader.bytes(bytes!);
      if (data.length < bytes!) throw bad('the backup ends inside a block of rows: the file is truncated');
      if (countRows(data) !== rows || (bytes! > 0 && data[bytes! - 1] !== 0x0a))
        throw bad(`a block of table ${meta.name} does not hold the ${rows} rows it announces`);
      progress.hashes.get(meta.name)!.update(data);
      progress.counts.set(meta.name, progress.counts.get(meta.name)! + rows!);
      await inflight;
      inflight = copyBlock(tx, tables.get(meta.name)!, meta.columns, data);
      inflight.catch(() => {}); // Surfaced by the next `await inflight`.
    }
    await inflight;
  } catch (error) {
    await inflight.catch(() => {});
    throw error;
  }
}

/** Rows in COPY text into `table`: one COPY, or (clients without COPY) one INSERT over the decoded values. */
async function copyBlock(tx: SqlClient, table: StoreTable, columns: string[], data: Buffer): Promise<void> {
  if (tx.copyFrom) {
    await tx.copyFrom(`COPY ${ident(table.name)} (${columns.map(ident).join(', ')}) FROM '/dev/blob'`, data);
  } else {
    await insertTextRows(tx, table, columns, parseCopyText(data));
  }
}

/** Rows per statement when restoring a version 1 backup. */
const V1_PAGE = 2000;

/** Version 1: one JSON line a row (`{"t": table, "v": [text values]}`), inserted a page at a time. */
async function insertRowLines(
  tx: SqlClient,
  reader: ByteReader,
  header: BackupHeader,
  tables: Map<string, StoreTable>,
  progress: Progress,
): Promise<void> {
  let pending: { table: string; rows: (string | null)[][] } = { table: '', rows: [] };
  const flush = async () => {
    const meta = header.tables.find((t) => t.name === pending.table);
    if (meta) await insertTextRows(tx, tables.get(meta.name)!, meta.columns, pending.rows);
    pending = { table: '', rows: [] };
  };
  for (let line = await reader.line(); line !== null; line = await reader.line()) {
    if (line === '') continue;
    if (progress.trailer) throw bad('lines after the end of the backup');
    const parsed = parseLine<{ t?: string; v?: (string | null)[]; end?: boolean }>(line);
    if (parsed.end) {
      progress.trailer = parsed as BackupTrailer;
      continue;
    }
    const hash = parsed.t === undefined ? undefined : progress.hashes.get(parsed.t);
    if (!hash || !Array.isArray(parsed.v)) throw bad(`a row of an unknown table (${parsed.t})`);
    hash.update(line).update('\n');
    progress.counts.set(parsed.t!, progress.counts.get(parsed.t!)! + 1);
    if (pending.table !== parsed.t || pending.rows.length >= V1_PAGE) await flush();
    pending.table = parsed.t!;
    pending.rows.push(parsed.v);
  }
  await flush();
}

/**
 * Replace every data table of `sql` with the backup `reader` reads, in one transaction; serial sequences
 * continue after the restored ids. Tables the store has but the backup lacks are emptied.
 */
export async function restoreBackup(sql: SqlClient, reader: ByteReader): Promise<BackupSummary> {
  const header = parseHeader(await reader.line());
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
    const progress: Progress = {
      hashes: new Map(header.tables.map((t) => [t.name, createHash('sha256')])),
      counts: new Map(header.tables.map((t) => [t.name, 0])),
    };
    const read = header.version === 1 ? insertRowLines : copyBlocks;
    await read(tx, reader, header, byName, progress);
    const { trailer } = progress;
    if (!trailer) throw bad('the backup ends early (no trailer line): the file is truncated');
    const summary: BackupSummary = { migrations: header.migrations.length, tables: [] };
    for (const t of header.tables) {
      const sha256 = progress.hashes.get(t.name)!.digest('hex');
      const rows = progress.counts.get(t.name)!;
      const expected = trailer.tables?.[t.name];
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
    await upgradeRestored(tx, header);
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

/**
 * Data steps of migrations newer than the backup, replayed on its restored rows: a backup from before
 * 0008 has its trends on the pattern rows, where nothing reads them any more.
 */
async function upgradeRestored(tx: SqlClient, header: BackupHeader): Promise<void> {
  if (header.tables.some((t) => t.name === 'pattern_trends')) return;
  if (!header.tables.some((t) => t.name === 'patterns' && t.columns.includes('usage_trend'))) return;
  await tx.exec(
    'INSERT INTO pattern_trends (pattern_id, usage_trend) SELECT id, usage_trend FROM patterns WHERE usage_trend IS NOT NULL',
  );
}

/** Restore the backup in `file` (gzipped or not) into `sql`. */
export async function restoreFromFile(sql: SqlClient, file: string): Promise<BackupSummary> {
  const reader = await backupReader(file);
  try {
    return await restoreBackup(sql, reader);
  } finally {
    await reader.close();
  }
}
