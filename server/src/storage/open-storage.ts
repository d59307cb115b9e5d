/**
 * The one place front ends get a store from: a `postgres://` URL opens a PostgreSQL server, anything
 * else is a folder for embedded PGlite (default `<root>/.motif/db`). Migrations run before it is returned.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger, PatternStore, SimilarityStore } from '../core/ports';
import { migrate } from './migrate';
import { createPatternStore } from './pattern-store';
import { openPg } from './pg-client';
import { MEMORY_LOCATION, openPglite } from './pglite-client';
import { findTemplate, isNewDataDir } from './pglite-template';
import { type SqlClient, StorageError } from './sql-client';

/** The SQL client behind a store (for the dashboard's read-only queries). */
export { sqlClientOf } from './pattern-store';

/** Options for `openStore`. */
export interface OpenStoreOptions {
  /** A `postgres://`/`postgresql://` URL, a folder for the embedded store, or `memory://`. */
  db?: string;
  /** Workspace root: the default store is `<root>/.motif/db` (default: the current directory). */
  root?: string;
  logger: Logger;
  /** Migration files folder (default: found beside Motif's package.json). */
  migrationsDir?: string;
}

/** True for connection URLs that name a PostgreSQL server. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/** The embedded store's folder for a workspace root. */
export function defaultStoreDir(root: string): string {
  return join(root, '.motif', 'db');
}

/** Open the SQL client `db` designates, creating the embedded folder when needed. */
export async function openSqlClient(options: OpenStoreOptions): Promise<SqlClient> {
  const { db, logger } = options;
  const root = resolve(options.root ?? process.cwd());
  if (db && isPostgresUrl(db)) return openPg(db, { logger });
  if (db === MEMORY_LOCATION) return openPglite();
  const dataDir = db ? embeddedDataDir(resolve(root, db)) : defaultStoreDir(root);
  // A `.motif/` folder, named or by default, keeps itself out of Git.
  if (basename(dirname(dataDir)) === '.motif') ensureMotifFolder(dirname(dataDir));
  mkdirSync(dataDir, { recursive: true });
  // A new store starts from the build's template when there is one (much faster than initdb).
  const templateDir = isNewDataDir(dataDir) ? findTemplate() : undefined;
  return openPglite(templateDir ? { dataDir, templateDir } : { dataDir });
}

/** Open and migrate the SQL client `db` designates; it is closed again if migrations fail. */
export async function openDatabase(options: OpenStoreOptions): Promise<SqlClient> {
  const sql = await openSqlClient(options);
  try {
    await migrate(sql, { dir: options.migrationsDir, logger: options.logger });
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
  options.logger.debug(`store open at ${sql.location}`);
  return sql;
}

/** An open store's ports over one client; `store.close()` closes it. */
export interface Storage {
  store: PatternStore;
  similarity: SimilarityStore;
}

/** Open, migrate and wrap the store; the client is closed again if migrations fail. */
export async function openStorage(options: OpenStoreOptions): Promise<Storage> {
  const sql = await openDatabase(options);
  const store = createPatternStore(sql);
  return { store, similarity: store.similarity };
}

/** Open, migrate and wrap the pattern store. */
export async function openStore(options: OpenStoreOptions): Promise<PatternStore> {
  return (await openStorage(options)).store;
}

// `.motif/` holds a database, never source: keep it out of version control from the start.
function ensureMotifFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Motif index (generated)\n*\n');
}

/**
 * The database folder a folder given as the embedded store (`--db DIR`) stands for: DIR itself when it
 * holds a database, is empty or does not exist yet; its `db/` when DIR is a `.motif/` folder (the docs
 * call `<root>/.motif/` the store, and that is where its database lives). Any other folder with files in
 * it is refused: a mistyped path must not get a database written among someone's files, nor a `.motif/`
 * a second database beside its own.
 */
export function embeddedDataDir(dir: string): string {
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  if (basename(dir) === '.motif' || existsSync(join(dir, 'db', 'PG_VERSION'))) return join(dir, 'db');
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return dir;
    const why = code === 'ENOTDIR' ? 'it is a file, not a folder' : `it cannot be read (${code})`;
    throw new StorageError('unavailable', `cannot use ${dir} as the embedded store: ${why}`, {
      cause: error,
    });
  }
  if (entries.length === 0) return dir;
  throw new StorageError(
    'unavailable',
    `${dir} is not an embedded Motif store and is not empty: give a store's folder (such as <project>/.motif), or a new or empty folder for a new store`,
  );
}

/** Whether the embedded store a folder stands for (see `embeddedDataDir`) holds a database yet. */
export function hasEmbeddedStore(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION')) || existsSync(join(dir, 'db', 'PG_VERSION'));
}

/**
 * The embedded store folder (`<dir>/.motif/db`) of `startDir` or its nearest parent that has one, or null.
 */
export function findEmbeddedStore(startDir: string): string | null {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const candidate = defaultStoreDir(dir);
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // Not here: look one level up.
    }
    if (dirname(dir) === dir) return null;
  }
}
