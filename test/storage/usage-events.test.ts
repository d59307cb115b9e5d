/**
 * Migration 0002's usage-event trigger and relationships table, on real PGlite and (when
 * MOTIF_TEST_DATABASE_URL names one) on a PostgreSQL server: an event increments usage_count and
 * event_count, moves last_used_at and adds the agent once; the table takes every relationship type.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordUsageEvent, usageEvents } from '../../server/src/storage/usage-events';
import {
  makeFile,
  makePattern,
  openServerStore,
  openTempStore,
  type TestStore,
  testDatabaseUrl,
} from '../helpers/storage';

function eventSuite(open: () => Promise<TestStore>) {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });
  beforeEach(async () => {
    await t.reset();
  });
  const row = async (id: string) =>
    (
      await t.sql.query<{
        usage_count: number;
        event_count: number;
        last_used_at: string | null;
        used_by_agents: string[];
      }>(
        'SELECT usage_count, event_count, last_used_at::text AS last_used_at, used_by_agents FROM patterns WHERE id = $1',
        [id],
      )
    )[0]!;

  it('counts each event on the pattern row and lists each agent once', async () => {
    const p = makePattern({ usageCount: 4 });
    await t.store.writeFile('repo', makeFile(p.filePath), [p], []);
    expect((await row(p.id)).last_used_at).toBeNull();
    const first = await recordUsageEvent(t.sql, p.id, 'claude', 'accepted suggestion');
    await recordUsageEvent(t.sql, p.id, 'claude', null);
    await recordUsageEvent(t.sql, p.id, 'editor', null);
    expect(first).toMatchObject({ patternId: p.id, agent: 'claude', context: 'accepted suggestion' });
    const after = await row(p.id);
    expect(after.usage_count).toBe(7);
    expect(after.event_count).toBe(3);
    expect(after.used_by_agents).toEqual(['claude', 'editor']);
    expect(after.last_used_at).not.toBeNull();
    const events = await usageEvents(t.sql, p.id, 10);
    expect(events.map((e) => e.agent).sort()).toEqual(['claude', 'claude', 'editor']);
  });

  it('records nothing for an unknown pattern and refuses an empty agent', async () => {
    expect(await recordUsageEvent(t.sql, 'nosuchpattern', 'claude', null)).toBeNull();
    const p = makePattern();
    await t.store.writeFile('repo', makeFile(p.filePath), [p], []);
    await expect(recordUsageEvent(t.sql, p.id, '', null)).rejects.toThrow(/check constraint/);
    expect((await row(p.id)).event_count).toBe(0);
  });

  it('takes all four relationship types, external targets by name, one edge per target', async () => {
    const insert = (type: string, target: string | null, name: string) =>
      t.sql.query(
        `INSERT INTO relationships (repository, source_id, target_id, target_name, type, confidence)
         VALUES ('repo', 'a', $1, $2, $3, 0.9)`,
        [target, name, type],
      );
    for (const type of ['USES', 'EXTENDS', 'COMPOSED_OF', 'SIMILAR_TO']) await insert(type, 'b', 'pkg.B');
    await insert('EXTENDS', null, 'abc.ABC');
    await expect(insert('USES', 'b', 'pkg.B')).rejects.toThrow(/duplicate key/);
    await expect(insert('CALLS', 'b', 'pkg.B')).rejects.toThrow(/check constraint/);
    const [count] = await t.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM relationships');
    expect(count!.n).toBe(5);
  });
}

describe('usage events and relationships on PGlite', () => eventSuite(() => openTempStore()));
describe.runIf(testDatabaseUrl)('usage events and relationships on a PostgreSQL server', () =>
  eventSuite(() => openServerStore()),
);
