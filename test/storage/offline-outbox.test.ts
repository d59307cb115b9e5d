/**
 * Working offline: changes made on the embedded store while the server is away (files, usage events,
 * index runs) are queued in the outbox and replayed exactly once (usage events and runs on PGlite: see
 * outbox-records.test.ts). On PGlite (a second store standing in for the server): a replay whose queue cleanup fails is recognised by its receipts and not applied twice;
 * unreachable servers are retried with exponential backoff, bad credentials are not. On a private
 * PostgreSQL cluster (where Debian's PostgreSQL is installed, as in CI): the server is stopped in the
 * middle of `motif index`, the run finishes offline, a use is recorded while the server is down, and after
 * a restart `motif db sync` delivers everything exactly once: the files, the event (counted once by the
 * server's trigger) and the run's final figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { enqueue, syncStatus } from '../../server/src/storage/outbox';
import { syncOutbox, syncWithRetry } from '../../server/src/storage/outbox-sync';
import { writeFile } from '../../server/src/storage/pattern-writes';
import { openPg } from '../../server/src/storage/pg-client';
import { type SqlClient, StorageError } from '../../server/src/storage/sql-client';
import { childEnv, ensureBuilt, motif, removeTemps, runMotif, spawnMotif, tempDir } from '../helpers/cli';
import { pgBinDir, startPgCluster } from '../helpers/pg-cluster';
import { writePythonProject } from '../helpers/python-project';
import { makeFile, makePattern, openTempStore, withSchema } from '../helpers/storage';

afterAll(removeTemps);

/** Write `count` patterns into `path` on `local` and queue the file, as the shared store does offline. */
async function offlineWrite(local: SqlClient, path: string, count: number, quality = 0.7): Promise<void> {
  const patterns = Array.from({ length: count }, (_, i) =>
    makePattern({
      filePath: path,
      qualifiedName: `f${i}`,
      quality: { ...makePattern().quality, total: quality },
    }),
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

describe('the outbox on PGlite', () => {
  it('replays each queued file once, and recognises a replay whose cleanup failed', async () => {
    const local = await openTempStore({ copy: false });
    const remote = await openTempStore({ copy: false });
    try {
      await offlineWrite(local.sql, 'a.py', 3);
      await offlineWrite(local.sql, 'b.py', 2);
      await offlineWrite(local.sql, 'a.py', 4);
      await local.sql.transaction(async (tx) => {
        await tx.query("DELETE FROM patterns WHERE file_path = 'b.py'");
        await tx.query("DELETE FROM files WHERE path = 'b.py'");
        await enqueue(tx, 'delete', 'repo', [{ path: 'b.py', contentHash: null }]);
      });
      await offlineWrite(local.sql, 'c.py', 1);
      // The queue's cleanup fails once, after the server committed.
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
      expect(await count(remote.sql, 'outbox_receipts')).toBe(5);
      expect(await count(local.sql, 'outbox')).toBe(5);
      const again = await syncOutbox(local.sql, remote.sql, { logger: nullLogger });
      expect(again).toMatchObject({ sent: 0, alreadyApplied: 5, files: 0, remaining: 0 });
      expect(await count(remote.sql, 'outbox_receipts')).toBe(5);
      const rows = await remote.sql.query<{ file_path: string; n: number }>(
        'SELECT file_path, count(*)::int AS n FROM patterns GROUP BY file_path ORDER BY file_path',
      );
      expect(rows).toEqual([
        { file_path: 'a.py', n: 4 },
        { file_path: 'c.py', n: 1 },
      ]);
      expect(await count(remote.sql, 'files')).toBe(2);
      const third = await syncOutbox(local.sql, remote.sql, { logger: nullLogger });
      expect(third).toMatchObject({ sent: 0, alreadyApplied: 0 });
    } finally {
      await local.dispose();
      await remote.dispose();
    }
  });

  it('retries an unreachable server with exponential backoff, and records the outcome', async () => {
    const local = await openTempStore();
    const remote = await openTempStore();
    try {
      await offlineWrite(local.sql, 'a.py', 2);
      const waits: number[] = [];
      let calls = 0;
      const connect = async () => {
        calls++;
        if (calls < 3)
          throw new StorageError('unavailable', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' });
        // The sync closes what connect returns; keep the stand-in server open for the checks below.
        return { ...remote.sql, close: async () => {} };
      };
      const result = await syncWithRetry(local.sql, connect, {
        logger: nullLogger,
        server: 'postgres://motif:***@db/motif',
        baseDelayMs: 100,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      expect(waits).toEqual([100, 200]);
      expect(result.sent).toBe(1);
      const status = await syncStatus(local.sql);
      expect(status).toMatchObject({
        queued: 0,
        syncedTotal: 1,
        lastError: null,
        server: 'postgres://motif:***@db/motif',
      });
      expect(status.lastSyncAt).not.toBeNull();
    } finally {
      await local.dispose();
      await remote.dispose();
    }
  });

  it('does not retry bad credentials, and keeps the queue', async () => {
    const local = await openTempStore();
    try {
      await offlineWrite(local.sql, 'a.py', 2);
      let calls = 0;
      const error = await syncWithRetry(
        local.sql,
        async () => {
          calls++;
          throw new StorageError('unavailable', 'password authentication failed', { code: '28P01' });
        },
        { logger: nullLogger, server: 's', sleep: async () => {} },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(calls).toBe(1);
      const status = await syncStatus(local.sql);
      expect(status.queued).toBe(1);
      expect(status.lastError).toContain('password authentication failed');
    } finally {
      await local.dispose();
    }
  });
});

interface Row {
  id: string;
  content_hash: string;
  quality_score: number;
  usage_count: number;
}

async function snapshot(url: string): Promise<{ patterns: Row[]; files: number }> {
  const sql = await openPg(url, { logger: nullLogger });
  try {
    const patterns = await sql.query<Row>(
      'SELECT id, content_hash, quality_score, usage_count FROM patterns ORDER BY id',
    );
    return { patterns, files: await count(sql, 'files') };
  } finally {
    await sql.close();
  }
}

describe.runIf(pgBinDir())('offline and back on a PostgreSQL server', () => {
  it('finishes an index offline when the server stops midway, and delivers everything once after a restart', async () => {
    ensureBuilt();
    const cluster = await startPgCluster();
    try {
      const admin = await openPg(cluster.url, { logger: nullLogger });
      await admin.exec('CREATE SCHEMA shared; CREATE SCHEMA alone;');
      await admin.close();
      const url = withSchema(cluster.url, 'shared');
      const project = path.join(tempDir(), 'project');
      writePythonProject(project, 120, 'offline');
      const env = childEnv();
      const running = spawnMotif(['index', project, '--db', url, '--jobs', '1', '--repository', 'proj'], {
        cwd: project,
        env,
        fakeTty: true,
      });
      await running.waitForStderr((s) => /\b([3-9]\d|1\d\d)\/120 files/.test(s), 120_000);
      cluster.stop();
      const { code } = await running.exited;
      expect(code, running.stderr).toBe(0);
      expect(running.stderr).toContain('working offline');
      expect(running.stderr).not.toContain(cluster.password);
      expect(running.stderr).toMatch(/change\(s\) stay queued/);
      // A use recorded while the server is down (pkg3/mod_99.py is among the last files, indexed offline).
      const used = await motif(project, ['--db', url, 'record-usage', 'helper_99', '--agent', 'ci'], env);
      expect(used.code, used.stderr).toBe(0);
      expect(used.stderr).toContain('working offline');

      const down = await motif(project, ['--db', url, 'status', '--json'], env);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).not.toContain(cluster.password);
      const status = JSON.parse(down.stdout);
      expect(status).toMatchObject({ kind: 'server', reachable: false });
      expect(status.queued).toBeGreaterThan(0);
      expect(status.queued).toBeLessThan(120);
      expect(status.store).toContain(':***@');

      cluster.start();
      const sync = await runMotif(['--db', url, 'db', 'sync'], { cwd: project, env });
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stdout).toContain(`Synced ${status.queued} of ${status.queued} queued change(s)`);
      expect(sync.stdout).not.toContain(cluster.password);

      const aloneUrl = withSchema(cluster.url, 'alone');
      const baseline = await runMotif(
        ['index', project, '--db', aloneUrl, '--jobs', '1', '--repository', 'proj'],
        {
          cwd: tempDir(),
          env,
        },
      );
      expect(baseline.code, baseline.stderr).toBe(0);
      const usedAlone = await motif(
        tempDir(),
        ['--db', aloneUrl, 'record-usage', 'helper_99', '--agent', 'ci'],
        env,
      );
      expect(usedAlone.code, usedAlone.stderr).toBe(0);
      const expected = await snapshot(aloneUrl);
      expect(expected.patterns).toHaveLength(480);
      expect(await snapshot(url)).toEqual(expected);

      const sql = await openPg(url, { logger: nullLogger });
      try {
        expect(await count(sql, 'outbox_receipts')).toBe(status.queued);
        // The event arrived once (and the trigger counted it once: the snapshots above agree); the run
        // that began on the server and ended offline has its final figures there.
        const events = await sql.query<{ agent: string }>('SELECT agent FROM pattern_usage_events');
        expect(events).toEqual([{ agent: 'ci' }]);
        const runs = await sql.query<{ status: string; files_seen: number }>(
          'SELECT status, files_seen FROM index_runs WHERE root = $1',
          [project],
        );
        expect(runs).toEqual([{ status: 'completed', files_seen: 120 }]);
      } finally {
        await sql.close();
      }
      const again = await runMotif(['--db', url, 'db', 'sync'], { cwd: project, env });
      expect(again.stdout).toContain('Synced 0 of 0');
      const after = await openPg(url, { logger: nullLogger });
      try {
        expect(await count(after, 'pattern_usage_events')).toBe(1);
      } finally {
        await after.close();
      }
      const up = JSON.parse((await motif(project, ['--db', url, 'status', '--json'], env)).stdout);
      expect(up).toMatchObject({ reachable: true, queued: 0 });
      expect(up.lastSyncAt).not.toBeNull();
      expect(fs.existsSync(path.join(project, '.motif', 'db'))).toBe(true);
    } finally {
      cluster.dispose();
    }
  }, 300_000);
});
