/**
 * `motif index` on the fixture project, then every read command on the store it made: the patterns
 * found (count, kinds, qualified names, ranges, usage), the stable JSON shape of `pattern-json.ts`,
 * `show` by name, place and id, `search`, `stats`, `export` in its three formats and `validate`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, motif, motifJson, removeTemps, withEmptyStore } from '../helpers/cli';

type Json = Record<string, unknown>;
type PatternJson = Json & {
  id: string;
  qualified_name: string;
  kind: string;
  file_path: string;
  line_range: [number, number];
  usage_count: number;
  usage_files: number;
  metrics: Json;
  quality: Json & { total: number; components: Record<string, Json> };
};

let root: string;
let indexRun: { code: number; stdout: string; stderr: string };
let all: PatternJson[];

beforeAll(async () => {
  root = copyFixture();
  await withEmptyStore(root);
  indexRun = await motif(root, ['index', '--jobs', '1', '--repository', 'fixture', '.']);
  all = await motifJson<PatternJson[]>(root, ['patterns', '--json', '--limit', '1000', '--sort', 'name']);
});
afterAll(removeTemps);

const byName = (name: string) => all.find((p) => p.qualified_name === name)!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every pattern of the fixture: kind, qualified name, file and line range. */
const EXPECTED = [
  'class Canvas shapes/canvas.py 5-25',
  'method Canvas.__init__ shapes/canvas.py 8-11',
  'method Canvas.add shapes/canvas.py 13-16',
  'method Canvas.fits shapes/canvas.py 18-20',
  'method Canvas.free_area shapes/canvas.py 22-25',
  'class GeometryTest tests/test_geometry.py 10-33',
  'method GeometryTest.test_area tests/test_geometry.py 11-15',
  'method GeometryTest.test_canvas tests/test_geometry.py 20-25',
  'method GeometryTest.test_modern tests/test_geometry.py 27-33',
  'method GeometryTest.test_perimeter tests/test_geometry.py 17-18',
  'class Stack shapes/modern.py 11-23',
  'method Stack.__init__ shapes/modern.py 14-15',
  'method Stack.pop shapes/modern.py 21-23',
  'method Stack.push shapes/modern.py 17-19',
  'function after shapes/broken.py 13-15',
  'function area shapes/geometry.py 4-8',
  'function before shapes/broken.py 4-6',
  'function broken shapes/broken.py 9-10',
  'function classify shapes/modern.py 26-36',
  'function describe shapes/render.py 8-11',
  'function diagonal shapes/geometry.py 16-18',
  'function first shapes/modern.py 6-8',
  'function outer shapes/canvas.py 28-34',
  'function outer.inner shapes/canvas.py 31-32',
  'function perimeter shapes/geometry.py 11-13',
  'function render shapes/render.py 14-18',
  'function summary shapes/io/export.py 6-11',
  'function to_cm shapes/units.py 6-8',
  'function to_inches shapes/units.py 11-13',
];

/** The top-level keys of the stable JSON shape, in `toPatternJson`'s order. */
const PATTERN_KEYS = [
  'id',
  'pattern_name',
  'pattern_type',
  'category',
  'file_path',
  'line_range',
  'implementation',
  'complexity',
  'quality_score',
  'tags',
  'dependencies',
  'docstring',
  'qualified_name',
  'kind',
  'repository',
  'signature',
  'quality',
  'metrics',
  'usage_count',
  'usage_files',
  'last_used_at',
  'used_by_agents',
  'usage_trend',
  'design_patterns',
  'design_pattern',
  'parameters',
  'return_annotation',
  'decorators',
  'is_async',
  'bases',
  'calls',
  'references',
  'imports',
  'content_hash',
  'created_at',
  'updated_at',
];
const METRIC_KEYS = [
  'cyclomatic',
  'cyclomatic_rank',
  'cognitive',
  'max_nesting',
  'parameters',
  'sloc',
  'lloc',
  'comments',
  'halstead_volume',
  'maintainability_index',
  'maintainability_rank',
  'has_docstring',
  'fully_typed',
  'coverage',
  'fan_out',
  'lcom4',
];
const COMPONENTS = ['complexity', 'documentation', 'test_coverage', 'reusability', 'maintainability'];

describe('motif index on the fixture project', () => {
  it('exits 0 and summarises 11 files indexed, build/ ignored and 29 patterns', () => {
    expect(indexRun.code).toBe(0);
    const lines = indexRun.stdout.split('\n');
    expect(lines[0]).toBe(`Indexed ${root}`);
    // build/ was never among the files found: it is left out apart, so found = indexed + unchanged + skipped.
    expect(lines[1]).toBe('  Files      11 found · 11 indexed · 0 unchanged · 0 skipped · 0 removed');
    expect(lines[2]).toBe('  Left out   1 ignored');
    expect(lines[3]).toBe('             build: ignored by .gitignore: build/');
    expect(indexRun.stdout).toContain('  Patterns   29 in store (29 written this run)\n');
    expect(indexRun.stdout).toContain('             class_pattern 3 · function_pattern 26\n');
    expect(indexRun.stdout).toContain(`  Store      ${path.join(root, '.motif', 'db')}`);
  });

  it('stores every function, method and class with its qualified name and line range', () => {
    expect(all.map((p) => `${p.kind} ${p.qualified_name} ${p.file_path} ${p.line_range.join('-')}`)).toEqual(
      EXPECTED,
    );
  });

  it('never indexes the file under the ignored build/ folder', () => {
    expect(all.filter((p) => p.file_path.startsWith('build/'))).toEqual([]);
  });

  it('counts uses of area from the other modules and the tests: 7 call sites in 3 files', () => {
    expect([byName('area').usage_count, byName('area').usage_files]).toEqual([7, 3]);
    expect([byName('perimeter').usage_count, byName('perimeter').usage_files]).toEqual([3, 3]);
    // `import shapes.units as units` in render.py and `from shapes.units import to_cm` in the test.
    expect([byName('to_cm').usage_count, byName('to_cm').usage_files]).toEqual([2, 2]);
    // `from . import geometry` then `geometry.diagonal(…)`.
    expect(byName('diagonal').usage_count).toBe(1);
    // Only `self.fits(…)` in Canvas.add, in its own file.
    expect([byName('Canvas.fits').usage_count, byName('Canvas.fits').usage_files]).toEqual([1, 1]);
    expect(byName('to_inches').usage_count).toBe(0);
  });

  it('writes self-calls and imported names into calls, and resolves relative imports into dependencies', () => {
    const canvas = byName('Canvas');
    expect(canvas.calls).toEqual(['area', 'self.fits', 'self.free_area', 'self.shapes.append', 'sum']);
    expect(canvas.dependencies).toEqual(['shapes.geometry']);
    expect(byName('summary').dependencies).toEqual(['shapes.canvas', 'shapes.geometry']);
    expect(byName('describe').dependencies).toEqual([
      'shapes',
      'shapes.canvas',
      'shapes.geometry',
      'shapes.units',
    ]);
  });
});

describe('the pattern JSON shape', () => {
  it('has exactly the documented fields, in order, for every pattern', () => {
    for (const p of all) {
      expect(Object.keys(p)).toEqual(PATTERN_KEYS);
      expect(Object.keys(p.metrics)).toEqual(METRIC_KEYS);
      expect(Object.keys(p.quality)).toEqual([
        'profile',
        'total',
        'unknown',
        'components',
        'profile_components',
      ]);
      expect(Object.keys(p.quality.components)).toEqual(COMPONENTS);
      for (const c of COMPONENTS)
        expect(Object.keys(p.quality.components[c]!)).toEqual([
          'score',
          'weight',
          'effective_weight',
          'evidence',
        ]);
    }
  });

  it('gives area its identity, source text, signature, metrics and a quality without coverage', async () => {
    const area = await motifJson<PatternJson>(root, ['show', 'area', '--json']);
    const implementation = [
      'def area(width: float, height: float) -> float:',
      '    """Return the area of a width x height rectangle."""',
      '    if width < 0 or height < 0:',
      '        raise ValueError("negative size")',
      '    return width * height',
    ].join('\n');
    expect(area).toMatchObject({
      id: sha256('fixture\0shapes/geometry.py\0area').slice(0, 16),
      pattern_type: 'function_pattern',
      file_path: 'shapes/geometry.py',
      line_range: [4, 8],
      implementation,
      complexity: 3,
      docstring: 'Return the area of a width x height rectangle.',
      qualified_name: 'area',
      kind: 'function',
      repository: 'fixture',
      signature: 'def area(width: float, height: float) -> float',
      usage_count: 7,
      usage_files: 3,
      parameters: [
        { name: 'width', annotation: 'float', default: null, kind: 'normal' },
        { name: 'height', annotation: 'float', default: null, kind: 'normal' },
      ],
      return_annotation: 'float',
      decorators: [],
      is_async: false,
      bases: [],
      calls: ['ValueError'],
      imports: [],
      content_hash: sha256(implementation),
    });
    expect(area.metrics).toMatchObject({
      cyclomatic: 3,
      cyclomatic_rank: 'A',
      parameters: 2,
      has_docstring: true,
      fully_typed: true,
      coverage: null,
      lcom4: null,
    });
    expect(area.quality.unknown).toEqual(['test_coverage']);
    expect(area.quality.components.test_coverage).toEqual({
      score: null,
      weight: 0.2,
      effective_weight: 0,
      evidence: 'no coverage data (left out, weights renormalised)',
    });
    expect(area.quality_score).toBe(area.quality.total);
    expect(Number.isNaN(Date.parse(area.created_at as string))).toBe(false);
  });

  it('reads Python 3.12 syntax without a syntax error: PEP 695 generics and a match statement', () => {
    expect(byName('first').signature).toBe('def first[T](items: list[T]) -> T');
    expect(byName('Stack').signature).toBe('class Stack[T]');
    expect(byName('classify').line_range).toEqual([26, 36]);
    expect(indexRun.stdout).toContain('  Syntax     1 files with syntax errors');
    expect(indexRun.stdout).not.toContain('shapes/modern.py');
  });
});

describe('motif show', () => {
  it('finds a method by its qualified name Class.method', async () => {
    const run = await motif(root, ['show', 'Canvas.fits']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'Fits Method',
      '  method Canvas.fits  (function_pattern, general)',
      `  shapes/canvas.py:18-20   id ${byName('Canvas.fits').id}   repository fixture`,
      '  def fits(self, width: float, height: float) -> bool',
    ]);
    expect(run.stdout).toContain('  Unknown: test_coverage — left out and the other weights renormalised.');
    expect(run.stdout).toContain('Usage  1 reference site(s) in 1 file(s)');
  });

  it.each([
    ['shapes/canvas.py:19', 'Canvas.fits'],
    ['./shapes/canvas.py:31', 'outer.inner'],
    ['shapes/canvas.py:28', 'outer'],
    ['shapes/canvas.py:5', 'Canvas'],
    ['shapes/modern.py:30', 'classify'],
  ])('resolves %s to the innermost pattern there, %s', async (ref, name) => {
    expect((await motifJson<PatternJson>(root, ['show', ref, '--json'])).qualified_name).toBe(name);
  });

  it('finds a pattern by its id', async () => {
    const shown = await motifJson<PatternJson>(root, ['show', byName('outer.inner').id, '--json']);
    // `show` adds the graph's facts to the pattern JSON.
    const { relationships, usage_history, usage_events, ...pattern } = shown;
    expect(pattern).toEqual(byName('outer.inner'));
    expect([relationships, usage_history, usage_events].every(Array.isArray)).toBe(true);
  });

  it('exits 2 with one line for a line between patterns', async () => {
    const run = await motif(root, ['show', 'shapes/canvas.py:26']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'motif: no pattern matches "shapes/canvas.py:26" (give an id, file.py:line or a qualified name)\n',
    });
  });
});

describe('motif search and stats', () => {
  it('search matches docstrings: "rectangle" finds the five patterns whose docstring says it', async () => {
    const found = await motifJson<PatternJson[]>(root, ['search', 'rectangle', '--json']);
    expect(found.map((p) => p.qualified_name).sort()).toEqual([
      'Canvas',
      'Canvas.add',
      'Canvas.fits',
      'area',
      'perimeter',
    ]);
  });

  it('search prints a clear line when nothing matches', async () => {
    expect(await motif(root, ['search', 'zzz-nothing'])).toEqual({
      code: 0,
      stdout: 'Nothing matches "zzz-nothing".\n',
      stderr: '',
    });
  });

  it('stats --json counts patterns, files, kinds and the last run', async () => {
    const stats = await motifJson<Json>(root, ['stats', '--json']);
    expect(stats).toMatchObject({
      store: path.join(root, '.motif', 'db'),
      patterns: 29,
      files: 11,
      filesSkipped: 0,
      byType: { class_pattern: 3, function_pattern: 26 },
      byKind: { function: 15, method: 11, class: 3 },
      byCategory: { testing: 5, general: 24 },
      withCoverage: 0,
      lastRun: { status: 'completed', root, filesSeen: 11, filesIndexed: 11, patterns: 29 },
    });
    const tiers = stats.tiers as Record<string, number>;
    expect(tiers.high! + tiers.medium! + tiers.low!).toBe(29);
  });
});

describe('motif export', () => {
  it('--format json writes an array equal to patterns --json, pattern by pattern', async () => {
    const out = path.join(root, 'out.json');
    const run = await motif(root, ['export', '--format', 'json', '--out', 'out.json']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'Exported 29 patterns to out.json\n' });
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as PatternJson[];
    const listed = new Map(all.map((p) => [p.id, p]));
    expect(exported).toHaveLength(29);
    for (const p of exported) expect(p).toEqual(listed.get(p.id));
  });

  it('--out replaces an earlier export whole, through a file beside it that is gone afterwards', async () => {
    fs.writeFileSync(path.join(root, 'again.jsonl'), 'an earlier, longer export\n'.repeat(10_000));
    const run = await motif(root, ['export', '--format', 'jsonl', '--out', 'again.jsonl']);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'again.jsonl'), 'utf8').split('\n')).toHaveLength(30);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('again.jsonl'))).toEqual(['again.jsonl']);
  });

  it('--format jsonl writes one JSON object per line, the same objects as json', async () => {
    await motif(root, ['export', '--format', 'json', '--out', 'out.json']);
    const run = await motif(root, ['export', '--format', 'jsonl', '--out', 'out.jsonl']);
    expect(run.code).toBe(0);
    const lines = fs.readFileSync(path.join(root, 'out.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(
      JSON.parse(fs.readFileSync(path.join(root, 'out.json'), 'utf8')),
    );
  });

  it('--format csv writes the header and one row per pattern, quoting cells with commas', async () => {
    const run = await motif(root, ['export', '--format', 'csv']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'id,pattern_name,pattern_type,category,qualified_name,kind,file_path,line_start,line_end,quality_score,complexity,usage_count,usage_files,tags,dependencies,docstring',
    );
    expect(lines).toHaveLength(30);
    const area = byName('area');
    expect(lines).toContain(
      `${area.id},Area Function,function_pattern,general,area,function,shapes/geometry.py,4,8,${area.quality_score},3,7,3,,,Return the area of a width x height rectangle.`,
    );
    expect(lines.find((l) => l.startsWith(`${byName('before').id},`))).toMatch(
      /,"Well-formed, before the error\."$/,
    );
    expect(lines.find((l) => l.startsWith(`${byName('describe').id},`))).toContain(
      ',shapes;shapes.canvas;shapes.geometry;shapes.units,',
    );
  });
});

describe('motif validate', () => {
  it('--json reports every gate, no duplicates, and exits 0 when all pass', async () => {
    const run = await motif(root, ['validate', '--json']);
    const report = JSON.parse(run.stdout) as {
      passed: boolean;
      gates: { gate: string; passed: boolean; detail: string }[];
    };
    expect(report.gates.map((g) => g.gate)).toEqual([
      'has_patterns',
      'no_file_name_patterns',
      'quality_complete',
      'quality_variance',
      'multiple_pattern_types',
      'no_duplicates',
      'metadata_present',
    ]);
    const gate = (name: string) => report.gates.find((g) => g.gate === name)!;
    expect(gate('has_patterns')).toEqual({ gate: 'has_patterns', passed: true, detail: '29 patterns' });
    expect(gate('no_duplicates').detail).toBe('0 duplicated (repository, file, qualified name) identities');
    expect(gate('quality_complete').detail).toBe(
      '29/29 patterns with quality in [0, 1] (NULL: 0, out of range: 0)',
    );
    expect(gate('metadata_present').passed).toBe(true);
    expect(run.code).toBe(report.passed ? 0 : 1);
  });
});
