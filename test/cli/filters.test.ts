/**
 * `index --min-quality Q --max-complexity N`, the seed's ingestion filters: judged on final scores,
 * they keep exactly the passing patterns, and `--full` without them brings everything back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, motif, motifJson, removeTemps, withEmptyStore } from '../helpers/cli';

afterAll(removeTemps);

type PatternJson = { qualified_name: string; quality_score: number; complexity: number };
interface Summary {
  filteredOut: number;
  filesIndexed: number;
  stats: { patterns: number };
}

async function all(root: string): Promise<PatternJson[]> {
  return motifJson<PatternJson[]>(root, ['patterns', '--limit', '1000', '--json']);
}

describe('ingestion filters', () => {
  it('keep only patterns at or above --min-quality and at or below --max-complexity, and --full restores the rest', async () => {
    const root = copyFixture();
    await withEmptyStore(root);
    const unfiltered = await motifJson<Summary>(root, ['index', '--jobs', '1', '--json', '.']);
    const everything = await all(root);
    expect(everything).toHaveLength(unfiltered.stats.patterns);
    const threshold = 0.7;
    const passing = everything.filter((p) => p.quality_score >= threshold && p.complexity <= 3);
    expect(passing.length).toBeGreaterThan(0);
    expect(passing.length).toBeLessThan(everything.length);

    const filterArgs = ['index', '--jobs', '1', '--min-quality', String(threshold), '--max-complexity', '3'];
    const filtered = await motifJson<Summary>(root, [...filterArgs, '--json', '.']);
    // A filtered run re-analyses every file, so the stored set matches the current code exactly.
    expect(filtered.filesIndexed).toBe(unfiltered.filesIndexed);
    expect(filtered.filteredOut).toBe(everything.length - passing.length);
    const kept = await all(root);
    expect(kept.map((p) => p.qualified_name).sort()).toEqual(passing.map((p) => p.qualified_name).sort());

    const human = await motif(root, [...filterArgs, '.']);
    expect(human.stdout).toMatch(/left out by --min-quality\/--max-complexity/);

    await motifJson<Summary>(root, ['index', '--jobs', '1', '--full', '--json', '.']);
    expect((await all(root)).length).toBe(everything.length);
  });

  it('reject a negative quality or a complexity below 1', async () => {
    const root = copyFixture();
    expect((await motif(root, ['index', '--min-quality', '-1', '.'])).code).toBe(2);
    expect((await motif(root, ['index', '--max-complexity', '0', '.'])).code).toBe(2);
  });
});
