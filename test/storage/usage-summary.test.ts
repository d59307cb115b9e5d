/**
 * The usage history summed up per pattern (storage/usage-history-sql.ts): the graph pass's read
 * (`usageBaselines`) and the trends-only refresh (`refreshTrends`) give each pattern its latest point
 * and its baseline as of the trend window's start, for one repository only. On PGlite with binary
 * COPY, PGlite without it and, when MOTIF_TEST_DATABASE_URL names one, a PostgreSQL server, where the
 * plan is also checked against statistics that predate the repository (a shared server's autovacuum
 * analysed the tables after another repository's index).
 */
import { describe, expect, it } from 'vitest';
import type { UsageHistoryPoint } from '../../server/src/core/ports';
import { REFRESH_TRENDS, refreshTrends } from '../../server/src/storage/graph-current';
import { REFRESH_FACTS, refreshUsageFacts } from '../../server/src/storage/graph-writes';
import type { SqlClient } from '../../server/src/storage/sql-client';
import { USAGE_SUMMARY } from '../../server/src/storage/usage-history-sql';
import { NO_NESTED_LOOPS, withoutNestedLoops } from '../../server/src/storage/whole-repository';
import {
  makeFile,
  makePattern,
  openServerStore,
  STORE_BACKENDS,
  type TestStore,
  testDatabaseUrl,
} from '../helpers/storage';

/** Write `names` as the patterns of one file of `repository`; returns their ids by name. */
async function seed(t: TestStore, repository: string, names: string[]): Promise<Map<string, string>> {
  const patterns = names.map((n) => makePattern({ repository, filePath: 'pkg/mod.py', qualifiedName: n }));
  await t.store.writeFile(repository, makeFile('pkg/mod.py'), patterns, []);
  return new Map(patterns.map((p) => [p.qualifiedName, p.id]));
}

const point = (patternId: string, runId: number, usageCount: number, usageFiles = 1): UsageHistoryPoint => ({
  patternId,
  runId,
  usageCount,
  usageFiles,
});

for (const [backend, open] of STORE_BACKENDS) {
  describe(`the usage summary (${backend})`, () => {
    it("gives each pattern its latest point and its baseline as of the window's start, for one repository", async () => {
      const t = await open();
      try {
        const ids = await seed(t, 'repo', ['grew', 'newcomer', 'old', 'dropped']);
        const others = await seed(t, 'other', ['grew']);
        const id = (n: string) => ids.get(n)!;
        // Runs of the two repositories interleave: the window counts only this repository's runs.
        const r1 = await t.store.beginRun('repo', '/repo');
        const o1 = await t.store.beginRun('other', '/other');
        const r2 = await t.store.beginRun('repo', '/repo');
        const o2 = await t.store.beginRun('other', '/other');
        const r3 = await t.store.beginRun('repo', '/repo');
        const r4 = await t.store.beginRun('repo', '/repo');
        await t.store.graph.appendUsageHistory([
          point(id('grew'), r1, 1),
          point(id('grew'), r2, 2, 2),
          point(id('grew'), r4, 5, 3),
          point(id('newcomer'), r4, 7),
          point(id('old'), r1, 3),
          point(id('dropped'), r2, 4),
          point(id('dropped'), r3, 0, 0),
          point(others.get('grew')!, o1, 9),
          point(others.get('grew')!, o2, 10),
        ]);

        // A window of 2 runs starts at r3: the baseline is the latest point at or before r3, or the
        // first point of a pattern first seen since.
        const { latest, baseline } = await t.store.graph.usageBaselines('repo', 2);
        expect(new Map([...latest].sort())).toEqual(
          new Map(
            [
              [id('grew'), point(id('grew'), r4, 5, 3)],
              [id('newcomer'), point(id('newcomer'), r4, 7)],
              [id('old'), point(id('old'), r1, 3)],
              [id('dropped'), point(id('dropped'), r3, 0, 0)],
            ].sort() as [string, UsageHistoryPoint][],
          ),
        );
        expect(baseline.get(id('grew'))).toEqual(point(id('grew'), r2, 2, 2));
        expect(baseline.get(id('newcomer'))).toEqual(point(id('newcomer'), r4, 7));
        expect(baseline.get(id('old'))).toEqual(point(id('old'), r1, 3));
        expect(baseline.get(id('dropped'))).toEqual(point(id('dropped'), r3, 0, 0));
        expect(baseline.size).toBe(4);

        // A window of 4 reaches back to r1.
        const wide = await t.store.graph.usageBaselines('repo', 4);
        expect(wide.baseline.get(id('grew'))).toEqual(point(id('grew'), r1, 1));
        expect(wide.baseline.get(id('dropped'))).toEqual(point(id('dropped'), r2, 4));

        // The trends-only refresh compares the same two points, as of run r4.
        await t.store.graph.refreshTrends('repo', 4, r4);
        const trends = await t.sql.query<{ qualified_name: string; usage_trend: string }>(
          `SELECT p.qualified_name, t.usage_trend FROM pattern_trends AS t JOIN patterns AS p ON p.id = t.pattern_id
           WHERE p.repository = 'repo' ORDER BY p.qualified_name`,
        );
        // The newcomer's baseline is r4 itself: no trend yet.
        expect(trends).toEqual([
          { qualified_name: 'dropped', usage_trend: 'decreasing' },
          { qualified_name: 'grew', usage_trend: 'increasing' },
          { qualified_name: 'old', usage_trend: 'flat' },
        ]);
      } finally {
        await t.dispose();
      }
    });
  });
}

/** `sql` with every statement it runs, in a transaction or not, appended to `seen`. */
function recorder(sql: SqlClient, seen: string[]): SqlClient {
  return {
    ...sql,
    query: (text, params) => {
      seen.push(text);
      return sql.query(text, params);
    },
    transaction: (fn) => sql.transaction((tx) => fn(recorder(tx, seen))),
  };
}

type PlanNode = { 'Node Type': string; 'Rows Removed by Join Filter'?: number; Plans?: PlanNode[] };

/**
 * Row pairs that nested loops tested and rejected (a join filter, not an index lookup per outer row).
 * A few are harmless; one per pair of the repository's rows is the quadratic plan.
 */
function pairsRejected(node: PlanNode): number {
  const here = node['Node Type'] === 'Nested Loop' ? (node['Rows Removed by Join Filter'] ?? 0) : 0;
  return here + (node.Plans ?? []).reduce((sum, child) => sum + pairsRejected(child), 0);
}

describe.runIf(testDatabaseUrl)(
  'the usage summary on a server whose statistics predate the repository',
  () => {
    it('runs in time linear in the history, where such statistics once made it quadratic', async () => {
      const t = await openServerStore();
      try {
        const names = (prefix: string) => Array.from({ length: 2000 }, (_, i) => `${prefix}_${i}`);
        const first = await seed(t, 'first', names('f'));
        const run = await t.store.beginRun('first', '/first');
        await t.store.graph.appendUsageHistory([...first.values()].map((id) => point(id, run, 1)));
        await t.sql.exec('ANALYZE patterns, pattern_usage_history, index_runs, pattern_trends;');

        const second = await seed(t, 'second', names('s'));
        const runs = [
          await t.store.beginRun('second', '/second'),
          await t.store.beginRun('second', '/second'),
        ];
        await t.store.graph.appendUsageHistory(
          runs.flatMap((r, i) => [...second.values()].map((id) => point(id, r, i + 1))),
        );

        // The read plans well as it is; the two rewrites run as the store runs them, without nested
        // loops (with them, the facts' plan rejected 1,999,000 pairs here, and the old read as many).
        const plans: [string, string, unknown[], boolean][] = [
          ['usage summary', USAGE_SUMMARY, ['second', 5], false],
          ['trends refresh', REFRESH_TRENDS, ['second', 5, runs[1]!], true],
          ['usage facts', REFRESH_FACTS, ['second'], true],
        ];
        for (const [name, query, params, whole] of plans) {
          const explain = (sql: SqlClient) =>
            sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
              `EXPLAIN (ANALYZE, FORMAT JSON) ${query}`,
              params,
            );
          const [row] = whole ? await withoutNestedLoops(t.sql, explain) : await explain(t.sql);
          expect({ name, linear: pairsRejected(row!['QUERY PLAN'][0].Plan) < 2000 }).toEqual({
            name,
            linear: true,
          });
        }
        // The store runs the two rewrites that way.
        const seen: string[] = [];
        const recording = recorder(t.sql, seen);
        await refreshUsageFacts(recording, 'second');
        await refreshTrends(recording, 'second', 5, runs[1]! + 1);
        for (const statement of [REFRESH_FACTS, REFRESH_TRENDS]) {
          const at = seen.indexOf(statement);
          expect(at).toBeGreaterThan(0);
          expect(seen[at - 1]).toBe(NO_NESTED_LOOPS);
        }
        // And the read itself: every pattern of the second repository, with both its points.
        const { latest, baseline } = await t.store.graph.usageBaselines('second', 5);
        expect(latest.size).toBe(2000);
        expect([...latest.values()].every((p) => p.runId === runs[1] && p.usageCount === 2)).toBe(true);
        expect([...baseline.values()].every((p) => p.runId === runs[0] && p.usageCount === 1)).toBe(true);
      } finally {
        await t.dispose();
      }
    });
  },
);
