/**
 * Finds the `.py` files under a root: folders are read breadth-first with bounded concurrency, symlinks
 * are followed with each folder entered once (by device and inode), and default skips, `exclude` globs and
 * Git's ignore files prune the walk. A symlink that leads out of the root is skipped unless asked for:
 * what it reaches is not the project's code (Git stores the link, not its target), and a shared store
 * would otherwise receive files from anywhere the link points, `/etc` or a home folder. Problems inside
 * the tree are `skipped` entries; only an unusable root or option throws (`DiscoveryError`).
 */
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { DiscoveryError } from './discovery-error';
import { createLimiter, type DiscoveryFs, errorCode, type Limiter, nodeDiscoveryFs } from './discovery-fs';
import { DEFAULT_MAX_FILE_BYTES, tooLargeDetail } from './file-size';
import { type GitignoreChain, gitignoreVerdict, loadAncestorRules, pushGitignore } from './gitignore';
import { relativeWithin } from './relative-within';
import {
  compileExcludes,
  defaultFolderRule,
  ENVIRONMENT_SKIP_DETAIL,
  type ExcludeMatcher,
  environmentMarker,
} from './skip-rules';

export { DiscoveryError, type DiscoveryErrorKind } from './discovery-error';
export type { DiscoveryFs } from './discovery-fs';

/** Where to look and what to leave out. */
export interface DiscoverOptions {
  root: string;
  /** picomatch globs against root-relative paths; see `skip-rules.ts` for the exact semantics. */
  exclude?: string[];
  /** Larger files are skipped as `too_large`; default 2 MiB. */
  maxFileBytes?: number;
  /** Apply `.gitignore` files and `.git/info/exclude`; default true. */
  respectGitignore?: boolean;
  /** File-system calls, replaceable in tests; default the real file system. */
  fs?: DiscoveryFs;
  /** File-system calls in flight at once; default 32. */
  concurrency?: number;
  /** Follow symlinks whose target lies outside the root; default false (reported as `outside_root`). */
  followExternalLinks?: boolean;
}

/** A Python file to index. */
export interface DiscoveredFile {
  /** Relative to the root, forward slashes; through symlinks as walked, not resolved. */
  path: string;
  absolutePath: string;
  sizeBytes: number;
}

/** Something discovery left out, with why; a pruned folder is reported once, not per file. */
export interface SkippedEntry {
  path: string;
  reason:
    | 'excluded'
    | 'ignored'
    | 'too_large'
    | 'unreadable'
    | 'symlink_loop'
    | 'not_regular'
    | 'outside_root';
  detail: string;
}

/** What discovery found: files and skipped entries, each sorted by path. */
export interface Discovery {
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
}

/** A folder to read, with the ignore files in force in it and the folder it was reached from. */
interface Folder {
  rel: string;
  abs: string;
  /** `dev:ino`, to enter each folder once and to recognise loops. */
  id: string;
  parent: Folder | null;
  rules: GitignoreChain;
}

/** A sub-folder found while reading a folder, not yet checked against the folders already entered. */
interface FolderCandidate extends Folder {
  viaSymlink: boolean;
}

interface WalkContext {
  fs: DiscoveryFs;
  limit: Limiter;
  maxFileBytes: number;
  excluded: ExcludeMatcher;
  respectGitignore: boolean;
  /** The root with its symlinks resolved, when links out of it are skipped; null when they are followed. */
  realRoot: string | null;
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const folderId = (stats: Stats) => `${stats.dev}:${stats.ino}`;

/** Finds the Python files under `options.root`; throws `DiscoveryError` only if the root or an option is unusable. */
export async function discoverPythonFiles(options: DiscoverOptions): Promise<Discovery> {
  const fs = options.fs ?? nodeDiscoveryFs;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!(maxFileBytes > 0)) {
    throw new DiscoveryError('invalid_option', `maxFileBytes must be a positive number, got ${maxFileBytes}`);
  }
  const root = path.resolve(options.root);
  const rootStats = await statRoot(fs, root);
  const ctx: WalkContext = {
    fs,
    limit: createLimiter(options.concurrency ?? 32),
    maxFileBytes,
    excluded: compileExcludes(options.exclude ?? []),
    respectGitignore: options.respectGitignore ?? true,
    realRoot: options.followExternalLinks ? null : await realRootOf(fs, root),
    files: [],
    skipped: [],
  };
  let rules: GitignoreChain = null;
  if (ctx.respectGitignore) {
    const ancestors = await loadAncestorRules(fs, root);
    rules = ancestors.chain;
    for (const problem of ancestors.problems) ctx.skipped.push({ ...problem, reason: 'unreadable' });
  }
  const rootFolder: Folder = { rel: '', abs: root, id: folderId(rootStats), parent: null, rules };
  const entered = new Map<string, string>([[rootFolder.id, '']]);
  // Real folders are walked before any symlinked one, so a link into the tree is the alias, never the target.
  let level: Folder[] = [rootFolder];
  let viaLinks: FolderCandidate[] = [];
  while (level.length > 0 || viaLinks.length > 0) {
    let candidates: FolderCandidate[];
    if (level.length > 0) {
      const found = (await Promise.all(level.map((folder) => readFolder(ctx, folder)))).flat();
      viaLinks.push(...found.filter((candidate) => candidate.viaSymlink));
      candidates = found.filter((candidate) => !candidate.viaSymlink);
    } else {
      candidates = viaLinks;
      viaLinks = [];
    }
    // Candidates are checked in path order so the same path always claims a folder first.
    candidates.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    level = [];
    for (const candidate of candidates) {
      const seenAt = entered.get(candidate.id);
      if (seenAt === undefined) {
        entered.set(candidate.id, candidate.rel);
        level.push(candidate);
      } else {
        ctx.skipped.push(revisit(candidate, seenAt));
      }
    }
  }
  return { files: ctx.files.sort(byPath), skipped: ctx.skipped.sort(byPath) };
}

async function statRoot(fs: DiscoveryFs, root: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await fs.stat(root);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DiscoveryError('root_not_found', `Root folder "${root}" does not exist`);
    }
    throw new DiscoveryError('root_unreadable', `Root folder "${root}" cannot be read (${code})`);
  }
  if (!stats.isDirectory()) throw new DiscoveryError('root_not_directory', `Root "${root}" is not a folder`);
  return stats;
}

/** The root's canonical path: links inside the tree are compared with it, not with the path given. */
async function realRootOf(fs: DiscoveryFs, root: string): Promise<string> {
  try {
    return await fs.realpath(root);
  } catch (error) {
    throw new DiscoveryError(
      'root_unreadable',
      `Root folder "${root}" cannot be resolved (${errorCode(error)})`,
    );
  }
}

/** A folder reached a second time: a loop when it is an ancestor of the path, otherwise an alias. */
function revisit(candidate: FolderCandidate, seenAt: string): SkippedEntry {
  for (let folder = candidate.parent; folder; folder = folder.parent) {
    if (folder.id === candidate.id) {
      const target = folder.rel === '' ? 'the root' : `"${folder.rel}"`;
      return {
        path: candidate.rel,
        reason: 'symlink_loop',
        detail: `links back to ${target}, which contains it`,
      };
    }
  }
  const how = candidate.viaSymlink ? 'symlink to a folder' : 'folder';
  return { path: candidate.rel, reason: 'ignored', detail: `${how} already walked as "${seenAt}"` };
}

/** Reads one folder: records its Python files and returns the sub-folders to enter. */
async function readFolder(ctx: WalkContext, folder: Folder): Promise<FolderCandidate[]> {
  let entries: Dirent[];
  try {
    entries = await ctx.limit(() => ctx.fs.readdir(folder.abs));
  } catch (error) {
    const code = errorCode(error);
    if (folder.parent === null) {
      throw new DiscoveryError('root_unreadable', `Root folder "${folder.abs}" cannot be read (${code})`);
    }
    skip(ctx, folder.rel, 'unreadable', `cannot list folder (${code})`);
    return [];
  }
  if (folder.parent !== null) {
    const marker = environmentMarker(entries);
    if (marker !== null && skip(ctx, folder.rel, 'ignored', marker)) return [];
  }
  let rules = folder.rules;
  if (ctx.respectGitignore && entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
    const rel = join(folder.rel, '.gitignore');
    try {
      const text = await ctx.limit(() => ctx.fs.readTextFile(path.join(folder.abs, '.gitignore')));
      rules = pushGitignore(rules, text, folder.rel, rel);
    } catch (error) {
      skip(ctx, rel, 'unreadable', `cannot read ignore file (${errorCode(error)})`);
    }
  }
  const results = await Promise.all(entries.map((entry) => readEntry(ctx, folder, rules, entry)));
  return results.filter((candidate): candidate is FolderCandidate => candidate !== null);
}

const join = (folder: string, name: string) => (folder === '' ? name : `${folder}/${name}`);

/** Classifies one entry: records a file or a skip, or returns a sub-folder to enter. */
async function readEntry(
  ctx: WalkContext,
  folder: Folder,
  rules: GitignoreChain,
  entry: Dirent,
): Promise<FolderCandidate | null> {
  const rel = join(folder.rel, entry.name);
  const abs = path.join(folder.abs, entry.name);
  const isPython = entry.name.endsWith('.py');
  const viaSymlink = entry.isSymbolicLink();
  const stat = async (): Promise<Stats | null> => {
    try {
      return await ctx.limit(() => ctx.fs.stat(abs));
    } catch (error) {
      const code = errorCode(error);
      const what = !viaSymlink
        ? 'cannot stat'
        : code === 'ENOENT'
          ? 'broken symlink'
          : 'cannot follow symlink';
      // A broken link with any other name could be anything; only report what could be Python or a folder.
      if (isPython || entry.isDirectory()) skip(ctx, rel, 'unreadable', `${what} (${code})`);
      return null;
    }
  };
  // Folders need their inode, symlinks their target's type; plain files are only stat-ed when kept.
  let stats: Stats | null = null;
  if (viaSymlink || entry.isDirectory()) {
    stats = await stat();
    if (stats === null) return null;
    if (viaSymlink && (isPython || stats.isDirectory()) && (await leadsOutside(ctx, rel, abs))) return null;
    if (stats.isDirectory()) {
      if (defaultSkip(ctx, rel, entry.name) || ruledOut(ctx, rules, rel, { isDirectory: true })) return null;
      return { rel, abs, id: folderId(stats), parent: folder, rules, viaSymlink };
    }
  }
  if (!isPython || ruledOut(ctx, rules, rel, { isDirectory: false })) return null;
  if (stats === null && entry.isFile()) {
    stats = await stat();
    if (stats === null) return null;
  }
  if (stats === null || !stats.isFile()) {
    skip(ctx, rel, 'not_regular', `not a regular file (${kindOf(stats ?? entry)})`);
  } else if (stats.size > ctx.maxFileBytes) {
    skip(ctx, rel, 'too_large', tooLargeDetail(stats.size, ctx.maxFileBytes));
  } else {
    ctx.files.push({ path: rel, absolutePath: abs, sizeBytes: stats.size });
  }
  return null;
}

/** Whether a symlink's target lies outside the root (and links out are skipped), recording the skip if so. */
async function leadsOutside(ctx: WalkContext, rel: string, abs: string): Promise<boolean> {
  if (ctx.realRoot === null) return false;
  let target: string;
  try {
    target = await ctx.limit(() => ctx.fs.realpath(abs));
  } catch (error) {
    return skip(ctx, rel, 'unreadable', `cannot follow symlink (${errorCode(error)})`);
  }
  if (relativeWithin(ctx.realRoot, target) === null) {
    // The target is not named: it lies outside the project, and the detail is stored and shown.
    return skip(
      ctx,
      rel,
      'outside_root',
      'symlink leads outside the indexed folder (--follow-links to index it)',
    );
  }
  return false;
}

/** Records a skip; returns true so checks read `if (skip(…))`. */
function skip(ctx: WalkContext, path: string, reason: SkippedEntry['reason'], detail: string): true {
  ctx.skipped.push({ path, reason, detail });
  return true;
}

/** Whether a folder is skipped by name (tool folders silently, environments with a report). */
function defaultSkip(ctx: WalkContext, rel: string, name: string): boolean {
  const rule = defaultFolderRule(name);
  if (rule === 'report') skip(ctx, rel, 'ignored', ENVIRONMENT_SKIP_DETAIL);
  return rule !== null;
}

/** Whether an exclude glob or an ignore file rules the path out, recording the skip if so. */
function ruledOut(
  ctx: WalkContext,
  rules: GitignoreChain,
  rel: string,
  options: { isDirectory: boolean },
): boolean {
  const glob = ctx.excluded(rel, options);
  if (glob !== null) return skip(ctx, rel, 'excluded', `matches exclude glob "${glob}"`);
  const ignoredBy = ctx.respectGitignore ? gitignoreVerdict(rules, rel, options) : null;
  return ignoredBy !== null && skip(ctx, rel, 'ignored', `ignored by ${ignoredBy}`);
}

/** A short name for what a non-regular entry is. */
function kindOf(entry: Stats | Dirent): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'device';
  return 'unknown type';
}
