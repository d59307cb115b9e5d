/**
 * The embedded adapter of the SQL port: PGlite (Postgres compiled to WASM) persisted in a folder, or in
 * memory. PGlite is loaded lazily so PostgreSQL users never pay for it, and it stays external to the
 * bundle (its `.wasm` lookup breaks when bundled).
 */

import { basename, dirname, join } from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { acquireDirLock, type DirLock } from './dir-lock';
import { bulkBlobReads, copySource } from './pglite-blob-input';
import { bulkBlobWrites, writtenBytes } from './pglite-blob-output';
import { queryError, type SqlClient, StorageError } from './sql-client';
import { copyTemplate, isNewDataDir } from './template-copy';

/** Where an in-memory PGlite says it is. */
export const MEMORY_LOCATION = 'memory://';

/** Options for `openPglite`. */
export interface PgliteOptions {
  /** Folder holding the database files; absent for an in-memory database. */
  dataDir?: string;
  /** Take a lock file beside the folder so a second process fails fast (default true). */
  lock?: boolean;
  /** A data folder to copy when `dataDir` holds no database yet (see pglite-template.ts), instead of initdb. */
  templateDir?: string;
}

/** The lock file that guards `dataDir`: beside it, never inside (PGlite owns the folder). */
export function lockPathFor(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}.lock`);
}

/**
 * Settings PGlite starts with, besides its defaults. `wal_init_zero=off`: a new WAL segment is created by
 * writing its last byte rather than 16 MB of zeros. Indexing the Python standard library writes about
 * 170 MB of WAL, and zero-filling its segments cost 0.4 CPU-s; PGlite runs with fsync off (`-F`), so
 * pre-allocating the space bought nothing.
 *
 * Not `relaxedDurability`: that option only stops PGlite awaiting its file system's sync after each
 * query, and the Node file system has none (every write goes to the OS as it happens), so it changes
 * nothing here: a commit is in the OS's hands when it returns, a killed process loses no committed
 * file, and an OS crash could lose recent ones whatever the option (fsync is off).
 *
 * `shared_buffers=32MB` instead of PostgreSQL's 128 MB: PGlite keeps the buffer pool in its WASM memory,
 * which never shrinks, so a full index of the standard library filled all 128 MB and the process peaked
 * at 723 MB RSS; with 32 MB it peaked at 483 MB for the same CPU time (evicted pages are re-read from
 * the OS page cache, not the disk). Measured with `/usr/bin/time -v motif index <stdlib>`.
 */
const START_SETTINGS = ['-c', 'wal_init_zero=off', '-c', 'shared_buffers=32MB'];

type Runner = Pick<Transaction, 'query' | 'exec'>;

function clientOver(runner: Runner, base: { location: string }, tx: boolean, db: PGlite): SqlClient {
  const client: SqlClient = {
    kind: 'pglite',
    location: base.location,
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await runner.query<T>(sql, params as unknown[])).rows;
      } catch (error) {
        throw queryError(error, sql);
      }
    },
    async exec(sql: string) {
      try {
        await runner.exec(sql);
      } catch (error) {
        throw queryError(error, sql);
      }
    },
    async copyFrom(sql: string, data: Uint8Array) {
      try {
        await runner.query(sql, [], { blob: copySource(data) });
      } catch (error) {
        throw queryError(error, sql);
      }
    },
    async copyTo(sql: string) {
      let blob: Blob | undefined;
      try {
        ({ blob } = await runner.query(sql));
      } catch (error) {
        throw queryError(error, sql);
      }
      if (!blob) return new Uint8Array(0);
      return writtenBytes(blob) ?? new Uint8Array(await blob.arrayBuffer());
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (tx) return fn(client);
      let ran = false;
      try {
        return await db.transaction(async (t) => {
          const result = await fn(clientOver(t, base, true, db));
          ran = true;
          return result;
        });
      } catch (error) {
        // Errors from `fn` pass through as they are; only the COMMIT's own failure is wrapped here.
        throw ran ? queryError(error, 'COMMIT') : error;
      }
    },
    async close() {
      if (tx) throw new StorageError('query', 'close() called inside a transaction');
    },
  };
  return client;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Open (creating when new) a PGlite database in `dataDir`, or in memory without one. Throws
 * `StorageError('unavailable')` when the folder is locked by another process or cannot be opened.
 */
export async function openPglite(options: PgliteOptions = {}): Promise<SqlClient> {
  const { dataDir } = options;
  const location = dataDir ?? MEMORY_LOCATION;
  let lock: DirLock | undefined;
  if (dataDir && options.lock !== false) {
    try {
      lock = acquireDirLock(lockPathFor(dataDir));
    } catch (error) {
      throw new StorageError(
        'unavailable',
        `cannot open the embedded store at ${location}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  let PGliteClass: typeof PGlite;
  try {
    ({ PGlite: PGliteClass } = await import('@electric-sql/pglite'));
  } catch (error) {
    lock?.release();
    throw new StorageError('unavailable', `cannot load PGlite (@electric-sql/pglite): ${messageOf(error)}`, {
      cause: error,
    });
  }
  let db: PGlite;
  try {
    const startParams = [...PGliteClass.defaultStartParams, ...START_SETTINGS];
    // Under the lock: no other process copies into the folder or opens it half copied.
    if (dataDir && options.templateDir && isNewDataDir(dataDir)) copyTemplate(options.templateDir, dataDir);
    db = dataDir ? new PGliteClass(dataDir, { startParams }) : new PGliteClass({ startParams });
    await db.waitReady;
    bulkBlobReads(db);
    bulkBlobWrites(db);
  } catch (error) {
    lock?.release();
    throw new StorageError(
      'unavailable',
      `cannot open the embedded store at ${location}: ${messageOf(error)} (a folder written by two processes at once is unreadable; move it aside and re-index)`,
      { cause: error },
    );
  }
  const client = clientOver(db, { location }, false, db);
  let closed = false;
  client.close = async () => {
    if (closed) return;
    closed = true;
    try {
      await db.close();
    } finally {
      lock?.release();
    }
  };
  return client;
}
