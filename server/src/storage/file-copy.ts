/**
 * Copy one file's rows (its `files` row, patterns, their vectors and outgoing relationships) from one store to another,
 * replacing the target's version under the per-file lock. Columns are read from both catalogs and copied
 * in text form, so whatever later migrations add travels too. Used by the outbox replay and the legacy
 * migration's batches.
 */
import { lockFile } from './pattern-writes';
import { type SqlClient, StorageError } from './sql-client';
import { ident, insertTextRows, type StoreTable, storeTables } from './store-tables';

/** Server-side values a replayed pattern keeps: when it first appeared, and usage counted by events there. */
const CARRIED = ['created_at', 'event_count', 'last_used_at', 'used_by_agents'];

/**
 * What a pattern new to the target starts with in the event-counted columns: the target counts its own
 * usage events (its trigger), and events recorded offline arrive as queued events of their own, so the
 * source's counts must not come along too (they would be counted twice).
 */
const UNCOUNTED: Record<string, string | null> = {
  event_count: '0',
  last_used_at: null,
  used_by_agents: '{}',
};

/** The tables a file's rows live in, as both stores have them. */
export interface Tables {
  files: Shared;
  patterns: Shared;
  relationships: Shared | null;
  /** Per-pattern tables that belong with the pattern (similarity vectors), keyed by `pattern_id`. */
  perPattern: Shared[];
}

/**
 * Tables whose rows describe one pattern and travel with it. Usage events and usage history are not
 * among them: they record what happened in one store (events counted there, runs numbered there).
 */
const PER_PATTERN_TABLES = ['pattern_vectors'];

/** A table both stores have, with the columns both have. */
interface Shared {
  table: StoreTable;
  columns: string[];
}

/** The file-scoped tables both stores have (files and patterns required; relationships when both have it). */
export async function sharedTables(local: SqlClient, remote: SqlClient): Promise<Tables> {
  const [mine, theirs] = [await storeTables(local), await storeTables(remote)];
  const shared = (name: string): Shared | null => {
    const a = mine.find((t) => t.name === name);
    const b = theirs.find((t) => t.name === name);
    if (!a || !b) return null;
    return {
      table: b,
      columns: a.columns.map((c) => c.name).filter((c) => b.columns.some((x) => x.name === c)),
    };
  };
  const files = shared('files');
  const patterns = shared('patterns');
  if (!files || !patterns)
    throw new StorageError('query', 'cannot sync: a store lacks the files or patterns table');
  const perPattern = PER_PATTERN_TABLES.map(shared).filter((t): t is Shared => t !== null);
  return { files, patterns, relationships: shared('relationships'), perPattern };
}

/** One file's rows in text form; `file` null when the file is gone. */
export interface FileState {
  repository: string;
  path: string;
  file: (string | null)[] | null;
  patterns: (string | null)[][];
  relationships: (string | null)[][];
  /** Rows of each per-pattern table, in `Tables.perPattern` order. */
  perPattern: (string | null)[][][];
}

const textColumns = (s: Shared) => s.columns.map((c, i) => `${ident(c)}::text AS c${i}`).join(', ');
const values = (s: Shared, row: Record<string, string | null>) =>
  s.columns.map((_, i) => row[`c${i}`] ?? null);

/** The file as the embedded store holds it now (null row: deleted). */
export async function readFileState(
  local: SqlClient,
  t: Tables,
  repository: string,
  path: string,
): Promise<FileState> {
  const [file] = await local.query<Record<string, string | null>>(
    `SELECT ${textColumns(t.files)} FROM files WHERE repository = $1 AND path = $2`,
    [repository, path],
  );
  const patterns = file
    ? await local.query<Record<string, string | null>>(
        `SELECT ${textColumns(t.patterns)}, id AS pattern_id FROM patterns WHERE repository = $1 AND file_path = $2 ORDER BY id`,
        [repository, path],
      )
    : [];
  const relationships =
    t.relationships && patterns.length > 0
      ? await local.query<Record<string, string | null>>(
          `SELECT ${textColumns(t.relationships)} FROM relationships WHERE source_id = ANY($1::text[])`,
          [patterns.map((p) => p.pattern_id)],
        )
      : [];
  const perPattern: (string | null)[][][] = [];
  for (const table of t.perPattern) {
    const rows =
      patterns.length > 0
        ? await local.query<Record<string, string | null>>(
            `SELECT ${textColumns(table)} FROM ${ident(table.table.name)} WHERE pattern_id = ANY($1::text[])`,
            [patterns.map((p) => p.pattern_id)],
          )
        : [];
    perPattern.push(rows.map((r) => values(table, r)));
  }
  return {
    repository,
    path,
    file: file ? values(t.files, file) : null,
    patterns: patterns.map((p) => values(t.patterns, p)),
    relationships: t.relationships ? relationships.map((r) => values(t.relationships!, r)) : [],
    perPattern,
  };
}

/**
 * Replace the target's version of one file with `state` (inside the caller's transaction); returns how
 * many patterns the target held for the file before.
 */
export async function applyFile(tx: SqlClient, t: Tables, state: FileState): Promise<number> {
  const { repository, path } = state;
  await lockFile(tx, repository, path);
  const carried = CARRIED.filter((c) => t.patterns.columns.includes(c));
  const old = await tx.query<Record<string, string | null>>(
    `SELECT id${carried.map((c, i) => `, ${ident(c)}::text AS k${i}`).join('')} FROM patterns WHERE repository = $1 AND file_path = $2`,
    [repository, path],
  );
  if (t.relationships && old.length > 0) {
    await tx.query('DELETE FROM relationships WHERE source_id = ANY($1::text[])', [old.map((o) => o.id)]);
  }
  if (old.length > 0) {
    for (const table of t.perPattern) {
      await tx.query(`DELETE FROM ${ident(table.table.name)} WHERE pattern_id = ANY($1::text[])`, [
        old.map((o) => o.id),
      ]);
    }
  }
  await tx.query('DELETE FROM patterns WHERE repository = $1 AND file_path = $2', [repository, path]);
  await tx.query('DELETE FROM files WHERE repository = $1 AND path = $2', [repository, path]);
  if (!state.file) return old.length;
  await insertTextRows(tx, t.files.table, t.files.columns, [state.file]);
  const byId = new Map(old.map((o) => [o.id, o]));
  const idAt = t.patterns.columns.indexOf('id');
  const rows = state.patterns.map((row) => {
    const was = byId.get(row[idAt] ?? '');
    const copy = [...row];
    carried.forEach((c, i) => {
      if (was) copy[t.patterns.columns.indexOf(c)] = was[`k${i}`] ?? null;
      else if (c in UNCOUNTED) copy[t.patterns.columns.indexOf(c)] = UNCOUNTED[c]!;
    });
    return copy;
  });
  await insertTextRows(tx, t.patterns.table, t.patterns.columns, rows);
  if (t.relationships)
    await insertTextRows(tx, t.relationships.table, t.relationships.columns, state.relationships);
  for (const [i, table] of t.perPattern.entries()) {
    await insertTextRows(tx, table.table, table.columns, state.perPattern[i] ?? []);
  }
  return old.length;
}
