/**
 * File discovery over small temporary trees: default skips, Git ignore files, exclude globs, symlinks
 * and loops, size limits, unreadable folders (through an injected file system, since tests run as root)
 * and an unusable root; plus a timing check on the Python stdlib.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Discovery,
  DiscoveryError,
  type DiscoveryFs,
  discoverPythonFiles,
} from '../../server/src/files/discover';
import { nodeDiscoveryFs } from '../../server/src/files/discovery-fs';
import { DEFAULT_MAX_FILE_BYTES, tooLargeDetail } from '../../server/src/files/file-size';
import { makeTree, removeTrees } from './temp-tree';

afterAll(removeTrees);

const paths = (discovery: Discovery) => discovery.files.map((file) => file.path);
const skips = (discovery: Discovery) => discovery.skipped.map((entry) => `${entry.path} ${entry.reason}`);
const detailOf = (discovery: Discovery, at: string) =>
  discovery.skipped.find((entry) => entry.path === at)?.detail;
const isRoot = process.getuid?.() === 0;

/** The real file system, except that the given calls fail with `code` for paths ending in `suffix`. */
function failingFs(suffix: string, code: string, calls: (keyof DiscoveryFs)[]): DiscoveryFs {
  const guard = (call: keyof DiscoveryFs, p: string) => {
    if (calls.includes(call) && p.endsWith(suffix))
      throw Object.assign(new Error(`${code}: simulated, ${p}`), { code });
  };
  return {
    readdir: async (p) => {
      guard('readdir', p);
      return nodeDiscoveryFs.readdir(p);
    },
    stat: async (p) => {
      guard('stat', p);
      return nodeDiscoveryFs.stat(p);
    },
    readTextFile: async (p) => {
      guard('readTextFile', p);
      return nodeDiscoveryFs.readTextFile(p);
    },
    realpath: async (p) => {
      guard('realpath', p);
      return nodeDiscoveryFs.realpath(p);
    },
  };
}

describe('finding files', () => {
  it('finds .py files at every depth, sorted by root-relative forward-slash path, with sizes', async () => {
    const root = makeTree({
      'b.py': 'x = 1\n',
      'a/z.py': '',
      'a/b/c/deep.py': 'pass\n',
      'stubs.pyi': '',
      'README.md': '',
      'a/data.py.txt': '',
      'folder.py/inner.py': '',
    });
    const discovery = await discoverPythonFiles({ root });
    expect(paths(discovery)).toEqual(['a/b/c/deep.py', 'a/z.py', 'b.py', 'folder.py/inner.py']);
    expect(discovery.files[2]).toEqual({ path: 'b.py', absolutePath: path.join(root, 'b.py'), sizeBytes: 6 });
    expect(discovery.skipped).toEqual([]);
  });

  it('returns no files and no skips for an empty folder', async () => {
    expect(await discoverPythonFiles({ root: makeTree({ 'empty/': { dir: true } }) })).toEqual({
      files: [],
      skipped: [],
    });
  });
});

describe('default skips', () => {
  it('skips tool folders silently and reports each environment folder once', async () => {
    const root = makeTree({
      'app.py': '',
      '.git/hooks/x.py': '',
      '.hg/x.py': '',
      '.svn/x.py': '',
      '.motif/cache.py': '',
      '__pycache__/m.py': '',
      'pkg/__pycache__/m.py': '',
      '.mypy_cache/x.py': '',
      '.pytest_cache/x.py': '',
      'node_modules/dep/x.py': '',
      '.venv/lib/site.py': '',
      '.tox/py311/x.py': '',
      'lib/dist-packages/dep/x.py': '',
      'lib/site-packages/dep/x.py': '',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/x.py': '',
      'any-name/pyvenv.cfg': '',
      'any-name/x.py': '',
      'conda/conda-meta/history': '',
      'conda/x.py': '',
      // The stdlib's `venv` package: a folder named venv without pyvenv.cfg is source.
      'venv/__init__.py': '',
    });
    const discovery = await discoverPythonFiles({ root });
    expect(paths(discovery)).toEqual(['app.py', 'venv/__init__.py']);
    expect(skips(discovery)).toEqual([
      '.tox ignored',
      '.venv ignored',
      'any-name ignored',
      'conda ignored',
      'env ignored',
      'lib/dist-packages ignored',
      'lib/site-packages ignored',
      'node_modules ignored',
    ]);
    expect(detailOf(discovery, 'env')).toBe('virtual environment (has pyvenv.cfg)');
    expect(detailOf(discovery, 'conda')).toBe('conda environment (has conda-meta/)');
  });
});

describe('Git ignore files', () => {
  const spec = {
    '.gitignore': '# generated\nbuild/\n*_pb2.py\n/rooted.py\n',
    'main.py': '',
    'build/gen.py': '',
    'sub/build/gen.py': '',
    'api_pb2.py': '',
    'rooted.py': '',
    'local.py': '',
    'pkg/.gitignore': '!keep_pb2.py\nlocal.py\n/only_here.py\n',
    'pkg/keep_pb2.py': '',
    'pkg/rooted.py': '',
    'pkg/local.py': '',
    'pkg/only_here.py': '',
    'pkg/sub/only_here.py': '',
    'pkg/sub/local.py': '',
  };

  it('applies root and nested .gitignore files relative to their own folder, deeper files winning', async () => {
    const discovery = await discoverPythonFiles({ root: makeTree(spec) });
    expect(paths(discovery)).toEqual([
      'local.py',
      'main.py',
      'pkg/keep_pb2.py',
      'pkg/rooted.py',
      'pkg/sub/only_here.py',
    ]);
    expect(skips(discovery)).toEqual([
      'api_pb2.py ignored',
      'build ignored',
      'pkg/local.py ignored',
      'pkg/only_here.py ignored',
      'pkg/sub/local.py ignored',
      'rooted.py ignored',
      'sub/build ignored',
    ]);
    expect(detailOf(discovery, 'api_pb2.py')).toBe('ignored by .gitignore: *_pb2.py');
    expect(detailOf(discovery, 'pkg/sub/local.py')).toBe('ignored by pkg/.gitignore: local.py');
  });

  it('ignores no file when respectGitignore is false', async () => {
    const discovery = await discoverPythonFiles({ root: makeTree(spec), respectGitignore: false });
    expect(paths(discovery)).toHaveLength(12);
    expect(discovery.skipped).toEqual([]);
  });

  it('applies .git/info/exclude', async () => {
    const root = makeTree({ '.git/info/exclude': 'secret.py\n', 'secret.py': '', 'ok.py': '' });
    const discovery = await discoverPythonFiles({ root });
    expect(paths(discovery)).toEqual(['ok.py']);
    expect(discovery.skipped).toEqual([
      { path: 'secret.py', reason: 'ignored', detail: 'ignored by .git/info/exclude: secret.py' },
    ]);
  });

  it('applies the ignore files above a root inside a Git work tree, but not to the root itself', async () => {
    const top = makeTree({
      '.git/info/exclude': 'excluded_here.py\n',
      '.gitignore': '*.gen.py\nout/\n/src/app/anchored.py\n',
      'src/.gitignore': 'tmp_*.py\n',
      'src/app/a.py': '',
      'src/app/b.gen.py': '',
      'src/app/tmp_x.py': '',
      'src/app/excluded_here.py': '',
      'src/app/anchored.py': '',
      'out/tool/x.py': '',
    });
    const app = await discoverPythonFiles({ root: path.join(top, 'src/app') });
    expect(paths(app)).toEqual(['a.py']);
    expect(app.skipped.map((entry) => `${entry.path}: ${entry.detail}`)).toEqual([
      'anchored.py: ignored by ../../.gitignore: /src/app/anchored.py',
      'b.gen.py: ignored by ../../.gitignore: *.gen.py',
      'excluded_here.py: ignored by ../../.git/info/exclude: excluded_here.py',
      'tmp_x.py: ignored by ../.gitignore: tmp_*.py',
    ]);
    // `out/` is ignored above, but a root named explicitly is indexed.
    expect(paths(await discoverPythonFiles({ root: path.join(top, 'out/tool') }))).toEqual(['x.py']);
  });
});

describe('exclude globs', () => {
  it('matches bare names at any depth, slashed globs from the root, and prunes matching folders once', async () => {
    const root = makeTree({
      'main.py': '',
      'top.py': '',
      'src/top.py': '',
      'src/a_test.py': '',
      'tests/test_a.py': '',
      'tests/unit/test_b.py': '',
      'migrations/0001.py': '',
      'app/migrations/0002.py': '',
      'app/migrations/helpers/util.py': '',
      'build/x.py': '',
      'src/build/y.py': '',
      'gen/a.py': '',
    });
    const exclude = ['tests/**', '**/migrations/*.py', 'build', '/top.py', '*_test.py', 'gen/'];
    const discovery = await discoverPythonFiles({ root, exclude });
    expect(paths(discovery)).toEqual(['app/migrations/helpers/util.py', 'main.py', 'src/top.py']);
    expect(skips(discovery)).toEqual([
      'app/migrations/0002.py excluded',
      'build excluded',
      'gen excluded',
      'migrations/0001.py excluded',
      'src/a_test.py excluded',
      'src/build excluded',
      'tests excluded',
      'top.py excluded',
    ]);
    expect(detailOf(discovery, 'tests')).toBe('matches exclude glob "tests/**"');
  });
});

describe('symlinks', () => {
  it('follows links within the root, reports each loop once and walks an aliased folder once', async () => {
    const outside = makeTree({ 'ext.py': 'e = 1\n' });
    const root = makeTree({
      'pkg/mod.py': 'x=1',
      'pkg/loop': { link: '..' },
      'pkg/self': { link: '.' },
      'a/b/up': { link: '../../a' },
      alias: { link: 'pkg' },
      'x/to_y': { link: '../y' },
      'y/to_x': { link: '../x' },
      'linked.py': { link: 'pkg/mod.py' },
      outside: { link: outside },
      'dead.py': { link: 'missing.py' },
      dead_dir: { link: 'nowhere' },
    });
    const discovery = await discoverPythonFiles({ root });
    expect(paths(discovery)).toEqual(['linked.py', 'pkg/mod.py']);
    expect(discovery.files[0]!.sizeBytes).toBe(3);
    const outsideDetail = 'symlink leads outside the indexed folder (--follow-links to index it)';
    expect(discovery.skipped).toEqual([
      { path: 'a/b/up', reason: 'symlink_loop', detail: 'links back to "a", which contains it' },
      { path: 'alias', reason: 'ignored', detail: 'symlink to a folder already walked as "pkg"' },
      { path: 'dead.py', reason: 'unreadable', detail: 'broken symlink (ENOENT)' },
      { path: 'outside', reason: 'outside_root', detail: outsideDetail },
      { path: 'pkg/loop', reason: 'symlink_loop', detail: 'links back to the root, which contains it' },
      { path: 'pkg/self', reason: 'symlink_loop', detail: 'links back to "pkg", which contains it' },
      { path: 'x/to_y', reason: 'ignored', detail: 'symlink to a folder already walked as "y"' },
      { path: 'y/to_x', reason: 'ignored', detail: 'symlink to a folder already walked as "x"' },
    ]);
    // The walk is deterministic whatever the concurrency.
    expect(await discoverPythonFiles({ root, concurrency: 1 })).toEqual(discovery);
    // Asked to, it follows the link out like any other.
    const followed = await discoverPythonFiles({ root, followExternalLinks: true });
    expect(paths(followed)).toEqual(['linked.py', 'outside/ext.py', 'pkg/mod.py']);
    expect(skips(followed)).not.toContain('outside outside_root');
  });

  it('skips links out of the root to files and folders, wherever the link sits and however the root is named', async () => {
    const outside = makeTree({ 'secret.py': 'TOKEN = "x"\n', 'lib/util.py': 'u = 1\n' });
    const project = makeTree({
      'app/main.py': 'm = 1\n',
      'app/secret.py': { link: path.join(outside, 'secret.py') },
      'app/lib': { link: path.join(outside, 'lib') },
      // A relative link that climbs out, and one whose target only looks like a parent ("..x" is a name).
      'up.py': { link: `../${path.basename(outside)}/secret.py` },
      '..x/inner.py': 'i = 1\n',
      'dots.py': { link: '..x/inner.py' },
      // A link out under a name that is neither Python nor a folder is no candidate: not reported.
      'text.txt': { link: path.join(outside, 'secret.py') },
    });
    // The root named through a symlink: links inside the real tree are still inside.
    const viaLink = path.join(makeTree({}), 'project');
    fs.symlinkSync(project, viaLink);
    for (const root of [project, viaLink]) {
      const discovery = await discoverPythonFiles({ root });
      expect(paths(discovery)).toEqual(['..x/inner.py', 'app/main.py', 'dots.py']);
      // Reported only where it could be Python or a folder: a link named text.txt is not a candidate.
      expect(skips(discovery)).toEqual([
        'app/lib outside_root',
        'app/secret.py outside_root',
        'up.py outside_root',
      ]);
    }
  });

  it('reports a link it cannot resolve as unreadable rather than following it', async () => {
    const outside = makeTree({ 'ext.py': 'e = 1\n' });
    const root = makeTree({ 'a.py': 'a = 1\n', 'ext.py': { link: path.join(outside, 'ext.py') } });
    const discovery = await discoverPythonFiles({ root, fs: failingFs('/ext.py', 'EACCES', ['realpath']) });
    expect(paths(discovery)).toEqual(['a.py']);
    expect(discovery.skipped).toEqual([
      { path: 'ext.py', reason: 'unreadable', detail: 'cannot follow symlink (EACCES)' },
    ]);
  });
});

describe('sizes and odd entries', () => {
  it('skips files over maxFileBytes as too_large and keeps a file exactly at the limit', async () => {
    const root = makeTree({ 'big.py': 'x'.repeat(150), 'edge.py': 'y'.repeat(100) });
    const discovery = await discoverPythonFiles({ root, maxFileBytes: 100 });
    expect(paths(discovery)).toEqual(['edge.py']);
    expect(discovery.skipped).toEqual([
      { path: 'big.py', reason: 'too_large', detail: '150 B > 100 B limit' },
    ]);
  });

  it('writes the default limit in megabytes', () => {
    expect(DEFAULT_MAX_FILE_BYTES).toBe(2 * 1024 * 1024);
    expect(tooLargeDetail(Math.round(3.1 * 1024 * 1024), DEFAULT_MAX_FILE_BYTES)).toBe('3.1 MB > 2 MB limit');
  });

  it('reports a FIFO named like a Python file as not_regular', async (context) => {
    const root = makeTree({ 'ok.py': '' });
    try {
      execFileSync('mkfifo', [path.join(root, 'pipe.py'), path.join(root, 'pipe.txt')]);
    } catch {
      context.skip();
    }
    const discovery = await discoverPythonFiles({ root });
    expect(paths(discovery)).toEqual(['ok.py']);
    expect(discovery.skipped).toEqual([
      { path: 'pipe.py', reason: 'not_regular', detail: 'not a regular file (FIFO)' },
    ]);
  });
});

describe('unreadable entries', () => {
  it('reports a folder that cannot be listed as unreadable with the error code and keeps walking', async () => {
    const root = makeTree({ 'locked/x.py': '', 'open/y.py': '' });
    const discovery = await discoverPythonFiles({ root, fs: failingFs('locked', 'EACCES', ['readdir']) });
    expect(paths(discovery)).toEqual(['open/y.py']);
    expect(discovery.skipped).toEqual([
      { path: 'locked', reason: 'unreadable', detail: 'cannot list folder (EACCES)' },
    ]);
  });

  it('reports a file or ignore file that cannot be read as unreadable', async () => {
    const root = makeTree({ 'a.py': '', 'b.py': '', 'pkg/.gitignore': 'c.py\n', 'pkg/c.py': '' });
    const statFails = await discoverPythonFiles({ root, fs: failingFs('b.py', 'EACCES', ['stat']) });
    expect(paths(statFails)).toEqual(['a.py']);
    expect(skips(statFails)).toEqual(['b.py unreadable', 'pkg/c.py ignored']);
    expect(detailOf(statFails, 'b.py')).toBe('cannot stat (EACCES)');
    const gitignoreFails = await discoverPythonFiles({
      root,
      fs: failingFs('.gitignore', 'EIO', ['readTextFile']),
    });
    expect(paths(gitignoreFails)).toEqual(['a.py', 'b.py', 'pkg/c.py']);
    expect(gitignoreFails.skipped).toEqual([
      { path: 'pkg/.gitignore', reason: 'unreadable', detail: 'cannot read ignore file (EIO)' },
    ]);
  });

  it.skipIf(isRoot)('reports a chmod 000 folder as unreadable (as a non-root user)', async () => {
    const root = makeTree({ 'locked/x.py': '', 'y.py': '' });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const discovery = await discoverPythonFiles({ root });
      expect(paths(discovery)).toEqual(['y.py']);
      expect(discovery.skipped).toEqual([
        { path: 'locked', reason: 'unreadable', detail: 'cannot list folder (EACCES)' },
      ]);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('unusable roots and options', () => {
  const kindOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) =>
        error instanceof DiscoveryError ? `${error.kind}: ${error.message}` : String(error),
    );

  it('throws DiscoveryError for a missing root, a file as root, an unreadable root and a bad limit', async () => {
    const root = makeTree({ 'file.py': '' });
    expect(await kindOf(discoverPythonFiles({ root: path.join(root, 'missing') }))).toBe(
      `root_not_found: Root folder "${path.join(root, 'missing')}" does not exist`,
    );
    expect(await kindOf(discoverPythonFiles({ root: path.join(root, 'file.py') }))).toBe(
      `root_not_directory: Root "${path.join(root, 'file.py')}" is not a folder`,
    );
    const unreadable = discoverPythonFiles({
      root,
      fs: failingFs(path.basename(root), 'EACCES', ['readdir']),
    });
    expect(await kindOf(unreadable)).toBe(`root_unreadable: Root folder "${root}" cannot be read (EACCES)`);
    expect(await kindOf(discoverPythonFiles({ root, maxFileBytes: 0 }))).toMatch(
      /^invalid_option: maxFileBytes/,
    );
  });
});

describe('speed', () => {
  const stdlib = (() => {
    try {
      const script = "import sysconfig; print(sysconfig.get_paths()['stdlib'])";
      return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();

  // Its speed is measured by `npm run bench` (docs/BENCHMARKS.md), not asserted here.
  it.skipIf(stdlib === null)('discovers the Python stdlib without its site-packages and caches', async () => {
    const discovery = await discoverPythonFiles({ root: stdlib! });
    expect(paths(discovery)).toEqual(
      expect.arrayContaining(['os.py', 'json/__init__.py', 'venv/__init__.py']),
    );
    expect(discovery.files.length).toBeGreaterThan(1000);
    expect(paths(discovery).filter((p) => /(^|\/)(site-packages|__pycache__)\//.test(p))).toEqual([]);
  });
});
