/**
 * The shared store suite on a PostgreSQL server. It runs only when MOTIF_TEST_DATABASE_URL names a
 * server (e.g. `postgres://user:pass@127.0.0.1:5432/postgres`): CI and most machines have none, and the
 * PGlite suites cover the same behaviours. Each run works in a fresh schema, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { findMigrationsDir, loadMigrations, migrate } from '../../server/src/storage/migrate';
import { openPg } from '../../server/src/storage/pg-client';
import { StorageError } from '../../server/src/storage/sql-client';
import { openServerStore, testDatabaseUrl, withSchema } from '../helpers/storage';
import { storeSuite } from './store-suite';

describe.runIf(testDatabaseUrl)('PatternStore on a PostgreSQL server', () => {
  storeSuite(() => openServerStore());

  it('reports a wrong password as unavailable without printing it', async () => {
    const url = new URL(testDatabaseUrl!);
    url.password = 'Wr0ng-s3cret';
    const error = await openPg(url.toString(), { logger: nullLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('unavailable');
    expect((error as StorageError).message).not.toContain('Wr0ng-s3cret');
    expect((error as StorageError).message).toContain(':***@');
  });
});

describe.runIf(testDatabaseUrl)('migrations on a PostgreSQL server', () => {
  it('let two runners race on separate connections and apply each file once', async () => {
    const admin = await openPg(testDatabaseUrl!, { logger: nullLogger });
    const schema = `motif_race_${randomBytes(6).toString('hex')}`;
    await admin.exec(`CREATE SCHEMA ${schema};`);
    const [a, b] = await Promise.all([
      openPg(withSchema(testDatabaseUrl!, schema), { logger: nullLogger }),
      openPg(withSchema(testDatabaseUrl!, schema), { logger: nullLogger }),
    ]);
    try {
      const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
      const files = loadMigrations(findMigrationsDir());
      expect(ranA.length + ranB.length).toBe(files.length);
      const rows = await a.query<{ version: number }>(
        'SELECT version FROM motif_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    } finally {
      await a.close();
      await b.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE;`);
      await admin.close();
    }
  });
});
