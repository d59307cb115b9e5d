/**
 * The embedded store's outbox (migrations 0004 and 0005): files changed, usage events recorded and index
 * runs made while the server was unreachable, queued in the same transaction as the change, and the sync
 * bookkeeping (`sync_state`) that `motif status` shows.
 */
import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client';

/** One queued change: a file written or deleted, a usage event, or an index run (see outbox-replay.ts). */
export interface OutboxEntry {
  seq: number;
  op: 'write' | 'delete' | 'usage_event' | 'run';
  repository: string;
  /** The file; for a usage event the pattern's file, for a run ''. */
  path: string;
  contentHash: string | null;
  /** What a usage event or run entry replays; null for files (sent as they stand at replay). */
  payload: unknown;
}

/** The file operations, whose entries carry no payload. */
export type FileOp = 'write' | 'delete';

/** How the embedded store stands with the server. */
export interface SyncStatus {
  origin: string | null;
  server: string | null;
  queued: number;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  syncedTotal: number;
}

/** Queue `paths` of `repository` (in the caller's transaction, so the change and its entry commit together). */
export async function enqueue(
  tx: SqlClient,
  op: FileOp,
  repository: string,
  files: { path: string; contentHash: string | null }[],
): Promise<void> {
  if (files.length === 0) return;
  await tx.query(
    `
INSERT INTO outbox (op, repository, path, content_hash)
SELECT $1, $2, f.path, f.content_hash
FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS f(path, content_hash, n)
ORDER BY f.n
`,
    [op, repository, files.map((f) => f.path), files.map((f) => f.contentHash)],
  );
}

/** Queue a usage event or a run with what its replay needs (in the caller's transaction, like `enqueue`). */
export async function enqueueRecord(
  tx: SqlClient,
  op: 'usage_event' | 'run',
  repository: string,
  path: string,
  payload: unknown,
): Promise<void> {
  await tx.query('INSERT INTO outbox (op, repository, path, payload) VALUES ($1, $2, $3, $4::json)', [
    op,
    repository,
    path,
    JSON.stringify(payload),
  ]);
}

/** The oldest `limit` queued changes. */
export async function readOutbox(sql: SqlClient, limit: number): Promise<OutboxEntry[]> {
  const rows = await sql.query<{
    seq: string | number;
    op: OutboxEntry['op'];
    repository: string;
    path: string;
    content_hash: string | null;
    payload: string | null;
  }>('SELECT seq, op, repository, path, content_hash, payload::text FROM outbox ORDER BY seq LIMIT $1', [
    limit,
  ]);
  return rows.map((r) => ({
    seq: Number(r.seq),
    op: r.op,
    repository: r.repository,
    path: r.path,
    contentHash: r.content_hash,
    payload: r.payload === null ? null : JSON.parse(r.payload),
  }));
}

/** Remove entries the server has received. */
export async function dropEntries(sql: SqlClient, seqs: number[]): Promise<void> {
  if (seqs.length > 0) await sql.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [seqs]);
}

/** This store's origin id for the server's receipts, created on first use. */
export async function ensureOrigin(sql: SqlClient): Promise<string> {
  await sql.query('INSERT INTO sync_state (id, origin) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [
    randomUUID(),
  ]);
  const [row] = await sql.query<{ origin: string }>('SELECT origin FROM sync_state WHERE id = 1');
  return row!.origin;
}

/** Record a sync attempt: its time, the server (redacted), and either success with a count or the error. */
export async function recordAttempt(
  sql: SqlClient,
  server: string,
  outcome: { ok: true; sent: number } | { ok: false; error: string },
): Promise<void> {
  await ensureOrigin(sql);
  if (outcome.ok) {
    await sql.query(
      `UPDATE sync_state SET server = $1, last_attempt_at = now(), last_sync_at = now(), last_error = NULL,
  synced_total = synced_total + $2 WHERE id = 1`,
      [server, outcome.sent],
    );
  } else {
    await sql.query(
      'UPDATE sync_state SET server = $1, last_attempt_at = now(), last_error = $2 WHERE id = 1',
      [server, outcome.error],
    );
  }
}

/** Queue length and last sync of the embedded store. */
export async function syncStatus(sql: SqlClient): Promise<SyncStatus> {
  const [queued] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  const [row] = await sql.query<{
    origin: string;
    server: string | null;
    last_sync_at: string | null;
    last_attempt_at: string | null;
    last_error: string | null;
    synced_total: string | number;
  }>(
    `SELECT origin, server, last_sync_at::text, last_attempt_at::text, last_error, synced_total
FROM sync_state WHERE id = 1`,
  );
  return {
    origin: row?.origin ?? null,
    server: row?.server ?? null,
    queued: queued?.n ?? 0,
    lastSyncAt: row?.last_sync_at ?? null,
    lastAttemptAt: row?.last_attempt_at ?? null,
    lastError: row?.last_error ?? null,
    syncedTotal: Number(row?.synced_total ?? 0),
  };
}
