/**
 * The README's server setup (docs/postgres-setup.sql) is enough: on a private cluster, a role with exactly
 * those grants indexes, validates, backs up, restores and reports status, and its tables land in its schema;
 * the read-only role reads (patterns, stats, validate, backup) and is refused any write, with a clear error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { openPg } from '../../server/src/storage/pg-client';
import { copyFixture, motif, REPO_ROOT, removeTemps, tempDir } from '../helpers/cli';
import { pgBinDir, startPgCluster } from '../helpers/pg-cluster';

afterAll(removeTemps);

describe.runIf(pgBinDir())('docs/postgres-setup.sql', () => {
  it('grants what Motif needs, and Motif works with exactly that', async () => {
    const cluster = await startPgCluster();
    try {
      const password = 'team-Secret-42';
      const [cluster1, database] = fs
        .readFileSync(path.join(REPO_ROOT, 'docs/postgres-setup.sql'), 'utf8')
        .replaceAll('CHANGE-ME', password)
        .split(/^\\connect motif$/m);
      const superuser = await openPg(cluster.url, { logger: nullLogger });
      // CREATE DATABASE cannot run inside the implicit transaction of a multi-statement string.
      for (const statement of cluster1!.split(/;\s*$/m).filter((s) => s.replace(/--.*$/gm, '').trim())) {
        await superuser.exec(statement);
      }
      await superuser.close();
      const inMotif = await openPg(cluster.url.replace(/\/motif_test$/, '/motif'), { logger: nullLogger });
      await inMotif.exec(database!);
      await inMotif.close();

      const url = `postgres://motif:${password}@127.0.0.1:${cluster.port}/motif`;
      const project = copyFixture();
      const index = await motif(project, ['--db', url, 'index', '--jobs', '1', '.']);
      expect(index.code, index.stderr).toBe(0);
      expect(index.stderr).not.toContain('offline');
      expect((await motif(project, ['--db', url, 'validate'])).code).toBe(0);
      const backup = path.join(tempDir(), 'team.jsonl.gz');
      const dump = await motif(project, ['--db', url, 'db', 'backup', '--out', backup]);
      expect(dump.code, dump.stderr).toBe(0);
      const restore = await motif(project, ['--db', url, 'db', 'restore', backup]);
      expect(restore.code, restore.stderr).toBe(0);
      const status = JSON.parse((await motif(project, ['--db', url, 'status', '--json'])).stdout);
      expect(status).toMatchObject({ reachable: true, queued: 0 });
      for (const run of [index, dump, restore]) expect(run.stdout + run.stderr).not.toContain(password);

      const readerUrl = `postgres://motif_reader:${password}-TOO@127.0.0.1:${cluster.port}/motif`;
      const looker = tempDir();
      const reads = [['patterns', '--json'], ['stats'], ['validate'], ['db', 'backup', '--out', 'r.gz']];
      for (const args of reads) {
        const run = await motif(looker, ['--db', readerUrl, ...args]);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
        expect(run.stdout + run.stderr).not.toContain(password);
      }
      const listed = JSON.parse((await motif(looker, ['--db', readerUrl, 'patterns', '--json'])).stdout);
      expect(listed.length).toBeGreaterThan(10);
      for (const args of [
        ['index', '--jobs', '1', project],
        ['db', 'restore', backup],
      ]) {
        const refused = await motif(looker, ['--db', readerUrl, ...args]);
        expect(refused.code, args[0]).toBe(2);
        expect(refused.stderr).toMatch(/permission denied/);
        expect(refused.stderr).not.toContain('offline');
        expect(refused.stderr).not.toContain(password);
      }
      const owner = await openPg(url, { logger: nullLogger });
      try {
        const tables = await owner.query<{ schemaname: string }>(
          "SELECT DISTINCT schemaname FROM pg_tables WHERE tablename IN ('patterns', 'files', 'motif_migrations')",
        );
        expect(tables).toEqual([{ schemaname: 'motif' }]);
      } finally {
        await owner.close();
      }
    } finally {
      cluster.dispose();
    }
  });
});
