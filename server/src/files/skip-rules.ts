/**
 * Which folders discovery never enters by default, and the user's `exclude` globs. Exclude semantics:
 * picomatch globs against the root-relative path (forward slashes, dotfiles included); a glob without `/`
 * matches a name at any depth (`build`, `*_pb2.py`); a glob with `/` is anchored at the root (`tests/**`,
 * `src/gen/*.py`, or any depth with a leading globstar); a leading `/` or `./` anchors a bare name (`/build`);
 * a trailing `/` matches folders only. A matching folder is not entered (`tests/**` matches `tests` too).
 */
import type { Dirent } from 'node:fs';
import picomatch from 'picomatch';
import { DiscoveryError } from './discovery-error';

/** Tool folders that never hold source: skipped without a report, to keep the skipped list short. */
const QUIET_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.motif',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

/** Installed packages and environments: skipped and reported once each as `ignored`. */
// `venv` and `env` are not here: the stdlib has a `venv` package; such folders are caught by their `pyvenv.cfg`.
const ENVIRONMENT_FOLDERS = new Set([
  'node_modules',
  'site-packages',
  'dist-packages',
  '.venv',
  '.tox',
  '.nox',
]);

/** Why an environment folder (`report` below) is skipped, as reports give it. */
export const ENVIRONMENT_SKIP_DETAIL = 'installed packages or environment (skipped by default)';

/** How a folder name is treated by default: not entered silently, not entered and reported, or walked. */
export function defaultFolderRule(name: string): 'quiet' | 'report' | null {
  if (QUIET_FOLDERS.has(name)) return 'quiet';
  if (ENVIRONMENT_FOLDERS.has(name)) return 'report';
  return null;
}

/** Why a folder's entries mark it as a Python environment (`pyvenv.cfg`, conda's `conda-meta/`), or null. */
export function environmentMarker(entries: readonly Dirent[]): string | null {
  for (const entry of entries) {
    if (entry.name === 'pyvenv.cfg' && !entry.isDirectory()) return 'virtual environment (has pyvenv.cfg)';
    if (entry.name === 'conda-meta' && entry.isDirectory()) return 'conda environment (has conda-meta/)';
  }
  return null;
}

/** Returns the first exclude glob matching a root-relative path, or null. */
export type ExcludeMatcher = (path: string, options: { isDirectory: boolean }) => string | null;

interface CompiledGlob {
  glob: string;
  folderOnly: boolean;
  test: (path: string) => boolean;
}

/** Compiles `exclude` globs; throws `DiscoveryError` (`invalid_option`) for a glob picomatch rejects. */
export function compileExcludes(globs: readonly string[]): ExcludeMatcher {
  const compiled: CompiledGlob[] = [];
  for (const glob of globs) {
    let pattern = glob.trim();
    const folderOnly = pattern.endsWith('/');
    if (folderOnly) pattern = pattern.replace(/\/+$/, '');
    const anchored = pattern.startsWith('/') || pattern.startsWith('./');
    pattern = pattern.replace(/^(\.\/|\/)+/, '');
    if (pattern === '') continue;
    if (!anchored && !pattern.includes('/')) pattern = `**/${pattern}`;
    try {
      compiled.push({ glob, folderOnly, test: picomatch(pattern, { dot: true }) });
    } catch (error) {
      throw new DiscoveryError(
        'invalid_option',
        `Invalid exclude glob "${glob}": ${(error as Error).message}`,
      );
    }
  }
  return (path, { isDirectory }) => {
    for (const { glob, folderOnly, test } of compiled) {
      if ((isDirectory || !folderOnly) && test(path)) return glob;
    }
    return null;
  };
}
