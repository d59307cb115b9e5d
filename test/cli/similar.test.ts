/**
 * `motif similar` and `motif duplicates` on a small project holding a function, a renamed copy of it,
 * an edited copy and unrelated code: ranking, `--pairs`, `--from`, filters, clone groups and bad input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';
import { py } from '../helpers/parse';

afterAll(removeTemps);

const ORIGINAL = py`
  def summarise(orders, minimum=10):
      """Total and count of the orders above a minimum."""
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

const EDITED = py`
  def tally_logged(rows, floor=3):
      acc = 0
      n = 0
      for row in rows:
          if row.amount < floor:
              continue
          acc += row.amount
          log.debug("row %s", row)
          n += 1
      return acc, n
`;

const UNRELATED = py`
  def load_settings(path):
      with open(path, encoding="utf-8") as handle:
          text = handle.read()
      settings = json.loads(text)
      if "version" not in settings:
          raise KeyError("version")
      return settings
`;

type Hit = {
  similarity: number;
  pattern: { qualified_name: string; file_path: string; quality_score: number };
};

let root: string;

beforeAll(async () => {
  root = path.join(tempDir(), 'proj');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'orders.py'), ORIGINAL);
  fs.writeFileSync(path.join(root, 'copies.py'), `${RENAMED}\n\n${EDITED}`);
  fs.writeFileSync(path.join(root, 'settings.py'), UNRELATED);
  await withEmptyStore(root);
  const run = await motif(root, ['index', '--jobs', '1', '.']);
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

describe('motif similar', () => {
  it('ranks the renamed copy first, then the edited copy, then unrelated code, with similarities best first', async () => {
    const hits = await motifJson<Hit[]>(root, ['similar', 'orders.py:1', '--json']);
    expect(hits.map((h) => h.pattern.qualified_name)).toEqual(['tally', 'tally_logged', 'load_settings']);
    expect(hits[0]!.similarity).toBe(1);
    expect(hits[1]!.similarity).toBeGreaterThan(hits[2]!.similarity);
    expect(hits[1]!.similarity).toBeLessThan(1);
  });

  it('takes --k and --min-quality', async () => {
    expect(await motifJson<Hit[]>(root, ['similar', 'summarise', '--k', '1', '--json'])).toHaveLength(1);
    const strict = await motifJson<Hit[]>(root, ['similar', 'summarise', '--min-quality', '0.99', '--json']);
    expect(strict).toEqual([]);
  });

  it('answers pairs in one process as JSON lines, saying whether each passes the default threshold', async () => {
    const pairs = path.join(root, 'pairs.txt');
    fs.writeFileSync(pairs, 'orders.py:2 copies.py:1\norders.py:2 settings.py:1\norders.py:2 nowhere.py:1\n');
    const run = await motif(root, ['similar', '--pairs', pairs]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ a: 'orders.py:2', b: 'copies.py:1', similarity: 1, similar: true });
    expect(lines[1]).toMatchObject({ similar: false });
    expect(lines[1].similarity).toBeLessThan(0.5);
    expect(lines[2]).toMatchObject({ similarity: null, similar: false });
    expect(lines[2].error).toMatch(/no pattern matches "nowhere.py:1"/);
  });

  it('answers many targets with --from', async () => {
    const from = path.join(root, 'targets.txt');
    fs.writeFileSync(from, 'orders.py:1\nsettings.py:1\n');
    const run = await motif(root, ['similar', '--from', from, '--k', '2']);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.target)).toEqual(['orders.py:1', 'settings.py:1']);
    expect(lines[0].results).toHaveLength(2);
    expect(lines[0].results[0].pattern.qualified_name).toBe('tally');
  });

  it('refuses an unknown pattern, a missing file and a bad --k with exit code 2', async () => {
    expect((await motif(root, ['similar', 'nothing_here'])).stderr).toMatch(/no pattern matches/);
    expect((await motif(root, ['similar', '--from', path.join(root, 'missing.txt')])).code).toBe(2);
    expect((await motif(root, ['similar', 'summarise', '--k', '0'])).code).toBe(2);
    expect((await motif(root, ['similar'])).stderr).toMatch(/give exactly one of/);
  });
});

describe('motif duplicates', () => {
  it('groups the original with its renamed copy as exact and leaves unrelated code out', async () => {
    const groups = await motifJson<{ exact: boolean; patterns: { qualified_name: string }[] }[]>(root, [
      'duplicates',
      '--json',
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.exact).toBe(true);
    expect(groups[0]!.patterns.map((p) => p.qualified_name).sort()).toEqual(['summarise', 'tally']);
  });
});
