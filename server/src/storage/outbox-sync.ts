/**
 * Replays the embedded store's outbox to the PostgreSQL server: each queued file is sent as it stands
 * now (its `files` row, patterns and outgoing relationships), replacing the server's version under the
 * per-file lock; then the batch's usage events and index runs (outbox-records.ts). Receipts keyed by
 * (origin, seq) commit in the same server transaction, so an entry is applied exactly once even when the
 * queue cleanup after it fails. Then each repository touched is settled on the server (the graph pass
 * when the caller passes it, else the usage pass with event counts). `syncWithRetry` retries an unreachable server with exponential backoff.
 * One function, no CLI: `motif db sync`, the shared store and the editor all call it.
 */
import type { Logger, PatternStore } from '../core/ports';
import { computeUsage } from '../core/usage';
import { applyFile, type FileState, readFileState, sharedTables } from './file-copy';
import { dropEntries, ensureOrigin, type OutboxEntry, readOutbox, recordAttempt } from './outbox';
import { replayRecord } from './outbox-records';
import { createPatternStore } from './pattern-store';
import { retryOnConflict } from './pattern-writes';
import { isConfigurationError } from './pg-client';
import { type SqlClient, StorageError } from './sql-client';

/** Options for `syncOutbox`. */
export interface SyncOptions {
  logger: Logger;
  /** Entries per server transaction (default 200). */
  batchSize?: number;
  /**
   * Bring a repository's derived data on the server up to date after its files arrived (the CLI passes
   * the indexer's graph pass); by default only usage is recomputed.
   */
  settle?: (server: PatternStore, repository: string) => Promise<void>;
}

/** What a sync did. */
export interface SyncResult {
  /** Entries the server received now. */
  sent: number;
  /** Entries the server had already received (an earlier sync committed but could not clear them). */
  alreadyApplied: number;
  /** Distinct files written or deleted on the server. */
  files: number;
  /** Usage events and index runs replayed on the server. */
  records: number;
  /** Entries still queued (queued meanwhile by another writer). */
  remaining: number;
  repositories: string[];
}

const RECEIVE = `
INSERT INTO outbox_receipts (origin, seq, repository, path, content_hash)
SELECT $1, e.seq, e.repository, e.path, e.content_hash
FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS e(seq, repository, path, content_hash)
ON CONFLICT (origin, seq) DO NOTHING
RETURNING seq
`;

const fileKey = (e: { repository: string; path: string }) => `${e.repository}\u0000${e.path}`;

/** Replay every queued entry of `local` to `remote`, batch by batch; throws the first error (nothing half-applied). */
export async function syncOutbox(
  local: SqlClient,
  remote: SqlClient,
  options: SyncOptions,
): Promise<SyncResult> {
  const batchSize = options.batchSize ?? 200;
  const origin = await ensureOrigin(local);
  const tables = await sharedTables(local, remote);
  const result: SyncResult = {
    sent: 0,
    alreadyApplied: 0,
    files: 0,
    records: 0,
    remaining: 0,
    repositories: [],
  };
  const repositories = new Set<string>();
  for (;;) {
    const entries = await readOutbox(local, batchSize);
    if (entries.length === 0) break;
    const isFile = (e: OutboxEntry) => e.op === 'write' || e.op === 'delete';
    const distinct = new Map<string, OutboxEntry>();
    for (const e of entries) if (isFile(e)) distinct.set(fileKey(e), e);
    // Read the files' current state in one local transaction, so a file and its patterns agree.
    const states = await local.transaction(async (tx) => {
      const out = new Map<string, FileState>();
      for (const e of distinct.values())
        out.set(fileKey(e), await readFileState(tx, tables, e.repository, e.path));
      return out;
    });
    const applied = await retryOnConflict(() =>
      remote.transaction(async (tx) => {
        const received = await tx.query<{ seq: string | number }>(RECEIVE, [
          origin,
          entries.map((e) => e.seq),
          entries.map((e) => e.repository),
          entries.map((e) => e.path),
          entries.map((e) => e.contentHash),
        ]);
        const fresh = new Set(received.map((r) => Number(r.seq)));
        const applied = entries.filter((e) => fresh.has(e.seq));
        const files = [...new Set(applied.filter(isFile).map(fileKey))].sort();
        for (const key of files) await applyFile(tx, tables, states.get(key)!);
        // Events after the files: a pattern written offline exists on the server by then.
        const records = applied.filter((e) => !isFile(e));
        for (const e of records) await replayRecord(tx, e);
        return { fresh: fresh.size, files, records: records.length };
      }),
    );
    await dropEntries(
      local,
      entries.map((e) => e.seq),
    );
    result.sent += applied.fresh;
    result.alreadyApplied += entries.length - applied.fresh;
    result.files += applied.files.length;
    result.records += applied.records;
    // Settled whether applied now or by an earlier sync cut short before it settled (settling is idempotent).
    for (const e of entries) if (e.op !== 'run') repositories.add(e.repository);
    options.logger.debug(
      `sync: ${applied.fresh}/${entries.length} entries applied, ${applied.files.length} files`,
    );
  }
  const remoteStore = createPatternStore(remote);
  for (const repository of repositories) {
    if (options.settle) {
      await options.settle(remoteStore, repository);
      continue;
    }
    const updates = computeUsage(
      await remoteStore.usageInputs(repository),
      await remoteStore.references(repository),
      { events: await remoteStore.graph.eventCounts(repository) },
    );
    await remoteStore.applyUsage(updates);
  }
  const [left] = await local.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  result.remaining = left?.n ?? 0;
  result.repositories = [...repositories].sort();
  return result;
}

/** Options for `syncWithRetry`. */
export interface RetryOptions extends SyncOptions {
  /** Where the server is, password redacted (recorded in `sync_state`). */
  server: string;
  /** Attempts in all (default 4). */
  attempts?: number;
  /** Pause before the second attempt; it doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** How to wait (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connect and sync, retrying while the server is unreachable: waits `baseDelayMs`, then twice that, and
 * so on. Bad credentials and failed statements are not retried. Every attempt is recorded in `sync_state`.
 */
export async function syncWithRetry(
  local: SqlClient,
  connect: () => Promise<SqlClient>,
  options: RetryOptions,
): Promise<SyncResult> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? pause;
  for (let attempt = 1; ; attempt++) {
    try {
      const remote = await connect();
      try {
        const result = await syncOutbox(local, remote, options);
        await recordAttempt(local, options.server, { ok: true, sent: result.sent });
        return result;
      } finally {
        await remote.close().catch(() => {});
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordAttempt(local, options.server, { ok: false, error: message }).catch(() => {});
      const retryable =
        error instanceof StorageError && error.kind === 'unavailable' && !isConfigurationError(error);
      if (!retryable || attempt >= attempts) throw error;
      const delay = (options.baseDelayMs ?? 500) * 2 ** (attempt - 1);
      options.logger.debug(`sync attempt ${attempt} failed (${message}); retrying in ${delay} ms`);
      await sleep(delay);
    }
  }
}
