/**
 * The PostgreSQL-server adapter of the SQL port: a `pg.Pool` from a connection URL. Connection
 * failures become `StorageError('unavailable')`; every message is scrubbed of the password.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import type { Logger } from '../core/ports';
import { hideSecret, queryError, redactUrl, type SqlClient, StorageError } from './sql-client';

/** Options for `openPg`. */
export interface PgOptions {
  logger: Logger;
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Pool size (default 4). */
  maxConnections?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * True for an unavailable-store error that a later attempt may not meet: bad credentials (SQLSTATE 28…)
 * or no such database. Working offline would hide such a configuration error, so callers report it.
 */
export function isConfigurationError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code !== undefined && (/^28/.test(code) || code === '3D000');
}

/** True for errors that mean "the server cannot be reached or refused us", not "the statement failed". */
export function isUnavailableError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && NETWORK_CODES.has(code)) return true;
  // SQLSTATE 08 connection exception, 28 bad credentials, 3D000 no such database, 57P0x shutdown, 53300 too many.
  if (code && (/^(08|28)/.test(code) || ['3D000', '57P01', '57P02', '57P03', '53300'].includes(code)))
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|encountered a connection error|not queryable/i.test(
    message ?? '',
  );
}

/**
 * The port's COPY statements name PGlite's `'/dev/blob'`; a server reads and writes the data over the
 * connection (`STDIN`/`STDOUT`) instead.
 */
function toStdio(sql: string): string {
  return sql.replace(/\bFROM\s+'\/dev\/blob'/i, 'FROM STDIN').replace(/\bTO\s+'\/dev\/blob'/i, 'TO STDOUT');
}

/** The password of `url`, raw and decoded, so messages can be scrubbed of either form. */
function secretsOf(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return raw ? [raw, decodeURIComponent(raw)] : [];
  } catch {
    return [];
  }
}

/** Open a pool on `url` and check it answers; throws `StorageError('unavailable')` when it cannot connect. */
export async function openPg(url: string, options: PgOptions): Promise<SqlClient> {
  const location = redactUrl(url);
  const secrets = secretsOf(url);
  const scrub = (text: string) => secrets.reduce(hideSecret, redactUrl(text));
  const wrap = (error: unknown, sql: string): StorageError => {
    if (error instanceof StorageError) return error;
    if (isUnavailableError(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      return new StorageError('unavailable', scrub(`cannot reach PostgreSQL at ${location}: ${reason}`), {
        cause: error,
        code: (error as { code?: string }).code,
      });
    }
    const wrapped = queryError(error, sql);
    return new StorageError('query', scrub(wrapped.message), { cause: error, code: wrapped.code });
  };

  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    max: options.maxConnections ?? 4,
  });
  // An idle client losing its connection emits here; unhandled, it would end the process.
  pool.on('error', (error) => options.logger.warn(scrub(`PostgreSQL connection lost: ${error.message}`)));

  /**
   * Listen for errors on a checked-out connection: a server that goes away between two statements makes
   * the connection emit `error`, which unheard would end the process; the next statement fails instead.
   * Returns the release function, which marks the connection broken if it errored.
   */
  const guard = (conn: pg.PoolClient) => {
    let failed: Error | undefined;
    const onError = (error: Error) => {
      failed = error;
      options.logger.warn(scrub(`PostgreSQL connection lost: ${error.message}`));
    };
    conn.on('error', onError);
    return (broken?: Error) => {
      conn.off('error', onError);
      conn.release(broken ?? failed);
    };
  };

  /** Run `fn` on one connection: the transaction's, or one borrowed from the pool for the call. */
  const onConnection = async <T>(
    runner: pg.Pool | pg.PoolClient,
    sql: string,
    fn: (c: pg.PoolClient) => Promise<T>,
  ) => {
    if (!(runner instanceof pg.Pool)) return fn(runner);
    let conn: pg.PoolClient;
    try {
      conn = await pool.connect();
    } catch (error) {
      throw wrap(error, sql);
    }
    const release = guard(conn);
    let broken: Error | undefined;
    try {
      return await fn(conn);
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      // A connection whose COPY failed midway may be out of step: destroy it rather than reuse it.
      release(broken);
    }
  };

  const over = (runner: pg.Pool | pg.PoolClient, inTx: boolean): SqlClient => {
    const client: SqlClient = {
      kind: 'postgres',
      location,
      async query<T>(sql: string, params: readonly unknown[] = []) {
        try {
          return (await runner.query(sql, params as unknown[])).rows as T[];
        } catch (error) {
          throw wrap(error, sql);
        }
      },
      async exec(sql: string) {
        try {
          // No values: node-postgres uses the simple protocol, which accepts several statements.
          await runner.query(sql);
        } catch (error) {
          throw wrap(error, sql);
        }
      },
      async copyFrom(sql: string, data: Uint8Array) {
        const statement = toStdio(sql);
        await onConnection(runner, statement, async (conn) => {
          try {
            await pipeline(
              Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
              conn.query(copyFromStdin(statement)),
            );
          } catch (error) {
            throw wrap(error, statement);
          }
        });
      },
      async copyTo(sql: string) {
        const statement = toStdio(sql);
        return onConnection(runner, statement, async (conn) => {
          const chunks: Buffer[] = [];
          try {
            for await (const chunk of conn.query(copyToStdout(statement))) chunks.push(chunk as Buffer);
          } catch (error) {
            throw wrap(error, statement);
          }
          return new Uint8Array(Buffer.concat(chunks));
        });
      },
      async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
        if (inTx) return fn(client);
        let conn: pg.PoolClient;
        try {
          conn = await pool.connect();
        } catch (error) {
          throw wrap(error, 'BEGIN');
        }
        const release = guard(conn);
        let broken: Error | undefined;
        let stage: 'BEGIN' | 'fn' | 'COMMIT' = 'BEGIN';
        try {
          await conn.query('BEGIN');
          stage = 'fn';
          const result = await fn(over(conn, true));
          stage = 'COMMIT';
          await conn.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await conn.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error;
          }
          // Errors from `fn` pass through as they are; BEGIN's and COMMIT's own failures are wrapped.
          throw stage === 'fn' ? error : wrap(error, stage);
        } finally {
          // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
          release(broken);
        }
      },
      async close() {
        if (inTx) throw new StorageError('query', 'close() called inside a transaction');
        await pool.end();
      },
    };
    return client;
  };

  const client = over(pool, false);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError('unavailable', scrub(`cannot reach PostgreSQL at ${location}: ${reason}`), {
      cause: error,
      code: (error as { code?: string }).code,
    });
  }
  return client;
}
