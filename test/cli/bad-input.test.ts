/**
 * Bad input through `motif index` and the read commands: files that cannot be Python source are skipped
 * with a clear reason, counted in the summary, and nothing stored is lost; usage errors exit 2 with one
 * `motif: …` line. (The unreadable folder needs another user and lives in binary.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliRun,
  copyFixture,
  motif,
  motifJson,
  removeTemps,
  tempDir,
  withEmptyStore,
} from '../helpers/cli';

interface Skipped {
  path: string;
  reason: string;
  detail: string;
}
interface Summary {
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  skipped: Skipped[];
  walkSkipped: number;
  stats: { patterns: number; filesSkipped: number };
}

const MIB = 1024 * 1024;
let root: string;
let cleanRun: CliRun;
let badRun: CliRun;
let bad: Summary;

/**
 * Python text of exactly `bytes` bytes: comment lines, then one function. (Comments after code would
 * make tree-sitter-python quadratic: see binary.test.ts.)
 */
function pythonOfSize(name: string, bytes: number): string {
  const tail = `def ${name}() -> int:\n    return 1\n`;
  const line = `# ${'x'.repeat(97)}\n`;
  const body = line.repeat(Math.floor((bytes - tail.length) / line.length));
  return `${body}${'#'.repeat(bytes - tail.length - body.length - 1)}\n${tail}`;
}

beforeAll(async () => {
  root = copyFixture();
  await withEmptyStore(root);
  cleanRun = await motif(root, ['index', '--jobs', '1', '.']);
  const shapes = path.join(root, 'shapes');
  // Latin-1 bytes (é = 0xE9) without a coding cookie: not UTF-8, as Python would also refuse.
  fs.writeFileSync(
    path.join(shapes, 'latin.py'),
    Buffer.from('def caf\xe9() -> str:\n    return "caf\xe9"\n', 'latin1'),
  );
  // The same bytes under a PEP 263 cookie are fine.
  fs.writeFileSync(
    path.join(shapes, 'cookie.py'),
    Buffer.from('# -*- coding: latin-1 -*-\ndef caf\xe9_ok() -> str:\n    return "caf\xe9"\n', 'latin1'),
  );
  fs.writeFileSync(
    path.join(shapes, 'blob.py'),
    Buffer.from('def f():\n    return 1\n\0\x01\x02\x03', 'latin1'),
  );
  fs.writeFileSync(path.join(shapes, 'at_limit.py'), pythonOfSize('at_limit', 2 * MIB));
  fs.writeFileSync(path.join(shapes, 'huge.py'), pythonOfSize('huge', 2 * MIB + 1));
  fs.symlinkSync('..', path.join(shapes, 'loop'));
  badRun = await motif(root, ['index', '--jobs', '1', '--json', '.']);
  bad = JSON.parse(badRun.stdout) as Summary;
});
afterAll(removeTemps);

describe('a file with a syntax error', () => {
  it('is named in the summary, and its well-formed functions are stored', async () => {
    expect(cleanRun.code).toBe(0);
    expect(cleanRun.stdout).toContain(
      [
        '  Syntax     1 files with syntax errors (well-formed definitions still read)',
        '             shapes/broken.py: 1 syntax error, first at line 10; well-formed definitions were still read',
      ].join('\n'),
    );
    const names = (
      await motifJson<{ qualified_name: string; file_path: string }[]>(root, [
        'patterns',
        '--json',
        '--limit',
        '1000',
      ])
    )
      .filter((p) => p.file_path === 'shapes/broken.py')
      .map((p) => p.qualified_name);
    expect(names.sort()).toEqual(['after', 'before', 'broken']);
  });
});

describe('files that cannot be indexed', () => {
  it('do not stop the run: exit 0, every earlier pattern kept, the two good new files indexed', () => {
    expect(badRun.code).toBe(0);
    expect(bad).toMatchObject({ filesSeen: 15, filesIndexed: 2, filesUnchanged: 11 });
    expect(bad.stats.patterns).toBe(29 + 2);
    expect(bad.stats.filesSkipped).toBe(2);
  });

  it('are told apart from what the walk left out, so the files found add up', () => {
    // The walk's entries come first: never read, so not among the 15 found.
    expect(bad.walkSkipped).toBe(3);
    expect(bad.skipped.slice(0, 3).map((s) => s.path)).toEqual(['build', 'shapes/huge.py', 'shapes/loop']);
    const notIndexed = bad.skipped.slice(bad.walkSkipped).map((s) => s.path);
    expect(notIndexed.sort()).toEqual(['shapes/blob.py', 'shapes/latin.py']);
    expect(bad.filesIndexed + bad.filesUnchanged + notIndexed.length).toBe(bad.filesSeen);
  });

  it.each([
    ['shapes/latin.py', 'not_utf8', 'not valid utf-8 at offset 7, line 1'],
    ['shapes/blob.py', 'binary', 'NUL byte at offset 22 (binary file)'],
    ['shapes/huge.py', 'too_large', expect.stringMatching(/ MB > 2 MB limit$/)],
    ['shapes/loop', 'symlink_loop', 'links back to the root, which contains it'],
    ['build', 'ignored', 'ignored by .gitignore: build/'],
  ])('%s is skipped as %s with a clear detail', (at, reason, detail) => {
    expect(bad.skipped.filter((s) => s.path === at)).toEqual([{ path: at, reason, detail }]);
  });

  it('are all listed, and nothing else is', () => {
    expect(bad.skipped.map((s) => s.path).sort()).toEqual([
      'build',
      'shapes/blob.py',
      'shapes/huge.py',
      'shapes/latin.py',
      'shapes/loop',
    ]);
  });

  it('a file of exactly 2 MB is indexed, and a latin-1 file with a coding cookie too', async () => {
    expect(fs.statSync(path.join(root, 'shapes/at_limit.py')).size).toBe(2 * MIB);
    expect(fs.statSync(path.join(root, 'shapes/huge.py')).size).toBe(2 * MIB + 1);
    expect((await motifJson<{ file_path: string }>(root, ['show', 'at_limit', '--json'])).file_path).toBe(
      'shapes/at_limit.py',
    );
    expect((await motifJson<{ signature: string }>(root, ['show', 'café_ok', '--json'])).signature).toBe(
      'def café_ok() -> str',
    );
  });

  it('a file one byte over 2 MB reads as larger than the limit in its detail', () => {
    const detail = bad.skipped.find((s) => s.path === 'shapes/huge.py')!.detail;
    const [, size, limit] = /^(.+) > (.+) limit$/.exec(detail) ?? [];
    expect(limit).toBe('2 MB');
    expect(size).not.toBe(limit);
  });

  it('a re-run still counts the binary and the non-UTF-8 file as skipped, not as unchanged', async () => {
    const again = await motifJson<Summary>(root, ['index', '--jobs', '1', '--json', '.']);
    expect(again).toMatchObject({ filesSeen: 15, filesIndexed: 0, filesUnchanged: 13 });
    expect(again.skipped.map((s) => s.path).sort()).toEqual([
      'build',
      'shapes/blob.py',
      'shapes/huge.py',
      'shapes/latin.py',
      'shapes/loop',
    ]);
  });
});

describe('an empty folder', () => {
  it('indexes to 0 patterns with exit 0 and a short summary; validate then fails has_patterns', async () => {
    const empty = tempDir();
    await withEmptyStore(empty);
    const run = await motif(empty, ['index', '--jobs', '1', '.']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        [
          `^Indexed ${empty}`,
          '  Files      0 found · 0 indexed · 0 unchanged · 0 skipped · 0 removed',
          '  Patterns   0 in store \\(0 written this run\\)',
          '  Duration   \\d+\\.\\d s',
          `  Store      ${path.join(empty, '.motif', 'db')}\n$`,
        ].join('\n'),
      ),
    );
    const validate = await motif(empty, ['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('FAIL  has_patterns             0 patterns\n');
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  let noStore: string;
  beforeAll(() => {
    noStore = tempDir();
  });

  it.each([
    [['index', '--jobs', '0', '.'], 'motif: --jobs must be a whole number ≥ 1, got 0'],
    [['index', '--jobs', '1.5', '.'], 'motif: --jobs must be a whole number ≥ 1, got 1.5'],
    [
      ['patterns', '--sort', 'bogus'],
      'motif: --sort must be one of quality, usage, complexity, name, got "bogus"',
    ],
    [['patterns', '--limit', '0'], 'motif: --limit must be a number ≥ 1, got "0"'],
    [['patterns', '--min-quality', 'high'], 'motif: --min-quality must be a number from 0 to 1, got "high"'],
    [['patterns', '--min-quality', '1.5'], 'motif: --min-quality must be a number from 0 to 1, got "1.5"'],
    [
      ['duplicates', '--min-similarity', '2'],
      'motif: --min-similarity must be a number from 0 to 1, got "2"',
    ],
    [
      ['show', 'Nope.nothing'],
      'motif: no pattern matches "Nope.nothing" (give an id, file.py:line or a qualified name)',
    ],
    [
      ['patterns', '--type', 'function'],
      'motif: --type must be one of function_pattern, class_pattern, design_pattern, got "function"',
    ],
    [
      ['export', '--out', 'no-such-folder/patterns.json'],
      'motif: cannot export to no-such-folder/patterns.json: its folder does not exist',
    ],
    [['export', '--out', 'shapes'], 'motif: cannot export to shapes: it is a folder (give a file name)'],
    [
      ['export', '--format', 'xml'],
      "motif: option '--format <format>' argument 'xml' is invalid. Allowed choices are json, jsonl, csv.",
    ],
  ])('motif %j', async (args, line) => {
    expect(await motif(root, args)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('a read command where no store exists', async () => {
    expect(await motif(noStore, ['stats'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `motif: no Motif store found in ${noStore} or its parents: run \`motif index\` first, or pass --db\n`,
    });
  });

  it('index of a path that does not exist, which it must not create', async () => {
    const missing = path.join(noStore, 'missing', 'sub');
    expect(await motif(noStore, ['index', '--jobs', '1', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `motif: Root folder "${missing}" does not exist\n`,
    });
    expect(fs.existsSync(path.join(noStore, 'missing'))).toBe(false);
  });

  it('index of a path that does not exist, with the store elsewhere (--db)', async () => {
    const missing = path.join(noStore, 'gone');
    const db = await withEmptyStore(tempDir());
    expect(await motif(noStore, ['--db', db, 'index', '--jobs', '1', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `motif: Root folder "${missing}" does not exist\n`,
    });
  });

  it('index of a file instead of a folder', async () => {
    const file = path.join(root, 'shapes/units.py');
    expect(await motif(root, ['index', '--jobs', '1', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `motif: Root "${file}" is not a folder\n`,
    });
  });
});
