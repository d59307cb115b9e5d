/** `relativeWithin`: the one place that decides whether a path lies inside a folder, and its key there. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeWithin } from '../../server/src/files/relative-within';
import { relativePathOf } from '../../server/src/lsp/convert';

describe('relativeWithin', () => {
  const root = path.join(path.sep, 'work', 'project');
  it.each([
    [root, ''],
    [path.join(root, 'pkg', 'mod.py'), 'pkg/mod.py'],
    // Names that only start with two dots are inside (they were taken for "outside" before).
    [path.join(root, '..cache', 'x.py'), '..cache/x.py'],
    [path.join(root, '...py'), '...py'],
    [path.join(root, '..'), null],
    [path.join(root, '..', 'other', 'x.py'), null],
    [path.join(path.sep, 'work', 'project-two', 'x.py'), null],
  ])('%s → %s', (target, expected) => {
    expect(relativeWithin(root, target)).toBe(expected);
  });

  it("gives the editor's store key, with the root itself having none", () => {
    expect(relativePathOf(root, path.join(root, '..cache', 'x.py'))).toBe('..cache/x.py');
    expect(relativePathOf(root, root)).toBeNull();
    expect(relativePathOf(root, path.join(root, '..', 'x.py'))).toBeNull();
  });
});
