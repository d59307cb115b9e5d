/**
 * `skipReasonOf` judges one file by the walk's rules without walking. Pinned against the walk itself:
 * over a tree with every kind of skip, a file gets no reason exactly when `discoverPythonFiles` finds it;
 * and the reasons it gives, file by file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverPythonFiles } from '../../server/src/files/discover';
import { skipReasonOf } from '../../server/src/files/skip-one';
import { makeTree, removeTrees } from './temp-tree';

afterAll(removeTrees);

/** Every `.py` entry under `root` (files and links to files), as root-relative paths, without following links. */
function pythonEntries(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.py')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

function tree(): string {
  const outside = makeTree({ 'far.py': 'f = 1\n' });
  const root = makeTree({
    'app/main.py': 'm = 1\n',
    'app/gen_pb2.py': 'g = 1\n',
    'app/.gitignore': 'local_*.py\n!local_keep.py\n',
    'app/local_x.py': 'x = 1\n',
    'app/local_keep.py': 'k = 1\n',
    '.gitignore': 'build/\n/top_only.py\n',
    'build/out.py': 'o = 1\n',
    'top_only.py': 't = 1\n',
    'app/top_only.py': 't = 2\n',
    '.venv/lib/site.py': 's = 1\n',
    'node_modules/pkg/x.py': 'n = 1\n',
    '.git/hooks/h.py': 'h = 1\n',
    'env/pyvenv.cfg': 'home = /usr\n',
    'env/lib/e.py': 'e = 1\n',
    'conda/conda-meta/history': '',
    'conda/c.py': 'c = 1\n',
    'tests/test_a.py': 'a = 1\n',
    'far.py': { link: path.join(outside, 'far.py') },
    'near.py': { link: 'app/main.py' },
  });
  return root;
}

describe('skipReasonOf', () => {
  it('gives no reason exactly for the files the walk finds', async () => {
    const root = tree();
    const exclude = ['*_pb2.py', 'tests/**'];
    const found = new Set((await discoverPythonFiles({ root, exclude })).files.map((f) => f.path));
    const verdicts = await Promise.all(
      pythonEntries(root).map(async (p) => [p, await skipReasonOf({ root, path: p, exclude })] as const),
    );
    const kept = verdicts.filter(([, why]) => why === null).map(([p]) => p);
    expect(kept).toEqual([...found].sort());
    expect(kept).toEqual(['app/local_keep.py', 'app/main.py', 'app/top_only.py', 'near.py']);
  });

  it('names the rule and where it applies', async () => {
    const root = tree();
    const exclude = ['*_pb2.py', 'tests/**'];
    const why = async (p: string, extra: { followExternalLinks?: boolean } = {}) =>
      skipReasonOf({ root, path: p, exclude, ...extra });
    // file → [where the walk stops, reason, detail]
    const expected: Record<string, [string, string, string]> = {
      'app/gen_pb2.py': ['app/gen_pb2.py', 'excluded', 'matches exclude glob "*_pb2.py"'],
      'tests/test_a.py': ['tests', 'excluded', 'matches exclude glob "tests/**"'],
      'app/local_x.py': ['app/local_x.py', 'ignored', 'ignored by app/.gitignore: local_*.py'],
      'build/out.py': ['build', 'ignored', 'ignored by .gitignore: build/'],
      'top_only.py': ['top_only.py', 'ignored', 'ignored by .gitignore: /top_only.py'],
      '.venv/lib/site.py': ['.venv', 'ignored', 'installed packages or environment (skipped by default)'],
      '.git/hooks/h.py': ['.git', 'ignored', 'tool folder (skipped by default)'],
      'env/lib/e.py': ['env', 'ignored', 'virtual environment (has pyvenv.cfg)'],
      'conda/c.py': ['conda', 'ignored', 'conda environment (has conda-meta/)'],
      'far.py': ['far.py', 'outside_root', 'symlink leads outside the indexed folder'],
    };
    for (const [file, [at, reason, detail]] of Object.entries(expected)) {
      expect(await why(file), file).toEqual({ path: at, reason, detail });
    }
    expect(await why('far.py', { followExternalLinks: true })).toBeNull();
    // Without ignore files and globs, only the default folders and the link out remain.
    expect(await skipReasonOf({ root, path: 'build/out.py', respectGitignore: false })).toBeNull();
  });
});
