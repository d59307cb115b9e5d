/**
 * The outbox entries that are not files: usage events recorded and index runs made while the server was
 * unreachable. Offline, each is recorded in the embedded store and queued with what its replay needs, in
 * one local transaction; the replay (inside the server transaction that writes the entry's receipt, so
 * once only) inserts the event, which the server's trigger counts, or inserts or completes the run.
 */
import type { IndexRun, UsageEvent } from '../core/ports';
import { recordRun, vacuumAfterRun } from './index-runs';
import { enqueueRecord, type OutboxEntry } from './outbox';
import { type SqlClient, StorageError } from './sql-client';
import { recordUsageEvent } from './usage-events';

/** A queued usage event: the use as the embedded store recorded it. */
interface QueuedEvent {
  patternId: string;
  agent: string;
  context: string | null;
  occurredAt: string;
}

type RunFigures = Omit<IndexRun, 'startedAt' | 'root'>;

/**
 * A queued run. Begun offline: the whole run, inserted on the server under an id of the server's. Begun
 * on the server and ended offline: its final figures, for the server's row `run.id`.
 */
type QueuedRun =
  | { begunOffline: true; root: string; startedAt: string; run: RunFigures }
  | { begunOffline: false; run: RunFigures };

/** Record a use of a pattern in the embedded store and queue it; null when no such pattern exists there. */
export async function recordEventOffline(
  local: SqlClient,
  patternId: string,
  agent: string,
  context: string | null,
): Promise<UsageEvent | null> {
  return local.transaction(async (tx) => {
    const event = await recordUsageEvent(tx, patternId, agent, context);
    if (!event) return null;
    const [pattern] = await tx.query<{ repository: string; file_path: string }>(
      'SELECT repository, file_path FROM patterns WHERE id = $1',
      [patternId],
    );
    const queued: QueuedEvent = { patternId, agent, context, occurredAt: event.occurredAt };
    await enqueueRecord(tx, 'usage_event', pattern!.repository, pattern!.file_path, queued);
    return event;
  });
}

/**
 * Record a run's figures while offline. A run begun offline is updated in the embedded store and, once it
 * has ended, queued whole; a run begun on the server is queued with its final figures (its progress marks,
 * status `running`, are dropped: the server's row keeps its last one until the final figures arrive).
 */
export async function finishRunOffline(
  local: SqlClient,
  run: RunFigures,
  origin: { repository: string; begunOffline: boolean },
): Promise<void> {
  const ended = run.status !== 'running';
  if (!origin.begunOffline && !ended) return;
  await local.transaction(async (tx) => {
    if (!origin.begunOffline) {
      await enqueueRecord(tx, 'run', origin.repository, '', { begunOffline: false, run } satisfies QueuedRun);
      return;
    }
    await recordRun(tx, run);
    if (!ended) return;
    const [row] = await tx.query<{ root: string; started_at: string }>(
      'SELECT root, started_at::text AS started_at FROM index_runs WHERE id = $1',
      [run.id],
    );
    if (!row) throw new StorageError('query', `index run ${run.id} is not in the embedded store`);
    const queued: QueuedRun = { begunOffline: true, root: row.root, startedAt: row.started_at, run };
    await enqueueRecord(tx, 'run', origin.repository, '', queued);
  });
  if (origin.begunOffline && ended) await vacuumAfterRun(local);
}

const INSERT_EVENT = `
INSERT INTO pattern_usage_events (pattern_id, agent, context, occurred_at)
VALUES ($1, $2, $3, $4::timestamptz)
`;

const RUN_FIGURES = `status, finished_at, files_seen, files_indexed, files_unchanged, files_skipped, files_removed,
patterns, duration_ms`;

const INSERT_RUN = `
INSERT INTO index_runs (repository, root, started_at, ${RUN_FIGURES})
VALUES ($1, $2, $3::timestamptz, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11, $12)
`;

const COMPLETE_RUN = `
UPDATE index_runs SET (${RUN_FIGURES}) = ($2, $3::timestamptz, $4, $5, $6, $7, $8, $9, $10)
WHERE id = $1 AND repository = $11
`;

const figures = (r: RunFigures) => [
  r.status,
  r.finishedAt,
  r.filesSeen,
  r.filesIndexed,
  r.filesUnchanged,
  r.filesSkipped,
  r.filesRemoved,
  r.patterns,
  r.durationMs === null ? null : Math.round(r.durationMs),
];

function malformed(entry: OutboxEntry): StorageError {
  return new StorageError('query', `outbox entry ${entry.seq} (${entry.op}) has no usable payload`);
}

/** Replay one usage-event or run entry on the server (inside the transaction that records its receipt). */
export async function replayRecord(tx: SqlClient, entry: OutboxEntry): Promise<void> {
  if (entry.op === 'usage_event') {
    const e = entry.payload as Partial<QueuedEvent> | null;
    if (typeof e?.patternId !== 'string' || typeof e.agent !== 'string' || typeof e.occurredAt !== 'string')
      throw malformed(entry);
    await tx.query(INSERT_EVENT, [e.patternId, e.agent, e.context ?? null, e.occurredAt]);
    return;
  }
  const q = entry.payload as QueuedRun | null;
  if (!q?.run || typeof q.run.status !== 'string') throw malformed(entry);
  if (q.begunOffline) {
    await tx.query(INSERT_RUN, [entry.repository, q.root, q.startedAt, ...figures(q.run)]);
  } else {
    await tx.query(COMPLETE_RUN, [q.run.id, ...figures(q.run), entry.repository]);
  }
}
