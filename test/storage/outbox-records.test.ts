/**
 * The outbox entries that are not files, on PGlite (a second store standing in for the server): a usage
 * event recorded offline and two index runs (one begun offline, one begun on the server and ended
 * offline) are queued with what they need, replayed in the server transaction of their receipts, and
 * applied once even when the queue cleanup after the first replay fails. The event is counted once by the
 * server's trigger, although the pattern it names arrives in the same sync with the embedded store's count.
 */
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { beginRun } from '../../server/src/storage/index-runs';
import { enqueue } from '../../server/src/storage/outbox';
import { finishRunOffline, recordEventOffline } from '../../server/src/storage/outbox-records';
import { syncOutbox } from '../../server/src/storage/outbox-sync';
import { writeFile } from '../../server/src/storage/pattern-writes';
import { type SqlClient, StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, openTempStore } from '../helpers/storage';

/** Write `count` patterns into `path` on `local` and queue the file, as the shared store does offline. */
async function offlineWrite(local: SqlClient, path: string, count: number): Promise<void> {
  const patterns = Array.from({ length: count }, (_, i) =>
    makePattern({ filePath: path, qualifiedName: `f${i}` }),
  );
  await local.transaction(async (tx) => {
    await writeFile(tx, 'repo', makeFile(path), patterns, []);
    await enqueue(tx, 'write', 'repo', [{ path, contentHash: 'h' }]);
  });
}

async function count(sql: SqlClient, table: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

describe('usage events and index runs in the outbox', () => {
  it('replays usage events and index runs once, in the server transaction of their receipts', async () => {
    const local = await openTempStore();
    const remote = await openTempStore();
    try {
      await offlineWrite(local.sql, 'a.py', 2);
      const [pattern] = await local.sql.query<{ id: string }>('SELECT id FROM patterns ORDER BY id LIMIT 1');
      const event = await recordEventOffline(local.sql, pattern!.id, 'ci', 'offline use');
      expect(event).toMatchObject({ patternId: pattern!.id, agent: 'ci' });
      expect(await recordEventOffline(local.sql, 'no-such-pattern', 'ci', null)).toBeNull();
      // A run begun offline (queued once it ends, not for its progress marks) and one begun on the server.
      const offlineRun = await beginRun(local.sql, 'repo', '/work/project');
      const figures = {
        finishedAt: null,
        filesSeen: 3,
        filesIndexed: 2,
        filesUnchanged: 1,
        filesSkipped: 0,
        filesRemoved: 0,
        patterns: 2,
        durationMs: 1234,
      };
      const origin = { repository: 'repo', begunOffline: true };
      await finishRunOffline(local.sql, { id: offlineRun, status: 'running', ...figures }, origin);
      await finishRunOffline(local.sql, { id: offlineRun, status: 'completed', ...figures }, origin);
      const serverRun = await beginRun(remote.sql, 'repo', '/ci/checkout');
      const fromServer = { repository: 'repo', begunOffline: false };
      await finishRunOffline(local.sql, { id: serverRun, status: 'running', ...figures }, fromServer);
      await finishRunOffline(local.sql, { id: serverRun, status: 'interrupted', ...figures }, fromServer);
      expect(await count(local.sql, 'outbox')).toBe(4);

      let failCleanup = true;
      const flaky: SqlClient = {
        ...local.sql,
        async query<T>(sql: string, params?: readonly unknown[]) {
          if (failCleanup && sql.startsWith('DELETE FROM outbox')) {
            failCleanup = false;
            throw new StorageError('unavailable', 'lost the local store for a moment');
          }
          return local.sql.query<T>(sql, params);
        },
      };
      await expect(syncOutbox(flaky, remote.sql, { logger: nullLogger })).rejects.toThrow('lost the local');
      const again = await syncOutbox(local.sql, remote.sql, { logger: nullLogger });
      expect(again).toMatchObject({ sent: 0, alreadyApplied: 4, remaining: 0 });

      const events = await remote.sql.query<{ pattern_id: string; agent: string; context: string }>(
        'SELECT pattern_id, agent, context FROM pattern_usage_events',
      );
      expect(events).toEqual([{ pattern_id: pattern!.id, agent: 'ci', context: 'offline use' }]);
      const [counted] = await remote.sql.query<{
        event_count: number;
        usage_count: number;
        used_by_agents: string[];
      }>('SELECT event_count, usage_count, used_by_agents FROM patterns WHERE id = $1', [pattern!.id]);
      expect(counted).toEqual({ event_count: 1, usage_count: 1, used_by_agents: ['ci'] });
      const runs = await remote.sql.query<{
        root: string;
        status: string;
        files_seen: number;
        duration_ms: number;
      }>('SELECT root, status, files_seen, duration_ms FROM index_runs ORDER BY root');
      expect(runs).toEqual([
        { root: '/ci/checkout', status: 'interrupted', files_seen: 3, duration_ms: 1234 },
        { root: '/work/project', status: 'completed', files_seen: 3, duration_ms: 1234 },
      ]);
    } finally {
      await local.dispose();
      await remote.dispose();
    }
  });
});
