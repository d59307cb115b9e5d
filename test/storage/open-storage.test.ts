/**
 * Opening stores the way front ends do: the default `<root>/.motif/db` folder, persistence across a
 * close and reopen, the process lock on the folder, discovery from a subfolder, unreachable servers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { findEmbeddedStore, isPostgresUrl, openStore } from '../../server/src/storage/open-storage';
import { lockPathFor } from '../../server/src/storage/pglite-client';
import { StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeTempDir } from '../helpers/storage';

const dirs: string[] = [];
const tempRoot = () => {
  const dir = makeTempDir('motif-root-');
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('openStore on PGlite', () => {
  it('creates <root>/.motif/db, keeps data across a reopen, and is found from a subfolder', async () => {
    const root = tempRoot();
    const pattern = makePattern();
    const first = await openStore({ root, logger: nullLogger });
    expect(first.location).toBe(join(root, '.motif', 'db'));
    await first.writeFile('repo', makeFile(pattern.filePath), [pattern], []);
    await first.close();
    expect(readFileSync(join(root, '.motif', '.gitignore'), 'utf8')).toContain('*');
    expect(existsSync(lockPathFor(join(root, '.motif', 'db')))).toBe(false);

    mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
    const found = findEmbeddedStore(join(root, 'pkg', 'sub'));
    expect(found).toBe(join(root, '.motif', 'db'));
    const again = await openStore({ db: found!, logger: nullLogger });
    try {
      expect((await again.getPattern(pattern.id))?.implementation).toBe(pattern.implementation);
      expect((await again.stats()).patterns).toBe(1);
    } finally {
      await again.close();
    }
    expect(findEmbeddedStore(tempRoot())).toBeNull();
  });

  it('refuses a folder another live process holds, and takes over a stale lock', async () => {
    const root = tempRoot();
    const store = await openStore({ root, logger: nullLogger });
    const error = await openStore({ root, logger: nullLogger }).catch((e: unknown) => e);
    await store.close();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('unavailable');
    expect((error as StorageError).message).toContain(`in use by process ${process.pid}`);

    // A lock left behind by a process that no longer exists (pid beyond the kernel's maximum).
    writeFileSync(lockPathFor(join(root, '.motif', 'db')), '99999999\n');
    const reopened = await openStore({ root, logger: nullLogger });
    await reopened.close();
  });

  it('closes the database again when migrations fail', async () => {
    const root = tempRoot();
    const migrations = tempRoot();
    writeFileSync(join(migrations, '0001_bad.sql'), 'CREATE TABLE broken (;');
    const error = await openStore({ root, logger: nullLogger, migrationsDir: migrations }).catch(
      (e: unknown) => e,
    );
    expect((error as StorageError).kind).toBe('migration');
    const store = await openStore({ root, logger: nullLogger });
    await store.close();
  });
});

describe('openStore on a server', () => {
  it('tells PostgreSQL URLs from folders', () => {
    expect(isPostgresUrl('postgres://h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://h/db')).toBe(true);
    expect(isPostgresUrl('./postgres')).toBe(false);
  });

  it('reports an unreachable server as unavailable, password hidden', async () => {
    const error = await openStore({
      db: 'postgres://motif:hunter2@127.0.0.1:1/motif',
      logger: nullLogger,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('unavailable');
    expect((error as StorageError).message).toContain('postgres://motif:***@127.0.0.1:1/motif');
    expect((error as StorageError).message).not.toContain('hunter2');
  });
});
