/**
 * Incremental indexing through the CLI, as one sequence on one copy of the fixture: a re-run changes
 * nothing, an edited file is the only one re-indexed, a renamed function replaces its pattern, a deleted
 * file takes its patterns and the uses it made with it; `created_at` survives every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, motif, motifJson, removeTemps, withEmptyStore } from '../helpers/cli';

type PatternJson = Record<string, unknown> & {
  id: string;
  qualified_name: string;
  implementation: string;
  content_hash: string;
  usage_count: number;
  usage_files: number;
  created_at: string;
  updated_at: string;
};
interface Summary {
  status: string;
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  patternsWritten: number;
  usageUpdates: number;
  stats: { patterns: number };
}

let root: string;
let first: Map<string, PatternJson>;

/** Every stored pattern, by qualified name (unique in the fixture). */
async function snapshot(): Promise<Map<string, PatternJson>> {
  const run = await motif(root, ['export', '--format', 'jsonl']);
  expect(run.code).toBe(0);
  const patterns = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PatternJson);
  return new Map(patterns.map((p) => [p.qualified_name, p]));
}

const index = () => motifJson<Summary>(root, ['index', '--jobs', '1', '--json', '.']);
const edit = (file: string, from: string, to: string) => {
  const at = path.join(root, file);
  const text = fs.readFileSync(at, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(at, text.replace(from, to));
};

beforeAll(async () => {
  root = copyFixture();
  await withEmptyStore(root);
  const summary = await index();
  expect([summary.filesIndexed, summary.stats.patterns]).toEqual([11, 29]);
  first = await snapshot();
});
afterAll(removeTemps);

describe('re-running motif index', () => {
  it('reports all 11 files unchanged and writes nothing, not even a timestamp', async () => {
    const summary = await index();
    expect(summary).toMatchObject({
      status: 'completed',
      filesSeen: 11,
      filesIndexed: 0,
      filesUnchanged: 11,
      filesRemoved: 0,
      patternsWritten: 0,
      usageUpdates: 0,
    });
    // Only the usage trend is new: a second run is the first one it can compare with (flat here).
    const again = await snapshot();
    expect([...again.values()].every((p) => p.usage_trend === 'flat')).toBe(true);
    const withoutTrend = (m: Map<string, PatternJson>) =>
      new Map([...m].map(([k, { usage_trend: _t, ...rest }]) => [k, rest]));
    expect(withoutTrend(again)).toEqual(withoutTrend(first));
  });

  it('re-indexes only the edited file and gives the edited function new content under the same id', async () => {
    edit('shapes/units.py', 'return cm / CM_PER_INCH', 'return round(cm / CM_PER_INCH, 2)');
    const summary = await index();
    expect(summary).toMatchObject({
      filesSeen: 11,
      filesIndexed: 1,
      filesUnchanged: 10,
      filesRemoved: 0,
      patternsWritten: 2,
    });
    const now = await snapshot();
    const before = first.get('to_inches')!;
    const after = now.get('to_inches')!;
    expect(after.implementation).toContain('return round(cm / CM_PER_INCH, 2)');
    expect(after.content_hash).not.toBe(before.content_hash);
    expect(after.id).toBe(before.id);
    expect(after.created_at).toBe(before.created_at);
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(now.size).toBe(29);
  });

  it('leaves the unchanged function of the edited file as it was, updated_at included', async () => {
    // pattern-writes.ts: "updated_at moves only when the content hash or the quality score changed".
    const now = await snapshot();
    expect(now.get('to_cm')!.content_hash).toBe(first.get('to_cm')!.content_hash);
    expect(now.get('to_cm')!.quality_score).toBe(first.get('to_cm')!.quality_score);
    expect(now.get('to_cm')!.updated_at).toBe(first.get('to_cm')!.updated_at);
  });

  it('replaces the pattern of a renamed function and keeps its neighbours', async () => {
    edit('shapes/geometry.py', 'def diagonal(', 'def hypotenuse(');
    const summary = await index();
    expect([summary.filesIndexed, summary.filesUnchanged, summary.patternsWritten]).toEqual([1, 10, 3]);
    const now = await snapshot();
    expect(now.has('diagonal')).toBe(false);
    expect(now.get('hypotenuse')?.line_range).toEqual([16, 18]);
    expect(now.get('area')?.created_at).toBe(first.get('area')!.created_at);
    expect(now.size).toBe(29);
  });

  it('removes the patterns of a deleted file, and the uses that file made', async () => {
    fs.rmSync(path.join(root, 'shapes/io/export.py'));
    const summary = await index();
    expect(summary).toMatchObject({ filesSeen: 10, filesIndexed: 0, filesUnchanged: 10, filesRemoved: 1 });
    const now = await snapshot();
    expect(now.has('summary')).toBe(false);
    expect(now.size).toBe(28);
    expect([now.get('area')!.usage_count, now.get('area')!.usage_files]).toEqual([6, 2]);
    expect([now.get('perimeter')!.usage_count, now.get('perimeter')!.usage_files]).toEqual([2, 2]);
    expect((await motif(root, ['show', 'summary'])).code).toBe(2);
  });

  it('keeps created_at of every pattern that survived all the runs', async () => {
    const now = await snapshot();
    const survivors = [...first.values()].filter((p) => now.has(p.qualified_name));
    expect(survivors).toHaveLength(27);
    for (const p of survivors)
      expect([p.qualified_name, now.get(p.qualified_name)!.created_at]).toEqual([
        p.qualified_name,
        p.created_at,
      ]);
  });
});
