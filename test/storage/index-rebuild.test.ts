/**
 * Bulk loads with the table's indexes dropped and rebuilt (storage/index-rebuild.ts): the indexes come
 * back exactly as the migrations made them, a failed load leaves them as they were, and small loads or
 * full tables keep them throughout. Also pins that a first graph build through `replaceEdges` takes
 * that path and leaves edges readable through the rebuilt keys.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Relationship } from '../../server/src/core/ports';
import { loadWithIndexesRebuilt, REBUILD_MIN_ROWS } from '../../server/src/storage/index-rebuild';
import { openTempStore, type TestStore } from '../helpers/storage';

const INDEXES = `
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'relationships' ORDER BY indexname`;
const CONSTRAINTS = `
SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
WHERE conrelid = 'relationships'::regclass ORDER BY conname`;

let t: TestStore;
beforeEach(async () => {
  t = await openTempStore();
});
afterEach(async () => {
  await t.dispose();
});

async function catalogue() {
  return { indexes: await t.sql.query(INDEXES), constraints: await t.sql.query(CONSTRAINTS) };
}

function edges(n: number): Relationship[] {
  return Array.from({ length: n }, (_, i) => ({
    sourceId: `s${i % 997}`,
    targetId: `t${i}`,
    targetName: `target_${i}`,
    type: 'USES' as const,
    confidence: 0.9,
    evidence: 'calls it',
    isGuess: false,
    sites: 1,
  }));
}

describe('loadWithIndexesRebuilt', () => {
  it('drops the indexes during a large load into an empty table and restores them exactly', async () => {
    const before = await catalogue();
    expect(before.indexes.length).toBeGreaterThanOrEqual(3);
    let during: Awaited<ReturnType<typeof catalogue>> | undefined;
    await t.sql.transaction((tx) =>
      loadWithIndexesRebuilt(tx, 'relationships', REBUILD_MIN_ROWS, async () => {
        during = { indexes: await tx.query(INDEXES), constraints: await tx.query(CONSTRAINTS) };
      }),
    );
    expect(during!.indexes).toEqual([]);
    expect(await catalogue()).toEqual(before);
  });

  it('keeps the indexes for a small load, and for a load into a table holding over twice as much', async () => {
    const seen: number[] = [];
    await t.sql.transaction((tx) =>
      loadWithIndexesRebuilt(tx, 'relationships', REBUILD_MIN_ROWS - 1, async () => {
        seen.push((await tx.query(INDEXES)).length);
      }),
    );
    await t.store.graph.replaceEdges('repo', ['USES'], edges(25_000));
    await t.sql.transaction((tx) =>
      loadWithIndexesRebuilt(tx, 'relationships', REBUILD_MIN_ROWS, async () => {
        seen.push((await tx.query(INDEXES)).length);
      }),
    );
    expect(seen).toEqual([3, 3]);
  });

  it('a load that fails leaves the indexes as they were', async () => {
    const before = await catalogue();
    await expect(
      t.sql.transaction((tx) =>
        loadWithIndexesRebuilt(tx, 'relationships', REBUILD_MIN_ROWS, async () => {
          throw new Error('load failed');
        }),
      ),
    ).rejects.toThrow('load failed');
    expect(await catalogue()).toEqual(before);
  });
});

describe('a first graph build on the embedded store', () => {
  it('loads every edge, and the rebuilt primary key still refuses a duplicate edge', async () => {
    const before = await catalogue();
    const written = await t.store.graph.replaceEdges('repo', ['USES'], edges(REBUILD_MIN_ROWS + 5));
    expect(written).toEqual({ added: REBUILD_MIN_ROWS + 5, removed: 0, changed: 0 });
    expect(await catalogue()).toEqual(before);
    const [{ n } = { n: -1 }] = await t.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM relationships',
    );
    expect(n).toBe(REBUILD_MIN_ROWS + 5);
    await expect(
      t.sql.query(
        `INSERT INTO relationships (repository, source_id, target_id, target_name, type, confidence, evidence, is_guess, sites)
         VALUES ('repo', 's0', 't0', 'target_0', 'USES', 1, 'again', false, 1)`,
      ),
    ).rejects.toThrow(/duplicate key/);
    // A second build with one edge fewer removes just that one through the rebuilt key.
    const again = await t.store.graph.replaceEdges('repo', ['USES'], edges(REBUILD_MIN_ROWS + 4));
    expect(again).toEqual({ added: 0, removed: 1, changed: 0 });
  });

  it('loads more edges than one COPY takes, with names beyond ASCII, exactly as given', async () => {
    // Over 20,000 rows go in as several COPYs; the non-ASCII strings outgrow the buffer's size guess.
    const many = edges(20_005).map((e, i) =>
      i % 1000 === 7 ? { ...e, targetName: `модуль_${i}.函数`, evidence: `вызов «${i}» ✓` } : e,
    );
    await t.store.graph.replaceEdges('repo', ['USES'], many);
    const rows = await t.sql.query<{ target_id: string; target_name: string; evidence: string }>(
      'SELECT target_id, target_name, evidence FROM relationships ORDER BY target_id',
    );
    const expected = many
      .map((e) => ({ target_id: e.targetId!, target_name: e.targetName, evidence: e.evidence }))
      .sort((a, b) => (a.target_id < b.target_id ? -1 : a.target_id > b.target_id ? 1 : 0));
    expect(rows).toEqual(expected);
  });
});
