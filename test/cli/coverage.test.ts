/**
 * Test coverage through `motif index`: the fixture's real coverage.py reports (JSON and Cobertura, made by
 * test/fixtures/project/regenerate.sh) give each pattern its line coverage and a known `test_coverage`
 * component; without a report the component is unknown, left out, and the summary says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, motif, motifJson, removeTemps, withEmptyStore } from '../helpers/cli';

afterAll(removeTemps);

type PatternJson = {
  qualified_name: string;
  metrics: { coverage: number | null };
  quality: { unknown: string[]; components: Record<string, unknown> };
};

/** Line coverage per pattern in the fixture's reports (tests/ is not measured, broken.py is omitted). */
const COVERAGE: Record<string, number | null> = {
  Canvas: 1,
  'Canvas.__init__': 1,
  'Canvas.add': 1,
  'Canvas.fits': 1,
  'Canvas.free_area': 1,
  GeometryTest: null,
  'GeometryTest.test_area': null,
  'GeometryTest.test_canvas': null,
  'GeometryTest.test_modern': null,
  'GeometryTest.test_perimeter': null,
  Stack: 1,
  'Stack.__init__': 1,
  'Stack.pop': 1,
  'Stack.push': 1,
  after: null,
  area: 1,
  before: null,
  broken: null,
  // Lines 28, 29, 31, 33 and 34 of the nine in the body ran: the report misses 30, 32, 35-36.
  classify: 5 / 9,
  describe: 0,
  diagonal: 0,
  first: 1,
  outer: 1,
  'outer.inner': 1,
  perimeter: 1,
  render: 0,
  summary: 0,
  to_cm: 1,
  to_inches: 0,
};

async function patterns(root: string): Promise<PatternJson[]> {
  return motifJson<PatternJson[]>(root, ['patterns', '--json', '--limit', '1000', '--sort', 'name']);
}

async function coverageByName(root: string): Promise<Record<string, number | null>> {
  return Object.fromEntries((await patterns(root)).map((p) => [p.qualified_name, p.metrics.coverage]));
}

/** A fresh copy of the fixture with an empty store, indexed with `args`. */
async function indexed(args: string[] = [], setup: (root: string) => void = () => {}) {
  const root = copyFixture();
  await withEmptyStore(root);
  setup(root);
  const run = await motif(root, ['index', '--jobs', '1', ...args, '.']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { root, run };
}

describe('motif index with a coverage report', () => {
  it('--coverage with coverage.py JSON gives each pattern its line coverage', async () => {
    const { root, run } = await indexed(['--coverage', 'reports/coverage.json']);
    expect(run.stdout).toContain(
      `  Coverage   ${path.join(root, 'reports/coverage.json')} (21 patterns with coverage data)\n`,
    );
    expect(await coverageByName(root)).toEqual(COVERAGE);
    const area = (await patterns(root)).find((p) => p.qualified_name === 'area')!;
    expect(area.quality.unknown).toEqual([]);
    expect(area.quality.components.test_coverage).toEqual({
      score: 1,
      weight: 0.2,
      effective_weight: 0.2,
      evidence: '100% of executable lines covered',
    });
    expect((await motifJson<{ withCoverage: number }>(root, ['stats', '--json'])).withCoverage).toBe(21);
  });

  it('finds coverage.xml (Cobertura) at the root by default and reads the same coverage', async () => {
    const { root, run } = await indexed([], (at) =>
      fs.copyFileSync(path.join(at, 'reports/coverage.xml'), path.join(at, 'coverage.xml')),
    );
    expect(run.stdout).toContain(
      `  Coverage   ${path.join(root, 'coverage.xml')} (21 patterns with coverage data)\n`,
    );
    expect(await coverageByName(root)).toEqual(COVERAGE);
  });

  it('reads a Cobertura report passed from a subfolder, whose relative <source> is relative to the project', async () => {
    // coverage.py writes <source>shapes</source> relative to where it ran (the project root, as the
    // default coverage.xml at the root shows); the report's own folder is reports/.
    const { root } = await indexed(['--coverage', 'reports/coverage.xml']);
    expect(await coverageByName(root)).toEqual(COVERAGE);
  });

  it('exits 2 with one line when the report cannot be read', async () => {
    const root = copyFixture();
    const run = await motif(root, ['index', '--jobs', '1', '--coverage', 'missing.json', '.']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^motif: cannot read coverage report: .*missing\.json.*\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(fs.existsSync(path.join(root, '.motif'))).toBe(false);
  });
});

describe('motif index without a coverage report', () => {
  let root: string;

  it('leaves test_coverage unknown on every pattern, and the summary says so', async () => {
    const made = await indexed();
    root = made.root;
    expect(made.run.stdout).toContain(
      '  Coverage   no report found: test coverage left out of scores, weights renormalised\n',
    );
    const all = await patterns(root);
    expect(all).toHaveLength(29);
    for (const p of all) {
      expect([p.qualified_name, p.metrics.coverage, p.quality.unknown]).toEqual([
        p.qualified_name,
        null,
        ['test_coverage'],
      ]);
    }
    expect((await motifJson<{ withCoverage: number }>(root, ['stats', '--json'])).withCoverage).toBe(0);
  });

  it('applies a report given on a later run, although no file changed', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '--coverage', 'reports/coverage.json', '.']);
    expect(run.code).toBe(0);
    expect(await coverageByName(root)).toEqual(COVERAGE);
  });
});
