/**
 * The graph pass skips a repository whose files are exactly those its last finished pass read (an
 * unchanged re-index), and builds again after a change, a deletion, or a pass that did not finish.
 * On PGlite with binary COPY, PGlite without it (the portable statements) and, when
 * MOTIF_TEST_DATABASE_URL names one, a PostgreSQL server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREND_WINDOW } from '../../server/src/core/graph/usage-trend';
import { nullLogger, type PatternStore } from '../../server/src/core/ports';
import { indexWorkspace } from '../../server/src/indexing/index-workspace';
import { STORE_BACKENDS, type TestStore } from '../helpers/storage';

const FIXTURE = path.resolve(__dirname, '../fixtures/graph-package');

for (const [backend, open] of STORE_BACKENDS) {
  let t: TestStore;
  let root: string;

  const index = (store: PatternStore = t.store) =>
    indexWorkspace({ root, store, repository: 'fixture', jobs: 1, workerScript: null, logger: nullLogger });

  const usesEdges = async () =>
    (
      await t.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM relationships WHERE type = 'USES' AND NOT is_guess`,
      )
    )[0]!.n;

  const usageOf = async (name: string) =>
    (
      await t.sql.query<{ usage_count: number }>(
        'SELECT usage_count FROM patterns WHERE qualified_name = $1',
        [name],
      )
    )[0]?.usage_count;

  const trendOf = async (name: string) =>
    (
      await t.sql.query<{ usage_trend: string | null }>(
        `SELECT t.usage_trend FROM patterns AS p LEFT JOIN pattern_trends AS t ON t.pattern_id = p.id
         WHERE p.qualified_name = $1`,
        [name],
      )
    )[0]?.usage_trend;

  const facts = () =>
    t.sql.query<{ id: string; event_count: number; used_by_agents: string[]; last_used_at: string | null }>(
      'SELECT id, event_count, used_by_agents, last_used_at::text AS last_used_at FROM patterns ORDER BY id',
    );

  const edit = (file: string, from: string, to: string) => {
    const at = path.join(root, file);
    const text = fs.readFileSync(at, 'utf8');
    expect(text).toContain(from);
    fs.writeFileSync(at, text.replace(from, to));
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-graph-current-'));
    fs.cpSync(FIXTURE, root, { recursive: true });
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe(`the graph pass when nothing changed (${backend})`, () => {
    it('builds on the first run, then skips an unchanged re-index and only moves the trends', async () => {
      const first = await index();
      expect(first.graph?.skipped).toBe(false);
      expect(first.graph?.edges.total).toBeGreaterThan(0);
      // A first build (no earlier history, no events) skips the facts refresh: what it would derive is
      // already there.
      const before = await facts();
      expect(before.some((f) => f.last_used_at !== null)).toBe(true);
      expect(before.some((f) => f.last_used_at === null)).toBe(true);
      await t.store.graph.refreshUsageFacts('fixture');
      expect(await facts()).toEqual(before);
      const edges = await usesEdges();
      const again = await index();
      expect(again.filesIndexed).toBe(0);
      expect(again.graph?.skipped).toBe(true);
      expect(await usesEdges()).toBe(edges);
      // The second run is the first a trend can compare with: trends are refreshed without a rebuild.
      const trends = await t.sql.query<{ usage_trend: string | null }>(
        `SELECT DISTINCT t.usage_trend FROM patterns AS p LEFT JOIN pattern_trends AS t ON t.pattern_id = p.id
         WHERE p.pattern_type <> 'design_pattern'`,
      );
      expect(trends.map((r) => r.usage_trend)).toEqual(['flat']);
    });

    it('builds again after one file changed', async () => {
      edit('app.py', 'return charge(order)', 'return 1');
      const summary = await index();
      expect(summary.filesIndexed).toBe(1);
      expect(summary.graph?.skipped).toBe(false);
      expect(await usageOf('charge')).toBe(1);
      expect(await trendOf('charge')).toBe('decreasing');
    });

    it('moves trends on skipped runs until the drop leaves the window, then stops recomputing them', async () => {
      const seen: (string | null)[] = [];
      for (let run = 0; run < TREND_WINDOW; run++) {
        expect((await index()).graph?.skipped).toBe(true);
        seen.push((await trendOf('charge')) ?? null);
      }
      // The drop happened one run before these: it leaves the window of the last runs after WINDOW - 1.
      expect(seen).toEqual([...Array(TREND_WINDOW - 2).fill('decreasing'), 'flat', 'flat']);
      const [state] = await t.sql.query<{ trends_settled: boolean }>(
        'SELECT trends_settled FROM graph_state',
      );
      expect(state?.trends_settled).toBe(true);
    });

    it('keeps usage events through a rewrite of the file holding their pattern (the facts refresh restores them)', async () => {
      const [p] = await t.sql.query<{ id: string }>(
        `SELECT id FROM patterns WHERE file_path = 'app.py' AND kind = 'function' ORDER BY id LIMIT 1`,
      );
      expect(await t.store.graph.recordUsageEvent(p!.id, 'ci', null)).not.toBeNull();
      edit('app.py', 'return 1', 'return 2');
      expect((await index()).filesIndexed).toBe(1);
      const [row] = (await facts()).filter((f) => f.id === p!.id);
      expect(row).toMatchObject({ event_count: 1, used_by_agents: ['ci'] });
      expect(row?.last_used_at).not.toBeNull();
      edit('app.py', 'return 2', 'return 1');
      await index();
    });

    it('reads the stored usage only for a run that re-analyses a stored file', async () => {
      let reads = 0;
      const counting: PatternStore = {
        ...t.store,
        usageInputs: (repository) => {
          reads++;
          return t.store.usageInputs(repository);
        },
      };
      // Unchanged: no file re-analysed and the graph pass skipped, so nothing reads it.
      expect((await index(counting)).graph?.skipped).toBe(true);
      expect(reads).toBe(0);
      // One file changed: read once to carry its patterns' usage over, once by the graph pass.
      edit('app.py', 'return 1', 'return 3');
      expect((await index(counting)).filesIndexed).toBe(1);
      expect(reads).toBe(2);
      edit('app.py', 'return 3', 'return 1');
      await index();
    });

    it('builds again after a file was deleted', async () => {
      const before = await usesEdges();
      fs.rmSync(path.join(root, 'shop/util.py'));
      const summary = await index();
      expect([summary.filesIndexed, summary.filesRemoved]).toEqual([0, 1]);
      expect(summary.graph?.skipped).toBe(false);
      // charge → fee went with util.py.
      expect(await usesEdges()).toBe(before - 1);
    });

    it('builds again when the previous pass did not finish, although no file changed since', async () => {
      edit('app.py', 'return 1', 'return charge(order)');
      // The run writes app.py, then its pass fails before writing any edge.
      const failing: PatternStore = {
        ...t.store,
        graph: {
          ...t.store.graph,
          replaceEdges: async () => {
            throw new Error('disk full');
          },
        },
      };
      await expect(index(failing)).rejects.toThrow('disk full');
      expect(await usageOf('charge')).toBe(2);
      const summary = await index();
      expect(summary.filesIndexed).toBe(0);
      expect(summary.graph?.skipped).toBe(false);
      expect(summary.graph?.edges.added).toBeGreaterThan(0);
      expect((await index()).graph?.skipped).toBe(true);
    });
  });
}
