/**
 * Applies `migrations/NNNN_name.sql` in order, one transaction each, recording version, name and a
 * SHA-256 checksum in `motif_migrations`. The version row goes in first so a concurrent runner stops on
 * it; an advisory lock serialises runners; an applied file that changed is refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Logger, nullLogger } from '../core/ports';
import { type SqlClient, StorageError } from './sql-client';

/** One migration file. */
export interface Migration {
  version: number;
  /** File name, e.g. `0001_init.sql`. */
  name: string;
  sql: string;
  /** SHA-256 (hex) of the text with line endings normalised to `\n`. */
  checksum: string;
}

/** Options for `migrate`. */
export interface MigrateOptions {
  /** Folder of the migration files (default: `findMigrationsDir()`). */
  dir?: string;
  logger?: Logger;
}

/** Key of the advisory lock every Motif migration runner takes (an arbitrary constant). */
export const MIGRATION_LOCK_KEY = 7_104_203_116;

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

function isMotifPackage(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'motif';
  } catch {
    return false;
  }
}

/**
 * The `migrations` folder beside the `package.json` named `motif`, searched upward from `from`
 * (default: this file's folder, which is `server/src/storage/` under vitest and `dist/` when bundled).
 */
export function findMigrationsDir(
  from: string = typeof __dirname === 'string' ? __dirname : process.cwd(),
): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'migrations')) && isMotifPackage(dir)) return join(dir, 'migrations');
    if (dirname(dir) === dir) break;
  }
  throw new StorageError('migration', `cannot find Motif's migrations folder above ${from}`);
}

/** SHA-256 of a migration's text; CRLF is normalised so a Windows checkout hashes the same. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** Read and order the migration files of `dir`; other files (README.md) are ignored. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(name);
    if (!match)
      throw new StorageError('migration', `migration file ${name} is not named NNNN_snake_case.sql`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new StorageError('migration', `two migration files share version ${match[1]} (${name})`);
    }
    const sql = readFileSync(join(dir, name), 'utf8');
    migrations.push({ version, name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

async function lock(tx: SqlClient): Promise<void> {
  // Serialises runners on a PostgreSQL server; PGlite has one connection, where it is a harmless no-op.
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
}

async function ensureTable(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    await lock(tx);
    const [row] = await tx.query<{ exists: boolean }>(
      "SELECT to_regclass('motif_migrations') IS NOT NULL AS exists",
    );
    if (row?.exists) return;
    await tx.exec(`
CREATE TABLE motif_migrations (
  version     integer     PRIMARY KEY,
  name        text        NOT NULL,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);
`);
  });
}

function checkApplied(applied: AppliedRow[], files: Migration[]): void {
  for (const row of applied) {
    const file = files.find((m) => m.version === row.version);
    if (!file) {
      throw new StorageError(
        'migration',
        `the database has migration ${row.name}, which this version of Motif does not know: it was written by a newer Motif`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new StorageError(
        'migration',
        `migration ${file.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk); migrations are forward-only: restore the file and add a new one`,
      );
    }
  }
}

/**
 * Apply every pending migration, in order, each in its own transaction. Returns the migrations this
 * call applied (empty when the schema is current). Throws `StorageError('migration')`.
 */
export async function migrate(sql: SqlClient, options: MigrateOptions = {}): Promise<Migration[]> {
  const logger = options.logger ?? nullLogger;
  const files = loadMigrations(options.dir ?? findMigrationsDir());
  try {
    await ensureTable(sql);
  } catch (error) {
    throw asMigrationError(error, 'cannot create motif_migrations');
  }
  const applied = await sql.query<AppliedRow>(
    'SELECT version, name, checksum FROM motif_migrations ORDER BY version',
  );
  checkApplied(applied, files);

  const done: Migration[] = [];
  for (const migration of files) {
    if (applied.some((row) => row.version === migration.version)) continue;
    const ran = await sql
      .transaction(async (tx) => {
        await lock(tx);
        // The version row first: a runner that lost the race sees the row (or waits for it) and stops.
        const inserted = await tx.query(
          `
INSERT INTO motif_migrations (version, name, checksum)
VALUES ($1, $2, $3)
ON CONFLICT (version) DO NOTHING
RETURNING version
`,
          [migration.version, migration.name, migration.checksum],
        );
        if (inserted.length === 0) return false;
        await tx.exec(migration.sql);
        return true;
      })
      .catch((error: unknown) => {
        throw asMigrationError(error, `migration ${migration.name} failed`);
      });
    if (ran) {
      logger.info(`applied migration ${migration.name}`);
      done.push(migration);
    } else {
      // Another runner applied it meanwhile: make sure it applied the same text.
      const now = await sql.query<AppliedRow>(
        'SELECT version, name, checksum FROM motif_migrations WHERE version = $1',
        [migration.version],
      );
      checkApplied(now, files);
    }
  }
  return done;
}

function asMigrationError(error: unknown, context: string): StorageError {
  if (error instanceof StorageError && error.kind !== 'query') return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError('migration', `${context}: ${message}`, {
    cause: error,
    code: error instanceof StorageError ? error.code : undefined,
  });
}
