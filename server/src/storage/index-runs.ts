/**
 * The `index_runs` table: a row per indexer run, opened as `running` and finished with its counts, so
 * an interrupted run is never recorded as done.
 */
import type { IndexRun } from '../core/ports';
import { isoTime } from './pattern-rows';
import { type SqlClient, StorageError } from './sql-client';

interface RunRow {
  id: number;
  started_at: Date | string;
  finished_at: Date | string | null;
  status: IndexRun['status'];
  root: string;
  files_seen: number;
  files_indexed: number;
  files_unchanged: number;
  files_skipped: number;
  files_removed: number;
  patterns: number;
  duration_ms: number | null;
}

const RUN_SELECT = `
id, started_at, finished_at, status, root, files_seen, files_indexed, files_unchanged, files_skipped,
files_removed, patterns, duration_ms`.trim();

function rowToRun(r: RunRow): IndexRun {
  return {
    id: r.id,
    startedAt: isoTime(r.started_at),
    finishedAt: r.finished_at === null ? null : isoTime(r.finished_at),
    status: r.status,
    root: r.root,
    filesSeen: r.files_seen,
    filesIndexed: r.files_indexed,
    filesUnchanged: r.files_unchanged,
    filesSkipped: r.files_skipped,
    filesRemoved: r.files_removed,
    patterns: r.patterns,
    durationMs: r.duration_ms,
  };
}

const BEGIN_RUN = `
INSERT INTO index_runs (repository, root)
VALUES ($1, $2)
RETURNING id
`;

/** Open a run as `running`; returns its id. */
export async function beginRun(sql: SqlClient, repository: string, root: string): Promise<number> {
  const [row] = await sql.query<{ id: number }>(BEGIN_RUN, [repository, root]);
  if (!row) throw new StorageError('query', 'index_runs insert returned no id');
  return row.id;
}

// A run still `running` has no finish time unless the caller gives one; any other status gets one.
const FINISH_RUN = `
UPDATE index_runs SET
status = $2,
finished_at = CASE WHEN $2 = 'running' THEN $3::timestamptz ELSE coalesce($3::timestamptz, now()) END,
files_seen = $4,
files_indexed = $5,
files_unchanged = $6,
files_skipped = $7,
files_removed = $8,
patterns = $9,
duration_ms = $10
WHERE id = $1
`;

/**
 * Record a run's status and counts (also usable mid-run, with status `running`, to mark progress).
 * When the run ends on PGlite, the tables are vacuumed: PGlite runs no autovacuum, so without this the
 * row versions left by rewrites and usage updates would grow the store folder on every run.
 */
export async function finishRun(sql: SqlClient, run: Omit<IndexRun, 'startedAt' | 'root'>): Promise<void> {
  await recordRun(sql, run);
  if (run.status !== 'running') await vacuumAfterRun(sql);
}

/** On PGlite, vacuum the tables a run rewrote (outside any transaction); a server's autovacuum does it there. */
export async function vacuumAfterRun(sql: SqlClient): Promise<void> {
  if (sql.kind === 'pglite') await sql.exec('VACUUM patterns, files, index_runs;');
}

/** Record a run's status and counts, nothing else (usable inside a transaction). */
export async function recordRun(sql: SqlClient, run: Omit<IndexRun, 'startedAt' | 'root'>): Promise<void> {
  await sql.query(FINISH_RUN, [
    run.id,
    run.status,
    run.finishedAt,
    run.filesSeen,
    run.filesIndexed,
    run.filesUnchanged,
    run.filesSkipped,
    run.filesRemoved,
    run.patterns,
    run.durationMs === null ? null : Math.round(run.durationMs),
  ]);
}

const LAST_RUN = `
SELECT ${RUN_SELECT}
FROM index_runs
ORDER BY id DESC
LIMIT 1
`;

/** The most recent run, whatever its status, or null. */
export async function lastRun(sql: SqlClient): Promise<IndexRun | null> {
  const [row] = await sql.query<RunRow>(LAST_RUN);
  return row ? rowToRun(row) : null;
}
