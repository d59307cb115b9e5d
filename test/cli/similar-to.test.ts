/**
 * SIMILAR_TO edges written by the index run: present with scores above the threshold, shown by
 * `motif graph --type SIMILAR_TO` and counted by `motif stats`; a changed file's edges to and from its
 * patterns are replaced, a deleted file's edges are gone, and an unchanged re-run writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';
import { py } from '../helpers/parse';

afterAll(removeTemps);

const ORIGINAL = py`
  def summarise(orders, minimum=10):
      total = 0
      count = 0
      for order in orders:
          if order.amount < minimum:
              continue
          total += order.amount
          count += 1
      if count == 0:
          return None
      return total, count
`;

const RENAMED = py`
  def tally(rows, floor=3):
      acc = 0
      n = 0
      for row in rows:
          if row.amount < floor:
              continue
          acc += row.amount
          n += 1
      if n == 0:
          return None
      return acc, n
`;

const UNRELATED = py`
  def load_settings(path):
      with open(path, encoding="utf-8") as handle:
          text = handle.read()
      settings = json.loads(text)
      if "version" not in settings:
          raise KeyError("version")
      for key in ("name", "owner"):
          settings.setdefault(key, "")
      return settings
`;

const TINY = py`
  def small(a):
      return a + 1
`;

type Graph = {
  edges: { type: string; source: string; target: string; confidence: number; target_file: string }[];
};

let root: string;

const index = async (...extra: string[]) => {
  const run = await motif(root, ['index', '--jobs', '1', '--json', ...extra, '.']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as {
    similarTo: {
      skipped: boolean;
      searched: number;
      full: boolean;
      edges: { total: number; added: number; removed: number };
    };
  };
};
const similarOf = async (ref: string) =>
  (await motifJson<Graph>(root, ['graph', ref, '--type', 'SIMILAR_TO', '--json'])).edges;

beforeAll(async () => {
  root = path.join(tempDir(), 'proj');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'orders.py'), `${ORIGINAL}\n\n${TINY}`);
  fs.writeFileSync(path.join(root, 'copies.py'), RENAMED);
  fs.writeFileSync(path.join(root, 'settings.py'), UNRELATED);
  await withEmptyStore(root);
}, 60_000);

describe('SIMILAR_TO edges', () => {
  it('links the copies both ways with their similarity, leaves unrelated and tiny code out', async () => {
    const first = await index();
    expect(first.similarTo).toMatchObject({ full: true, searched: 3, edges: { total: 2, added: 2 } });
    const edges = await similarOf('summarise');
    expect(edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([
      'summarise>copies.tally',
      'tally>orders.summarise',
    ]);
    expect(edges.every((e) => e.type === 'SIMILAR_TO' && e.confidence === 1)).toBe(true);
    expect(await similarOf('load_settings')).toEqual([]);
    expect(await similarOf('small')).toEqual([]);
    const stats = await motifJson<{ edges: Record<string, number> }>(root, ['stats', '--json']);
    expect(stats.edges.SIMILAR_TO).toBe(2);
  });

  it('skips the pass when nothing changed, keeping its edges', async () => {
    const again = await index();
    expect(again.similarTo).toMatchObject({ skipped: true, searched: 0, edges: { added: 0, removed: 0 } });
    const stats = await motifJson<{ edges: Record<string, number> }>(root, ['stats', '--json']);
    expect(stats.edges.SIMILAR_TO).toBe(2);
  });

  it("replaces a changed file's edges to and from its patterns", async () => {
    // The copy now looks like the settings loader instead of the order summary.
    fs.writeFileSync(path.join(root, 'copies.py'), UNRELATED.replace('load_settings', 'read_config'));
    const run = await index();
    // One of three patterns changed: over 5 %, so the run cuts every edge anew (the incremental path
    // is pinned in test/indexing/similar-to-incremental.test.ts).
    expect(run.similarTo.full).toBe(true);
    expect(await similarOf('summarise')).toEqual([]);
    const edges = await similarOf('read_config');
    expect(edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([
      'load_settings>copies.read_config',
      'read_config>settings.load_settings',
    ]);
  });

  it("drops a deleted file's edges", async () => {
    fs.rmSync(path.join(root, 'copies.py'));
    const run = await index();
    expect(run.similarTo.edges).toMatchObject({ total: 0, removed: 2 });
    expect(await similarOf('load_settings')).toEqual([]);
  });

  it('recomputes every edge when --similar-threshold changes the cut, and refuses a bad one', async () => {
    const run = await index('--similar-threshold', '0.05');
    expect(run.similarTo.full).toBe(true);
    const edges = await similarOf('summarise');
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => e.confidence >= 0.05 && e.confidence < 0.7)).toBe(true);
    const bad = await motif(root, ['index', '--similar-threshold', '1.5', '.']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--similar-threshold must be a number from 0 to 1, got "1.5"/);
  });
});
