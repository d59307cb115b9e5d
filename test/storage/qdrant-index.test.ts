/**
 * The Qdrant adapter: collection creation, batched upserts, filtered search, deletes by id and by file,
 * and `syncVectorIndex` finding and repairing drift against the store (missing, extra and stale points,
 * a lost collection). Always against the stand-in (test/helpers/qdrant-stand-in.ts); also against a
 * real Qdrant when MOTIF_TEST_QDRANT_URL names one.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { VectorEntry } from '../../server/src/core/ports';
import { VECTOR_DIMENSIONS } from '../../server/src/core/similarity/features';
import { openQdrantIndex, pointId, type QdrantIndex } from '../../server/src/storage/qdrant-index';
import { StorageError } from '../../server/src/storage/sql-client';
import { createSimilarityStore } from '../../server/src/storage/vector-reads';
import { syncVectorIndex } from '../../server/src/storage/vector-sync';
import { type QdrantStandIn, startQdrantStandIn } from '../helpers/qdrant-stand-in';
import { makeFile, makePattern, makeQuality, openTempStore } from '../helpers/storage';

const realUrl = process.env.MOTIF_TEST_QDRANT_URL;

/** A pseudo-random unit vector, the same for the same seed. */
function unit(seed: number): Float32Array {
  const v = new Float32Array(VECTOR_DIMENSIONS);
  let state = seed * 2654435761;
  for (let i = 0; i < v.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    v[i] = state / 2 ** 32 - 0.5;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** A vector close to `unit(seed)`: cosine about 0.99. */
function near(seed: number): Float32Array {
  const v = unit(seed).map((x, i) => x + 0.01 * Math.cos(i));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function entry(id: string, vector: Float32Array, quality: number, filePath: string): VectorEntry {
  return {
    vector,
    payload: {
      patternId: id,
      patternType: 'function_pattern',
      category: 'general',
      quality,
      repository: 'repo',
      filePath,
    },
  };
}

function suite(url: () => string) {
  const collections: QdrantIndex[] = [];
  const fresh = () => {
    const index = openQdrantIndex({ url: url(), collection: `motif_test_${randomBytes(5).toString('hex')}` });
    collections.push(index);
    return index;
  };
  afterAll(async () => {
    // Leave nothing behind on a real server.
    for (const c of collections) {
      await fetch(`${url()}/collections/${c.collection}`, { method: 'DELETE' }).catch(() => {});
    }
  });

  it('creates the collection once, upserts in batches, searches with filters and deletes by id and by file', async () => {
    const index = fresh();
    expect(await index.exists()).toBe(false);
    await index.ensureCollection();
    await index.ensureCollection();
    expect(await index.exists()).toBe(true);
    const many = Array.from({ length: 600 }, (_, i) =>
      entry(`p${String(i).padStart(4, '0')}`, unit(1000 + i), 0.5, `bulk/${i % 7}.py`),
    );
    await index.upsert([
      entry('target', unit(1), 0.9, 'a.py'),
      entry('twin-same-file', near(1), 0.95, 'a.py'),
      entry('twin-low', near(1), 0.3, 'b.py'),
      entry('twin-good', near(1), 0.85, 'c.py'),
      ...many,
    ]);
    expect(await index.count()).toBe(604);
    const all = await index.search(unit(1), { k: 4 });
    expect(all[0]).toMatchObject({ id: 'target' });
    expect(all[0]!.similarity).toBeCloseTo(1, 4);
    expect(
      all
        .slice(1)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['twin-good', 'twin-low', 'twin-same-file']);
    const good = await index.search(unit(1), {
      k: 3,
      filter: { minQuality: 0.8, notFilePath: 'a.py', notIds: ['target'] },
    });
    expect(good.map((h) => h.id)).toEqual(['twin-good', ...good.slice(1).map((h) => h.id)]);
    expect(good.every((h) => !['target', 'twin-same-file', 'twin-low'].includes(h.id))).toBe(true);

    await index.deleteIds(['twin-good']);
    await index.deleteFile('repo', 'a.py');
    expect(await index.count()).toBe(601);
    const ids = new Set(await index.ids());
    expect(ids.has('twin-low') && !ids.has('target') && !ids.has('twin-good')).toBe(true);
    expect(ids.size).toBe(601);
  });

  it('refuses a vector of the wrong size with a clear error', async () => {
    const index = fresh();
    await index.ensureCollection();
    const error = await index
      .upsert([{ ...entry('x', unit(1), 0.5, 'a.py'), vector: new Float32Array(3) }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/3 dimensions/);
  });

  it('finds drift against the store and repairs it, and rebuilds a lost collection', async () => {
    const t = await openTempStore();
    try {
      const sim = createSimilarityStore(t.sql);
      const print = (seed: number) => ({
        vector: unit(seed),
        astHash: `h${seed}`,
        statements: 12,
        tokens: 80,
        model: 'm',
      });
      const patterns: PatternRecord[] = [1, 2, 3].map((i) => ({
        ...makePattern({ filePath: 'a.py', qualifiedName: `f${i}`, quality: makeQuality(0.5 + i / 10) }),
        fingerprint: print(i),
      }));
      await t.store.writeFile('repo', makeFile('a.py'), patterns, []);
      const index = fresh();
      const first = await syncVectorIndex(sim, index, { repair: true });
      expect(first).toMatchObject({ collectionExisted: false, storeVectors: 3, repaired: true });
      expect(first.missing).toHaveLength(3);
      expect(await syncVectorIndex(sim, index, { repair: false })).toMatchObject({
        missing: [],
        extra: [],
        stale: [],
      });

      // Drift: a point lost, a stray point, a stale payload, a stale vector.
      const [p1, p2, p3] = patterns.map((p) => p.id);
      await index.deleteIds([p1!]);
      await index.upsert([entry('gone-pattern', unit(9), 0.5, 'z.py')]);
      await index.upsert([{ ...entry(p2!, unit(2), 0.01, 'a.py') }]);
      await index.upsert([{ ...entry(p3!, unit(33), patterns[2]!.quality.total, 'a.py') }]);
      const drift = await syncVectorIndex(sim, index, { repair: false });
      expect(drift).toMatchObject({ missing: [p1], extra: ['gone-pattern'] });
      expect(drift.stale.sort()).toEqual([p2, p3].sort());
      await syncVectorIndex(sim, index, { repair: true });
      expect(await syncVectorIndex(sim, index, { repair: false })).toMatchObject({
        missing: [],
        extra: [],
        stale: [],
      });

      await fetch(`${url()}/collections/${index.collection}`, { method: 'DELETE' });
      const rebuilt = await syncVectorIndex(sim, index, { repair: true });
      expect(rebuilt).toMatchObject({ collectionExisted: false, storeVectors: 3 });
      expect((await index.ids()).sort()).toEqual([p1, p2, p3].sort());
    } finally {
      await t.dispose();
    }
  });
}

describe('Qdrant adapter against the stand-in', () => {
  let standIn: QdrantStandIn;
  beforeAll(async () => {
    standIn = await startQdrantStandIn();
  });
  afterAll(() => standIn.close());
  suite(() => standIn.url);

  it('speaks to the stand-in on loopback, with UUID point ids', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(pointId('0123456789abcdef')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('reports an unreachable server as unavailable, naming the URL without its password', async () => {
    const index = openQdrantIndex({ url: 'http://user:s3cret@127.0.0.1:9', collection: 'x' });
    const error = await index.exists().catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('unavailable');
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe.runIf(realUrl)('Qdrant adapter against a real Qdrant (MOTIF_TEST_QDRANT_URL)', () =>
  suite(() => realUrl!),
);
describe.skipIf(realUrl)(
  'Qdrant adapter against a real Qdrant (skipped: MOTIF_TEST_QDRANT_URL is not set)',
  () => {
    it.skip('runs the same suite against the server MOTIF_TEST_QDRANT_URL names', () => {});
  },
);
