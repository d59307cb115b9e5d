/** Where a path lies relative to a folder, as the store keys files: forward slashes, never climbing out. */
import path from 'node:path';

/**
 * `target` relative to `root` with forward slashes: '' for `root` itself, null when `target` lies
 * outside it. (A name that merely starts with two dots, `..cache/x.py`, is inside.)
 */
export function relativeWithin(root: string, target: string): string | null {
  const rel = path.relative(root, target);
  if (path.isAbsolute(rel) || rel.split(path.sep)[0] === '..') return null;
  return rel.split(path.sep).join('/');
}
