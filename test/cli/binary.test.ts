/**
 * The built `motif` binary as a process: worker threads (`--jobs 2`) give the same store as the
 * in-process path; SIGINT and kill -9 in the middle of a run on part of the Python stdlib leave a store
 * the next run completes to exactly what an uninterrupted run makes; another user's unreadable folder
 * and file are skipped and their stored patterns kept; a slow-to-parse file does not stall a run.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  copyFixture,
  ensureBuilt,
  lastProgress,
  motif,
  motifJson,
  removeTemps,
  runMotif,
  spawnMotif,
  tempDir,
  withEmptyStore,
} from '../helpers/cli';

type PatternJson = Record<string, unknown> & { id: string };
interface Summary {
  status: string;
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  skipped: { path: string; reason: string; detail: string }[];
  stats: { patterns: number };
}

beforeAll(ensureBuilt);
afterAll(removeTemps);

/** Every stored pattern by id, without the timestamps that differ between two stores (last use included). */
async function contents(root: string): Promise<Map<string, PatternJson>> {
  const run = await motif(root, ['export', '--format', 'jsonl']);
  expect(run.code).toBe(0);
  const patterns = run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const {
        created_at: _created,
        updated_at: _updated,
        last_used_at: _used,
        ...rest
      } = JSON.parse(line) as PatternJson;
      return rest as PatternJson;
    });
  return new Map(patterns.map((p) => [p.id, p]));
}

describe('worker threads', () => {
  it('index --jobs 2 stores exactly what the in-process --jobs 1 path stores', async () => {
    const [threads, inProcess] = [copyFixture(), copyFixture()];
    await withEmptyStore(threads);
    await withEmptyStore(inProcess);
    const run = await runMotif(['index', '--jobs', '2', '--repository', 'fixture', '--json', '.'], {
      cwd: threads,
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).stats.patterns).toBe(29);
    expect((await motif(inProcess, ['index', '--jobs', '1', '--repository', 'fixture', '.'])).code).toBe(0);
    expect(await contents(threads)).toEqual(await contents(inProcess));
  });
});

describe('a reader that stops early', () => {
  it('motif export | head: the closed pipe ends the command quietly with exit 0, no stack trace', async () => {
    const root = copyFixture();
    await withEmptyStore(root);
    expect((await motif(root, ['index', '--jobs', '1', '.'])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'export', '--format', 'jsonl'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    // Read the first chunk, then close our end, as `head -1` does.
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk) => resolve(String(chunk))),
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(first.split('\n')[0]).toMatch(/^\{"id":/);
    expect([code, stderr]).toEqual([0, '']);
  });
});

/** Where the Python stdlib is, or null when there is no python3. */
function stdlibPath(): string | null {
  const found = spawnSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
    encoding: 'utf8',
  });
  const dir = found.status === 0 ? found.stdout.trim() : '';
  return dir && fs.existsSync(path.join(dir, 'email')) ? dir : null;
}

const STDLIB = stdlibPath();
// Many small files (encodings) and a larger package: about 155 files and 1,800 patterns, enough to
// interrupt at 20% and small enough to index three and a half times in a few seconds each. (The cost is
// per pattern: the 300 files of email, json, asyncio, unittest, importlib, xml and ctypes hold 9,000.)
const PACKAGES = ['encodings', 'email', 'json'];

describe.skipIf(STDLIB === null)('interrupting an index of part of the stdlib', () => {
  const args = ['index', '--jobs', '2', '--repository', 'stdlib', '.'];
  let tree: string;
  let files: number;
  let reference: Summary;
  let referenceContents: Map<string, PatternJson>;

  /** A copy of the stdlib packages with an empty store. */
  async function stdlibCopy(): Promise<string> {
    const root = path.join(tempDir('motif-stdlib-'), 'lib');
    fs.cpSync(tree, root, { recursive: true });
    await withEmptyStore(root);
    return root;
  }

  /** Start an index with the progress bar drawn, and wait until it has analysed 20% of the files. */
  async function startAndWaitForOneFifth(root: string) {
    const running = spawnMotif(args, { cwd: root, fakeTty: true });
    await running.waitForStderr((stderr) => {
      const progress = lastProgress(stderr);
      return progress !== null && progress.done >= Math.ceil(progress.total / 5);
    });
    return running;
  }

  beforeAll(async () => {
    tree = path.join(tempDir('motif-stdlib-'), 'lib');
    for (const name of PACKAGES) {
      fs.cpSync(path.join(STDLIB!, name), path.join(tree, name), {
        recursive: true,
        filter: (source) => path.basename(source) !== '__pycache__',
      });
    }
    files = fs.readdirSync(tree, { recursive: true }).filter((f) => String(f).endsWith('.py')).length;
    const root = await stdlibCopy();
    const run = await runMotif([...args, '--json'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    reference = JSON.parse(run.stdout) as Summary;
    referenceContents = await contents(root);
  });

  it('the uninterrupted reference run indexes every file', () => {
    expect(files).toBeGreaterThan(100);
    expect(reference).toMatchObject({ status: 'completed', filesSeen: files, filesIndexed: files });
    expect(reference.stats.patterns).toBe(referenceContents.size);
  });

  it('SIGINT at 20% exits 130 saying to run again; the next run finishes the same store', async () => {
    const root = await stdlibCopy();
    const running = await startAndWaitForOneFifth(root);
    running.child.kill('SIGINT');
    expect(await running.exited).toEqual({ code: 130, signal: null });
    expect(running.stderr).toContain(
      'Interrupted: finishing the file being written; run `motif index` again to finish the job.',
    );
    expect(running.stdout).toContain(`Indexed ${root} (INTERRUPTED: run again to finish)`);
    const written = Number(/ · ([\d,]+) indexed · /.exec(running.stdout)![1]!.replace(/,/g, ''));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(files);

    const resumed = await runMotif([...args, '--json'], { cwd: root });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'completed',
      filesUnchanged: written,
      filesIndexed: files - written,
      stats: { patterns: reference.stats.patterns },
    });
    expect(await contents(root)).toEqual(referenceContents);
    // validate exits 1 here (the stdlib's quality spread is below the variance gate); the gate asked is another.
    const validate = JSON.parse((await motif(root, ['validate', '--json'])).stdout) as {
      gates: { gate: string; passed: boolean; detail: string }[];
    };
    expect(validate.gates.find((g) => g.gate === 'no_duplicates')).toEqual({
      gate: 'no_duplicates',
      passed: true,
      detail: '0 duplicated (repository, file, qualified name) identities',
    });
  });

  it('kill -9 at 20% leaves a store the next run opens and completes to the same patterns', async () => {
    const root = await stdlibCopy();
    const running = await startAndWaitForOneFifth(root);
    running.child.kill('SIGKILL');
    expect(await running.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The dead process's lock is left behind; the next run must take it over.
    expect(fs.existsSync(path.join(root, '.motif', 'db.lock'))).toBe(true);

    const resumed = await runMotif([...args, '--json'], { cwd: root });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'completed',
      stats: { patterns: reference.stats.patterns },
    });
    expect(await contents(root)).toEqual(referenceContents);
  });
});

const isRoot = process.getuid?.() === 0;
const hasRunuser = spawnSync('runuser', ['--help']).status === 0;

// As root, chmod 000 does not stop reads: run the binary as `nobody` on a tree it owns instead.
describe.skipIf(isRoot && !hasRunuser)('an unreadable folder and file', () => {
  it('are skipped as unreadable, and the patterns stored from them before are kept', async () => {
    const root = copyFixture();
    // mkdtemp makes the temp folder 0700: let the other user in.
    fs.chmodSync(path.dirname(root), 0o755);
    await withEmptyStore(root);
    const user = isRoot ? 'nobody' : undefined;
    if (user) expect(spawnSync('chown', ['-R', `${user}:`, root]).status).toBe(0);
    const index = async () => {
      const run = await runMotif(['index', '--jobs', '2', '--json', '.'], {
        cwd: root,
        ...(user ? { user } : {}),
      });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Summary;
    };
    expect((await index()).stats.patterns).toBe(29);

    fs.chmodSync(path.join(root, 'shapes/io'), 0o000);
    fs.chmodSync(path.join(root, 'shapes/units.py'), 0o000);
    try {
      const summary = await index();
      expect(summary.skipped).toEqual(
        expect.arrayContaining([
          { path: 'shapes/io', reason: 'unreadable', detail: 'cannot list folder (EACCES)' },
          { path: 'shapes/units.py', reason: 'unreadable', detail: 'cannot read (EACCES)' },
        ]),
      );
      expect(summary).toMatchObject({ filesSeen: 9, filesRemoved: 0, stats: { patterns: 29 } });
    } finally {
      fs.chmodSync(path.join(root, 'shapes/io'), 0o755);
      fs.chmodSync(path.join(root, 'shapes/units.py'), 0o644);
    }
    const names = (
      await motifJson<{ qualified_name: string }[]>(root, ['patterns', '--json', '--limit', '1000'])
    )
      .map((p) => p.qualified_name)
      .filter((name) => ['summary', 'to_cm', 'to_inches'].includes(name));
    expect(names.sort()).toEqual(['summary', 'to_cm', 'to_inches']);
  });
});

describe('a file that is slow to parse', () => {
  it('a 300 KB file whose comment block follows code is cut off by the parse budget and reported', async () => {
    // tree-sitter-python's scanner is quadratic in a run of comment lines after code
    // (tree-sitter/tree-sitter-python#245): this file takes about 10 s to parse, the same size of
    // code 20 ms. A run must not hang on one file (and Ctrl-C cannot stop it meanwhile): its budget
    // here is 2.5 s (1 s + 1 s per 200 KB), after which the file is skipped as `parse_timeout`.
    // Judged by the reported outcome, not by the clock, so a loaded machine cannot fail it.
    const root = tempDir();
    await withEmptyStore(root);
    const comments = `# ${'x'.repeat(97)}\n`.repeat(3000);
    fs.writeFileSync(path.join(root, 'slow.py'), `def f() -> int:\n    return 1\n\n${comments}`);
    fs.writeFileSync(path.join(root, 'quick.py'), 'def g() -> int:\n    return 2\n');
    const run = await runMotif(['index', '--jobs', '1', '--json', '.'], { cwd: root });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { skipped: { path: string; reason: string }[] };
    expect(summary.skipped).toContainEqual(
      expect.objectContaining({ path: 'slow.py', reason: 'parse_timeout' }),
    );
    expect(summary.skipped.map((s) => s.path)).not.toContain('quick.py');
  }, 120_000);
});

describe('a file the analysis cannot handle', () => {
  it('is skipped with its reason on both paths, the rest is stored, and the next run does not retry it', async () => {
    // 50,000 nested parentheses: tree-sitter parses them, the analysis runs out of stack (CPython
    // refuses more than 200). Before, the error failed the whole run, and every run after it.
    const root = tempDir();
    await withEmptyStore(root);
    fs.writeFileSync(path.join(root, 'deep.py'), `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`);
    fs.writeFileSync(path.join(root, 'fine.py'), 'def fine(a: int) -> int:\n    return a\n');
    const deep = {
      path: 'deep.py',
      reason: 'analysis_failed',
      detail: 'nested too deeply to analyse (the analysis ran out of stack)',
    };
    for (const jobs of ['2', '1']) {
      const run = await runMotif(['index', '--full', '--jobs', jobs, '--json', '.'], { cwd: root });
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary.status).toBe('completed');
      expect(summary.skipped).toContainEqual(deep);
      expect(summary.stats.patterns).toBe(1);
    }
    const again = JSON.parse((await runMotif(['index', '--json', '.'], { cwd: root })).stdout) as Summary;
    expect(again.skipped).toContainEqual({
      ...deep,
      detail: 'unchanged, still skipped (analysis_failed)',
    });
    expect(again.filesIndexed).toBe(0);
  }, 120_000);
});
