/**
 * The CLI with Qdrant, against the stand-in (test/helpers/qdrant-stand-in.ts): `index --qdrant` mirrors
 * every stored vector, `similar --qdrant` answers like the embedded index, `sync --verify` reports drift
 * (exit 1) and `sync` repairs it and rebuilds a lost collection; bad input gets exit code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';
import { py } from '../helpers/parse';
import { type QdrantStandIn, startQdrantStandIn } from '../helpers/qdrant-stand-in';

let standIn: QdrantStandIn;
let root: string;

const SOURCE = py`
  def parse_pairs(text, sep="="):
      result = {}
      for line in text.splitlines():
          line = line.strip()
          if not line or line.startswith("#"):
              continue
          key, _, value = line.partition(sep)
          result[key.strip()] = value.strip()
      return result


  def read_pairs(lines, separator=":"):
      out = {}
      for raw in lines:
          raw = raw.strip()
          if not raw or raw.startswith("#"):
              continue
          k, _, v = raw.partition(separator)
          out[k.strip()] = v.strip()
      return out


  class Registry:
      def __init__(self):
          self.items = {}

      def add(self, name, item):
          self.items[name] = item
`;

beforeAll(async () => {
  standIn = await startQdrantStandIn();
  root = path.join(tempDir(), 'proj');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'pairs.py'), SOURCE);
  await withEmptyStore(root);
}, 60_000);

afterAll(async () => {
  await standIn.close();
  removeTemps();
});

type Hit = { similarity: number; pattern: { qualified_name: string } };

describe('motif with Qdrant (stand-in)', () => {
  it('index --qdrant mirrors every stored vector into the store collection', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '--qdrant', standIn.url, '.']);
    expect(run.code, run.stderr).toBe(0);
    expect(standIn.collections.size).toBe(1);
    const [name, collection] = [...standIn.collections.entries()][0]!;
    expect(name).toMatch(/^motif_[0-9a-f]{12}$/);
    expect(collection.points.size).toBe(5);
    expect(collection.size).toBe(256);
    expect(standIn.requests).toContain(`PUT /collections/${name}/points`);
  });

  it('similar --qdrant answers like the embedded index', async () => {
    const embedded = await motifJson<Hit[]>(root, ['similar', 'parse_pairs', '--json']);
    const remote = await motifJson<Hit[]>(root, ['similar', 'parse_pairs', '--json'], {
      MOTIF_QDRANT_URL: standIn.url,
    });
    expect(remote.map((h) => h.pattern.qualified_name)).toEqual(
      embedded.map((h) => h.pattern.qualified_name),
    );
    expect(remote[0]!.pattern.qualified_name).toBe('read_pairs');
    expect(remote[0]!.similarity).toBeCloseTo(embedded[0]!.similarity, 3);
  });

  it('sync --verify reports drift with exit 1, sync repairs it and rebuilds a lost collection', async () => {
    const collection = [...standIn.collections.values()][0]!;
    const [first] = [...collection.points.keys()];
    collection.points.delete(first!);
    collection.points.set('stray', {
      id: 'stray',
      vector: new Array(256).fill(0.0625),
      payload: { pattern_id: 'feedfeedfeedfeed' },
    });
    const verify = await motif(root, ['sync', '--verify', '--json', '--qdrant', standIn.url]);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      missing: [expect.any(String)],
      extra: ['feedfeedfeedfeed'],
      repaired: false,
    });
    expect((await motif(root, ['sync', '--qdrant', standIn.url])).stdout).toMatch(
      /missing 1 · extra 1 · stale 0 · repaired/,
    );
    expect((await motif(root, ['sync', '--verify', '--qdrant', standIn.url])).code).toBe(0);

    standIn.collections.clear();
    const rebuilt = await motif(root, ['sync', '--qdrant', standIn.url]);
    expect(rebuilt.stdout).toMatch(/collection missing: rebuilt from the store/);
    expect([...standIn.collections.values()][0]!.points.size).toBe(5);
  });

  it('refuses sync without a Qdrant URL and a URL that is not http(s), with exit code 2', async () => {
    expect((await motif(root, ['sync'])).stderr).toMatch(/needs a Qdrant server/);
    const bad = await motif(root, ['sync', '--qdrant', 'ftp://x']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/http\(s\):\/\/ URL/)]);
  });

  it('keeps indexing when Qdrant is down, with a warning, and the store stays complete', async () => {
    fs.appendFileSync(path.join(root, 'pairs.py'), '\n\ndef extra():\n    return 1\n');
    const run = await motif(root, ['index', '--jobs', '1', '--qdrant', 'http://127.0.0.1:9', '.']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/run `motif sync` when Qdrant is back/);
    expect((await motifJson<Hit[]>(root, ['similar', 'extra', '--json'])).length).toBeGreaterThan(0);
  });
});
