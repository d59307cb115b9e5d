/**
 * The shared store suite on a PostgreSQL server. It runs only when MOTIF_TEST_DATABASE_URL names a
 * server (e.g. `postgres://user:pass@127.0.0.1:5432/postgres`): CI and most machines have none, and the
 * PGlite suites cover the same behaviours. Each run works in a fresh schema, dropped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { openPg } from '../../server/src/storage/pg-client';
import { StorageError } from '../../server/src/storage/sql-client';
import { openServerStore, testDatabaseUrl } from '../helpers/storage';
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
