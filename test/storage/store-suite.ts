/**
 * The `PatternStore` behaviours, written once and run against every backend: PGlite in memory, PGlite
 * in a folder, and a PostgreSQL server when one is configured (see the *.test.ts files that call it).
 * The cases live in store-cases-write.ts, store-cases-batch.ts, store-cases-values.ts and
 * store-cases-read.ts; this file owns
 * the shared store.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TestStore } from '../helpers/storage';
import { batchCases } from './store-cases-batch';
import { readCases } from './store-cases-read';
import { valueCases } from './store-cases-values';
import { writeCases } from './store-cases-write';
import type { SuiteContext } from './store-context';

/** Register the shared store tests in the current `describe`; `open` is called once for the block. */
export function storeSuite(open: () => Promise<TestStore>): void {
  let opened: TestStore | undefined;
  const context: SuiteContext = {
    get t() {
      if (!opened) throw new Error('store not open yet');
      return opened;
    },
    get store() {
      return this.t.store;
    },
  };
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    await opened?.dispose();
  });
  beforeEach(async () => {
    await context.t.reset();
  });
  writeCases(context);
  batchCases(context);
  valueCases(context);
  readCases(context);
}
