/**
 * `replaceEdges` (storage/graph-writes.ts) writes only the difference: it counts and applies exactly
 * the edges added, changed (any of confidence, evidence, guess, sites, target name) and removed, keeps
 * the other types' and repositories' edges, and refuses a key given twice. On PGlite with binary COPY,
 * PGlite without it (the portable statements) and, when MOTIF_TEST_DATABASE_URL names one, a PostgreSQL
 * server.
 */
import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../server/src/core/ports';
import { STORE_BACKENDS, type TestStore } from '../helpers/storage';

function edge(source: string, target: string | null, overrides: Partial<Relationship> = {}): Relationship {
  return {
    sourceId: source,
    targetId: target,
    targetName: `pkg.${target ?? 'external'}`,
    type: 'USES',
    confidence: 1,
    evidence: `${source} calls ${target ?? 'external'}`,
    isGuess: false,
    sites: 1,
    ...overrides,
  };
}

/** The stored edges as the test wrote them, in a stable order. */
async function stored(t: TestStore, repository = 'repo'): Promise<Relationship[]> {
  const rows = await t.sql.query<{
    source_id: string;
    target_id: string | null;
    target_name: string;
    type: Relationship['type'];
    confidence: number;
    evidence: string;
    is_guess: boolean;
    sites: number;
  }>(
    `SELECT source_id, target_id, target_name, type, confidence, evidence, is_guess, sites
     FROM relationships WHERE repository = $1 ORDER BY source_id, type, target_name`,
    [repository],
  );
  return rows.map((r) => ({
    sourceId: r.source_id,
    targetId: r.target_id,
    targetName: r.target_name,
    type: r.type,
    confidence: Number(r.confidence),
    evidence: r.evidence,
    isGuess: r.is_guess,
    sites: r.sites,
  }));
}

const order = (edges: Relationship[]) =>
  [...edges].sort((a, b) =>
    a.sourceId !== b.sourceId
      ? a.sourceId < b.sourceId
        ? -1
        : 1
      : a.type !== b.type
        ? a.type < b.type
          ? -1
          : 1
        : a.targetName < b.targetName
          ? -1
          : 1,
  );

for (const [backend, open] of STORE_BACKENDS) {
  describe(`replaceEdges (${backend})`, () => {
    it('writes only what was added, changed or removed, whichever field changed', async () => {
      const t = await open();
      try {
        const graph = t.store.graph;
        const first = [
          edge('a', 'b'),
          edge('a', 'c'),
          edge('a', null),
          edge('b', 'c'),
          edge('c', 'd'),
          edge('c', 'e'),
          edge('d', 'e'),
          edge('e', 'f'),
        ];
        expect(await graph.replaceEdges('repo', ['USES'], first)).toEqual({
          added: 8,
          removed: 0,
          changed: 0,
        });
        // Other repositories and types stay whatever this repository's USES edges become.
        const other = [edge('x', 'y')];
        await graph.replaceEdges('other', ['USES'], other);
        const extends_ = [edge('b', 'a', { type: 'EXTENDS', evidence: 'class B(A)' })];
        await graph.replaceEdges('repo', ['EXTENDS'], extends_);
        expect(await graph.replaceEdges('repo', ['USES'], first)).toEqual({
          added: 0,
          removed: 0,
          changed: 0,
        });

        const second = [
          edge('a', 'b'),
          edge('a', 'c', { confidence: 0.5, isGuess: true }),
          edge('a', null, { evidence: 'a calls external twice', sites: 2 }),
          edge('b', 'c', { targetName: 'pkg.c_renamed' }),
          edge('c', 'd', { sites: 3 }),
          edge('d', 'e', { evidence: 'd → e, ünïcode' }),
          edge('f', 'a'),
        ];
        expect(await graph.replaceEdges('repo', ['USES'], second)).toEqual({
          added: 1,
          removed: 2,
          changed: 5,
        });
        expect(await stored(t)).toEqual(order([...second, ...extends_]));
        expect(await stored(t, 'other')).toEqual(other);

        expect(await graph.replaceEdges('repo', ['USES'], [])).toEqual({ added: 0, removed: 7, changed: 0 });
        expect(await stored(t)).toEqual(extends_);
      } finally {
        await t.dispose();
      }
    });

    it('refuses a key given twice, and leaves the stored edges as they were', async () => {
      const t = await open();
      try {
        const graph = t.store.graph;
        const first = [edge('a', 'b'), edge('b', 'c')];
        await graph.replaceEdges('repo', ['USES'], first);
        await expect(
          graph.replaceEdges(
            'repo',
            ['USES'],
            [edge('a', 'b'), edge('c', 'd'), edge('c', 'd', { sites: 2 })],
          ),
        ).rejects.toThrow();
        expect(await stored(t)).toEqual(first);
      } finally {
        await t.dispose();
      }
    });
  });
}
