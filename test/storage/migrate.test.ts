/**
 * The migration runner on real in-memory PGlite, with temp migration folders: applies once and records
 * checksums, re-runs as a no-op, refuses an edited applied file, rolls back a failing file.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backupToFile } from '../../server/src/storage/backup';
import { restoreFromFile } from '../../server/src/storage/backup-restore';
import {
  findMigrationsDir,
  loadMigrations,
  migrate,
  migrationChecksum,
} from '../../server/src/storage/migrate';
import { writeFile } from '../../server/src/storage/pattern-writes';
import { openPglite } from '../../server/src/storage/pglite-client';
import { type SqlClient, StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeTempDir } from '../helpers/storage';

const repoRoot = resolve(__dirname, '../..');

const temps: string[] = [];
function temp(prefix: string): string {
  const dir = makeTempDir(prefix);
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  let sql: SqlClient;
  let dir: string;
  beforeAll(async () => {
    sql = await openPglite();
  });
  afterAll(async () => {
    await sql.close();
  });
  beforeEach(async () => {
    dir = temp('motif-migrations-');
    await sql.exec('DROP TABLE IF EXISTS motif_migrations, t1, t2;');
  });
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const applied = () =>
    sql.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM motif_migrations ORDER BY version',
    );

  it('applies pending files in order once and records their checksums', async () => {
    write('0002_second.sql', 'ALTER TABLE t1 ADD COLUMN y int;');
    write('0001_first.sql', 'CREATE TABLE t1 (x int);\r\nINSERT INTO t1 VALUES (1);');
    write('README.md', 'not a migration');
    const done = await migrate(sql, { dir });
    expect(done.map((m) => m.name)).toEqual(['0001_first.sql', '0002_second.sql']);
    expect(await applied()).toEqual([
      {
        version: 1,
        name: '0001_first.sql',
        checksum: migrationChecksum('CREATE TABLE t1 (x int);\nINSERT INTO t1 VALUES (1);'),
      },
      {
        version: 2,
        name: '0002_second.sql',
        checksum: migrationChecksum('ALTER TABLE t1 ADD COLUMN y int;'),
      },
    ]);
    expect(await migrate(sql, { dir })).toEqual([]);
    expect(await sql.query('SELECT x, y FROM t1')).toEqual([{ x: 1, y: null }]);

    write('0003_third.sql', 'CREATE TABLE t2 (z int);');
    expect((await migrate(sql, { dir })).map((m) => m.version)).toEqual([3]);
  });

  it('refuses an applied file that changed, naming it', async () => {
    write('0001_first.sql', 'CREATE TABLE t1 (x int);');
    await migrate(sql, { dir });
    write('0001_first.sql', 'CREATE TABLE t1 (x bigint);');
    const error = await migrate(sql, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('migration');
    expect((error as StorageError).message).toMatch(/0001_first\.sql was changed after it was applied/);
  });

  it('refuses a database that has a migration this version does not know', async () => {
    write('0001_first.sql', 'CREATE TABLE t1 (x int);');
    write('0002_second.sql', 'CREATE TABLE t2 (x int);');
    await migrate(sql, { dir });
    const older = temp('motif-migrations-');
    writeFileSync(join(older, '0001_first.sql'), 'CREATE TABLE t1 (x int);');
    await expect(migrate(sql, { dir: older })).rejects.toThrow(
      /0002_second\.sql, which this version of Motif does not know/,
    );
  });

  it('rolls a failing file back whole, version row included, and reports the position', async () => {
    write('0001_first.sql', 'CREATE TABLE t1 (x int);\nCREATE TABLE t2 (y nosuchtype);');
    const error = await migrate(sql, { dir }).catch((e: unknown) => e);
    expect((error as StorageError).kind).toBe('migration');
    expect((error as StorageError).message).toMatch(
      /^migration 0001_first\.sql failed: type "nosuchtype" does not exist/,
    );
    expect((error as StorageError).message).toContain(
      '  2 | CREATE TABLE t2 (y nosuchtype);\n                         ^',
    );
    expect(await applied()).toEqual([]);
    expect(await sql.query("SELECT to_regclass('t1') AS t")).toEqual([{ t: null }]);
  });

  it('lets concurrent runners apply each file exactly once', async () => {
    write('0001_first.sql', 'CREATE TABLE t1 (x int);');
    const [a, b] = await Promise.all([migrate(sql, { dir }), migrate(sql, { dir })]);
    expect(a.length + b.length).toBe(1);
    expect(await applied()).toHaveLength(1);
  });

  it('rejects badly named and duplicate-version files', () => {
    write('1_first.sql', '');
    expect(() => loadMigrations(dir)).toThrow(/not named NNNN_snake_case\.sql/);
    const other = temp('motif-migrations-');
    writeFileSync(join(other, '0001_a.sql'), '');
    writeFileSync(join(other, '0001_b.sql'), '');
    expect(() => loadMigrations(other)).toThrow(/share version 0001/);
  });

  it('finds the migrations folder from the sources and from a bundle folder', () => {
    const expected = join(repoRoot, 'migrations');
    expect(findMigrationsDir()).toBe(expected);
    expect(findMigrationsDir(join(repoRoot, 'server/src/storage'))).toBe(expected);
    expect(findMigrationsDir(join(repoRoot, 'dist'))).toBe(expected);
    // The default starts from the module's own folder, not from the working directory.
    const cwd = process.cwd();
    process.chdir(temp('motif-cwd-'));
    try {
      expect(findMigrationsDir()).toBe(expected);
    } finally {
      process.chdir(cwd);
    }
    const elsewhere = temp('motif-nowhere-');
    mkdirSync(join(elsewhere, 'migrations'));
    writeFileSync(join(elsewhere, 'package.json'), '{"name":"not-motif"}');
    expect(() => findMigrationsDir(elsewhere)).toThrow(/cannot find Motif's migrations folder/);
  });

  it('applies the real migrations to an empty database', async () => {
    const fresh = await openPglite();
    try {
      const done = await migrate(fresh);
      expect(done.map((m) => m.name)).toContain('0001_init.sql');
      const tables = await fresh.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      // Every issue's migration adds tables: check ours are there rather than the exact list.
      expect(tables.map((r) => r.t)).toEqual(
        expect.arrayContaining([
          'files',
          'index_runs',
          'motif_migrations',
          'patterns',
          'pattern_usage_events',
          'pattern_usage_history',
          'relationships',
          'pattern_vectors',
        ]),
      );
    } finally {
      await fresh.close();
    }
  });

  it('0008 moves stored usage trends to their own table, and so does restoring a backup made before it', async () => {
    const real = findMigrationsDir(repoRoot);
    const staged = temp('motif-migrations-0008-');
    const stage = (upTo: number) => {
      for (const name of readdirSync(real).filter((n) => /^\d{4}_.*\.sql$/.test(n)))
        if (Number(name.slice(0, 4)) <= upTo) copyFileSync(join(real, name), join(staged, name));
    };
    const trendsOf = (db: SqlClient) =>
      db.query<{ qualified_name: string; usage_trend: string | null }>(
        `SELECT p.qualified_name, t.usage_trend
         FROM patterns AS p LEFT JOIN pattern_trends AS t ON t.pattern_id = p.id ORDER BY 1`,
      );
    const expected = [
      { qualified_name: 'fresh', usage_trend: null },
      { qualified_name: 'rising', usage_trend: 'increasing' },
      { qualified_name: 'steady', usage_trend: 'flat' },
    ];
    const old = await openPglite();
    const current = await openPglite();
    try {
      stage(7);
      await migrate(old, { dir: staged });
      const names = ['rising', 'steady', 'fresh'];
      const rows = names.map((n) => makePattern({ qualifiedName: n, filePath: 'pkg/m.py' }));
      await writeFile(old, 'repo', makeFile('pkg/m.py'), rows, []);
      await old.query(`UPDATE patterns SET usage_trend = 'increasing' WHERE qualified_name = 'rising'`);
      await old.query(`UPDATE patterns SET usage_trend = 'flat' WHERE qualified_name = 'steady'`);
      const backup = join(temp('motif-backup-0007-'), 'before-0008.gz');
      await backupToFile(old, backup);

      // A backup made before 0008, restored into a store that has it.
      await migrate(current);
      await restoreFromFile(current, backup);
      expect(await trendsOf(current)).toEqual(expected);

      // The migration itself, on the same store.
      stage(8);
      expect((await migrate(old, { dir: staged })).map((m) => m.name)).toEqual(['0008_usage_trends.sql']);
      expect(await trendsOf(old)).toEqual(expected);
    } finally {
      await old.close();
      await current.close();
    }
  });
});
