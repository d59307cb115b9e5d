/**
 * Symlinks that lead out of the indexed folder, end to end through `motif index`: skipped and reported
 * by default (a shared store must not receive `/etc/passwd` or a home folder's files through a link),
 * indexed with `--follow-links`, and dropped from the store again when a later run does not follow them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';

afterAll(removeTemps);

interface Summary {
  filesIndexed: number;
  filesRemoved: number;
  skipped: { path: string; reason: string; detail: string }[];
}
interface Pattern {
  qualified_name: string;
  file_path: string;
}

describe('motif index and symlinks out of the folder', () => {
  let root: string;
  const names = async () =>
    (await motifJson<Pattern[]>(root, ['patterns', '--json', '--sort', 'name'])).map(
      (p) => `${p.file_path}:${p.qualified_name}`,
    );
  beforeAll(async () => {
    const outside = tempDir('motif-outside-');
    fs.writeFileSync(path.join(outside, 'private.py'), 'def read_secret():\n    return 1\n');
    root = path.join(tempDir(), 'project');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'app.py'), 'def main():\n    return 2\n');
    fs.symlinkSync(path.join(outside, 'private.py'), path.join(root, 'private.py'));
    fs.symlinkSync(outside, path.join(root, 'vendor'));
    await withEmptyStore(root);
  });

  it('skips them by default, each reported with its reason, and stores nothing from them', async () => {
    const summary = await motifJson<Summary>(root, ['index', '--jobs', '1', '--json', '.']);
    expect(summary.filesIndexed).toBe(1);
    expect(summary.skipped).toEqual([
      {
        path: 'private.py',
        reason: 'outside_root',
        detail: 'symlink leads outside the indexed folder (--follow-links to index it)',
      },
      {
        path: 'vendor',
        reason: 'outside_root',
        detail: 'symlink leads outside the indexed folder (--follow-links to index it)',
      },
    ]);
    expect(await names()).toEqual(['app.py:main']);
  });

  it('the human summary names the reason', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '--full', '.']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  Files      1 found · 1 indexed · 0 unchanged · 0 skipped · 0 removed\n');
    expect(run.stdout).toContain('  Left out   2 outside root\n');
    expect(run.stdout).toContain('vendor: symlink leads outside the indexed folder');
  });

  it('indexes them with --follow-links, and a later run without it removes them again', async () => {
    const followed = await motifJson<Summary>(root, [
      'index',
      '--jobs',
      '1',
      '--json',
      '--follow-links',
      '.',
    ]);
    expect(followed.skipped).toEqual([]);
    expect(await names()).toEqual(['app.py:main', 'private.py:read_secret', 'vendor/private.py:read_secret']);

    const again = await motifJson<Summary>(root, ['index', '--jobs', '1', '--json', '.']);
    expect(again.filesRemoved).toBe(2);
    expect(await names()).toEqual(['app.py:main']);
  });
});
