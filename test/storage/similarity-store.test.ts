/**
 * Fingerprints in the store: written with their patterns in the file's transaction, read back exactly,
 * grouped by normalised-AST hash, and gone when their patterns go (re-written file, deleted file). On
 * PGlite with and without COPY, and on a PostgreSQL server when MOTIF_TEST_DATABASE_URL names one.
 */
import { describe, expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { VectorEntry } from '../../server/src/core/ports';
import { VECTOR_DIMENSIONS } from '../../server/src/core/similarity/features';
import type { Fingerprint } from '../../server/src/core/similarity/fingerprint';
import { createSimilarityStore } from '../../server/src/storage/vector-reads';
import {
  makeFile,
  makePattern,
  openServerStore,
  openTempStore,
  type TestStore,
  testDatabaseUrl,
} from '../helpers/storage';

function fingerprint(seed: number, astHash: string, statements = 12): Fingerprint {
  const vector = new Float32Array(VECTOR_DIMENSIONS);
  for (let i = 0; i < vector.length; i++) vector[i] = Math.sin(seed * 31 + i) / 11.3;
  return { vector, astHash, statements, tokens: 80, model: 'test-model' };
}

function withPrint(p: PatternRecord, print: Fingerprint): PatternRecord {
  return { ...p, fingerprint: print };
}

async function all(entries: AsyncIterable<VectorEntry[]>): Promise<VectorEntry[]> {
  const out: VectorEntry[] = [];
  for await (const page of entries) out.push(...page);
  return out;
}

const finished = {
  status: 'completed' as const,
  finishedAt: null,
  filesSeen: 3,
  filesIndexed: 3,
  filesUnchanged: 0,
  filesSkipped: 0,
  filesRemoved: 0,
  patterns: 5,
  durationMs: 10,
};

function suite(open: () => Promise<TestStore>) {
  it('round-trip vectors exactly, group equal hashes and drop vectors with their patterns', async () => {
    const t = await open();
    try {
      const sim = createSimilarityStore(t.sql);
      const a = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'f' }), fingerprint(1, 'h1'));
      const b = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'g' }), fingerprint(2, 'h2', 3));
      const c = withPrint(makePattern({ filePath: 'b.py', qualifiedName: 'f' }), fingerprint(3, 'h1'));
      await t.store.writeFile('repo', makeFile('a.py'), [a, b], []);
      await t.store.writeFile('repo', makeFile('b.py'), [c], []);

      const entries = await all(sim.vectorEntries(2));
      expect(entries.map((e) => e.payload.patternId).sort()).toEqual([a.id, b.id, c.id].sort());
      const entryA = entries.find((e) => e.payload.patternId === a.id)!;
      expect([...entryA.vector]).toEqual([...a.fingerprint!.vector]);
      expect(entryA.payload).toMatchObject({
        repository: 'repo',
        filePath: 'a.py',
        quality: a.quality.total,
      });
      const prints = await sim.fingerprints([b.id]);
      expect(prints.get(b.id)).toMatchObject({
        astHash: 'h2',
        statements: 3,
        tokens: 80,
        model: 'test-model',
      });
      expect(await sim.hashGroups(5)).toEqual([{ astHash: 'h1', patternIds: [a.id, c.id].sort() }]);
      expect(await sim.idsWithStatements(5)).toEqual([a.id, c.id].sort());
      expect((await sim.fileEntries('repo', ['b.py'])).map((e) => e.payload.patternId)).toEqual([c.id]);

      await t.store.writeFile('repo', makeFile('a.py'), [b], []);
      expect(await sim.count()).toBe(2);
      await t.store.deleteFiles('repo', ['b.py']);
      expect((await all(sim.vectorEntries())).map((e) => e.payload.patternId)).toEqual([b.id]);
    } finally {
      await t.dispose();
    }
  });

  it('reads what the SIMILAR_TO pass needs: eligible patterns in id order, exact vectors, changed files, its edges', async () => {
    const t = await open();
    try {
      const sim = createSimilarityStore(t.sql);
      // A file name with the characters an array literal quotes: it must survive the trip to the query.
      const odd = 'dir with space/q\'uo"te{a,b}\\x.py';
      const a = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'f' }), fingerprint(1, 'h1'));
      const short = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'g' }), fingerprint(2, 'h2', 3));
      const design = withPrint(
        makePattern({ filePath: 'a.py', qualifiedName: 'f@singleton', patternType: 'design_pattern' }),
        fingerprint(4, 'h4'),
      );
      const b = withPrint(makePattern({ filePath: 'b.py', qualifiedName: 'f' }), fingerprint(3, 'h1'));
      const c = withPrint(makePattern({ filePath: odd, qualifiedName: 'f' }), fingerprint(5, 'h5'));
      await t.store.writeFile('repo', makeFile('a.py'), [a, short, design], []);
      await t.store.writeFile('repo', makeFile('b.py'), [b], []);
      await t.store.writeFile('repo', makeFile(odd), [c], []);
      const first = await t.store.beginRun('repo', '/work/project');
      await t.store.finishRun({ ...finished, id: first });
      // Written after the last completed run: changed for the next one.
      await t.store.writeFile('repo', makeFile('b.py'), [b], []);
      const second = await t.store.beginRun('repo', '/work/project');

      const inputs = await sim.similarityInputs('repo', 5, second, [odd]);
      expect(inputs.map((i) => i.id)).toEqual([a.id, b.id].sort());
      const byId = new Map(inputs.map((i) => [i.id, i]));
      expect(byId.get(a.id)).toMatchObject({
        filePath: 'a.py',
        qualifiedName: 'f',
        astHash: 'h1',
        changed: false,
      });
      expect(byId.get(b.id)).toMatchObject({ filePath: 'b.py', changed: true });
      expect([...byId.get(b.id)!.vector]).toEqual([...b.fingerprint!.vector]);
      const patterns = await sim.similarityPatterns('repo', 5, second, [odd]);
      expect(patterns).toEqual(inputs.map(({ vector: _, ...rest }) => rest));
      // Without files left out the odd one takes part; with a lower bar the short one too.
      expect((await sim.similarityPatterns('repo', 5, second)).map((p) => p.filePath).sort()).toEqual(
        ['a.py', 'b.py', odd].sort(),
      );
      expect((await sim.similarityInputs('repo', 3, second, [odd])).map((p) => p.id)).toContain(short.id);

      await t.store.graph.replaceEdges(
        'repo',
        ['SIMILAR_TO'],
        [
          {
            sourceId: a.id,
            targetId: b.id,
            targetName: 'f',
            type: 'SIMILAR_TO',
            confidence: 0.875,
            evidence: 'cosine 0.875 \u00b7 same shape',
            isGuess: false,
            sites: 1,
          },
        ],
      );
      expect(await sim.similarEdges('repo')).toEqual([
        { sourceId: a.id, targetId: b.id, similarity: 0.875, evidence: 'cosine 0.875 \u00b7 same shape' },
      ]);
      expect(await sim.similarEdges('other')).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
}

describe('similarity store on PGlite (COPY)', () => suite(() => openTempStore()));
describe('similarity store on PGlite (portable writes)', () => suite(() => openTempStore({ copy: false })));
describe.runIf(testDatabaseUrl)('similarity store on a PostgreSQL server', () =>
  suite(() => openServerStore()),
);
