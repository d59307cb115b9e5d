/**
 * The CLI's output switches (`--json` and `--verbose` of index, `--version`, `--help`) and where it finds
 * its store: `--db <folder>`, `MOTIF_DATABASE_URL` naming a folder, or the nearest `.motif/` above the
 * current folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  motif,
  motifJson,
  REPO_ROOT,
  removeTemps,
  tempDir,
  templateProject,
  withEmptyStore,
} from '../helpers/cli';

afterAll(removeTemps);

const packageVersion = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

describe('output switches', () => {
  let root: string;
  beforeAll(async () => {
    root = copyFixture();
    await withEmptyStore(root);
  });

  it('index --json prints one JSON object with the summary fields and the store stats', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '--json', '.']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'root',
        'store',
        'coverage',
        'runId',
        'status',
        'filesSeen',
        'filesIndexed',
        'filesUnchanged',
        'filesRemoved',
        'skipped',
        'syntaxErrors',
        'patternsWritten',
        'usageUpdates',
        'durationMs',
        'stats',
      ]),
    );
    expect(summary).toMatchObject({
      root,
      store: path.join(root, '.motif', 'db'),
      coverage: null,
      status: 'completed',
      filesSeen: 11,
      filesIndexed: 11,
      filesUnchanged: 0,
      filesRemoved: 0,
      skipped: [{ path: 'build', reason: 'ignored', detail: 'ignored by .gitignore: build/' }],
      syntaxErrors: [
        {
          path: 'shapes/broken.py',
          errors: 1,
          message: '1 syntax error, first at line 10; well-formed definitions were still read',
        },
      ],
      patternsWritten: 29,
      stats: { patterns: 29, files: 11 },
    });
    expect(summary.usageUpdates).toBeGreaterThan(0);
  });

  it('--verbose prints debug lines on stderr: the store opened and the run finished', async () => {
    const run = await motif(root, ['--verbose', 'index', '--jobs', '1', '.']);
    expect(run.code).toBe(0);
    const debug = run.stderr.split('\n').filter((l) => l.startsWith('debug: '));
    expect(debug[0]).toBe(`debug: store open at ${path.join(root, '.motif', 'db')}`);
    expect(debug.at(-1)).toMatch(/^debug: index run \d+ completed in \d+ ms$/);
    expect((await motif(root, ['index', '--jobs', '1', '.'])).stderr).toBe('');
  });

  it('--version prints the package version and exits 0', async () => {
    expect(await motif(root, ['--version'])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('--help lists every command and exits 0', async () => {
    const run = await motif(root, ['--help']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[0]).toBe('Usage: motif [options] [command]');
    const commands = [...run.stdout.matchAll(/^ {2}(\w[\w-]*) /gm)].map((m) => m[1]);
    expect(commands).toEqual([
      'index',
      'patterns',
      'show',
      'search',
      'stats',
      'export',
      'validate',
      'similar',
      'sync',
      'duplicates',
      'graph',
      'record-usage',
      'lsp',
      'db',
      'status',
      'migrate',
      'dashboard',
      'help',
    ]);
  });

  it('index --help lists its options and exits 0', async () => {
    const run = await motif(root, ['index', '--help']);
    expect(run.code).toBe(0);
    for (const option of [
      '--jobs <n>',
      '--coverage <file>',
      '--exclude <glob>',
      '--repository <name>',
      '--json',
    ])
      expect(run.stdout).toContain(option);
  });
});

describe('where the store is', () => {
  it('by default index creates <root>/.motif/db with a .gitignore that keeps .motif/ out of Git', async () => {
    // The shared template store is made by a plain `motif index` on an empty folder.
    const project = await templateProject();
    expect(fs.readFileSync(path.join(project, '.motif', '.gitignore'), 'utf8')).toBe(
      '# Motif index (generated)\n*\n',
    );
    expect(fs.statSync(path.join(project, '.motif', 'db')).isDirectory()).toBe(true);
    expect(fs.readdirSync(project)).toEqual(['.motif']);
  });

  it('--db <folder> holds the store: index writes there, not into .motif/, and reads find it', async () => {
    const root = copyFixture();
    const db = await withEmptyStore(tempDir());
    const run = await motif(root, ['--db', db, 'index', '--jobs', '1', '.']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  Store      ${db}\n`);
    expect(fs.existsSync(path.join(root, '.motif'))).toBe(false);
    const elsewhere = tempDir();
    expect(await motifJson(elsewhere, ['--db', db, 'stats', '--json'])).toMatchObject({
      store: db,
      patterns: 29,
    });
  });

  it("--db naming a project's .motif/ folder is that store, as the default index made it", async () => {
    const root = copyFixture();
    await withEmptyStore(root);
    expect((await motif(root, ['index', '--jobs', '1', '.'])).code).toBe(0);
    const store = path.join(root, '.motif', 'db');
    const elsewhere = tempDir();
    expect(await motifJson(elsewhere, ['--db', path.join(root, '.motif'), 'stats', '--json'])).toMatchObject({
      store,
      patterns: 29,
    });
    // Nothing was created beside the store's own database.
    expect(fs.readdirSync(path.join(root, '.motif')).sort()).toEqual(['.gitignore', 'db']);
  });

  it('--db refuses folders that hold no store: a read of a missing one, an index into a full one or a file', async () => {
    const cwd = tempDir();
    const missing = await motif(cwd, ['--db', 'typo', 'stats']);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(
      `motif: no Motif store in ${path.join(cwd, 'typo')}: run \`motif index\` with this --db first, or check the path\n`,
    );
    expect(fs.existsSync(path.join(cwd, 'typo'))).toBe(false);

    const root = copyFixture();
    const full = path.join(cwd, 'documents');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'notes.txt'), 'mine\n');
    const intoFull = await motif(root, ['--db', full, 'index', '--jobs', '1', '.']);
    expect(intoFull.code).toBe(2);
    expect(intoFull.stderr).toContain(`${full} is not an embedded Motif store and is not empty`);
    expect(fs.readdirSync(full)).toEqual(['notes.txt']);

    const intoFile = await motif(root, ['--db', path.join(full, 'notes.txt'), 'index', '--jobs', '1', '.']);
    expect(intoFile.code).toBe(2);
    expect(intoFile.stderr).toContain('it is a file, not a folder');
    expect(fs.readFileSync(path.join(full, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('a relative --db is resolved against the current folder', async () => {
    const root = copyFixture();
    const parent = path.dirname(root);
    await withEmptyStore(parent);
    const run = await motif(root, ['--db', '../.motif/db', 'index', '--jobs', '1', '.']);
    expect(run.code).toBe(0);
    expect(await motifJson(parent, ['stats', '--json'])).toMatchObject({
      store: path.join(parent, '.motif', 'db'),
      patterns: 29,
    });
  });

  it('MOTIF_DATABASE_URL naming a folder holds the store, and --db wins over it', async () => {
    const root = copyFixture();
    const db = await withEmptyStore(tempDir());
    const env = { MOTIF_DATABASE_URL: db };
    expect((await motif(root, ['index', '--jobs', '1', '.'], env)).code).toBe(0);
    expect(fs.existsSync(path.join(root, '.motif'))).toBe(false);
    expect(await motifJson(tempDir(), ['stats', '--json'], env)).toMatchObject({ store: db, patterns: 29 });
    const other = await withEmptyStore(tempDir());
    expect(await motifJson(root, ['--db', other, 'stats', '--json'], env)).toMatchObject({
      store: other,
      patterns: 0,
    });
  });

  it('read commands find .motif/ from a subfolder of the project', async () => {
    const root = copyFixture();
    await withEmptyStore(root);
    expect((await motif(root, ['index', '--jobs', '1', '.'])).code).toBe(0);
    const sub = path.join(root, 'shapes', 'io');
    expect(await motifJson(sub, ['stats', '--json'])).toMatchObject({
      store: path.join(root, '.motif', 'db'),
      patterns: 29,
    });
    const fits = await motifJson<{ file_path: string }>(sub, ['show', 'Canvas.fits', '--json']);
    expect(fits.file_path).toBe('shapes/canvas.py');
  });
});
