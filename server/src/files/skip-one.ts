/**
 * Whether the walk would leave one file out, found without walking: the editor stores a file it opens or
 * saves only when `motif index` would index it. Otherwise the two disagree about the store: a module
 * opened from `.venv/` by go-to-definition was stored, and the next index removed it again.
 *
 * The same rules as `discover.ts`, in its order, along the file's folders: default folder skips, exclude
 * globs and ignore files before a folder is entered, an environment marker once it is read, then the
 * file's own globs and ignore rules, and a symlink leading out of the root. Folders that cannot be read
 * decide nothing (the walk would report them; the editor still has the file).
 */
import path from 'node:path';
import type { SkippedEntry } from './discover';
import { type DiscoveryFs, nodeDiscoveryFs } from './discovery-fs';
import { type GitignoreChain, gitignoreVerdict, loadAncestorRules, pushGitignore } from './gitignore';
import { relativeWithin } from './relative-within';
import { compileExcludes, defaultFolderRule, ENVIRONMENT_SKIP_DETAIL, environmentMarker } from './skip-rules';

export interface SkipOneOptions {
  root: string;
  /** Root-relative, forward slashes. */
  path: string;
  exclude?: readonly string[];
  respectGitignore?: boolean;
  followExternalLinks?: boolean;
  fs?: DiscoveryFs;
}

/** Why the walk would skip `options.path` (at the file or the folder that prunes it), or null. */
export async function skipReasonOf(options: SkipOneOptions): Promise<SkippedEntry | null> {
  const fs = options.fs ?? nodeDiscoveryFs;
  const root = path.resolve(options.root);
  const excluded = compileExcludes(options.exclude ?? []);
  const respectGitignore = options.respectGitignore ?? true;
  let rules: GitignoreChain = respectGitignore ? (await loadAncestorRules(fs, root)).chain : null;
  const enter = async (rel: string, abs: string, checkMarker: boolean): Promise<SkippedEntry | null> => {
    if (!checkMarker && !respectGitignore) return null;
    let names: Awaited<ReturnType<DiscoveryFs['readdir']>>;
    try {
      names = await fs.readdir(abs);
    } catch {
      return null;
    }
    const marker = checkMarker ? environmentMarker(names) : null;
    if (marker !== null) return { path: rel, reason: 'ignored', detail: marker };
    if (respectGitignore && names.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const source = rel === '' ? '.gitignore' : `${rel}/.gitignore`;
      try {
        rules = pushGitignore(rules, await fs.readTextFile(path.join(abs, '.gitignore')), rel, source);
      } catch {
        // An unreadable ignore file: the walk reports it and goes on without it.
      }
    }
    return null;
  };
  const ruledOut = (rel: string, isDirectory: boolean): SkippedEntry | null => {
    const glob = excluded(rel, { isDirectory });
    if (glob !== null) return { path: rel, reason: 'excluded', detail: `matches exclude glob "${glob}"` };
    const by = respectGitignore ? gitignoreVerdict(rules, rel, { isDirectory }) : null;
    return by === null ? null : { path: rel, reason: 'ignored', detail: `ignored by ${by}` };
  };

  const parts = options.path.split('/');
  const found = await enter('', root, false);
  if (found) return found;
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = parts.slice(0, i + 1).join('/');
    const rule = defaultFolderRule(parts[i]!);
    if (rule !== null) {
      const detail = rule === 'report' ? ENVIRONMENT_SKIP_DETAIL : 'tool folder (skipped by default)';
      return { path: rel, reason: 'ignored', detail };
    }
    const skipped =
      ruledOut(rel, true) ?? (await enter(rel, path.join(root, ...parts.slice(0, i + 1)), true));
    if (skipped) return skipped;
  }
  const skipped = ruledOut(options.path, false);
  if (skipped || options.followExternalLinks) return skipped;
  try {
    const real = await fs.realpath(path.join(root, ...parts));
    if (relativeWithin(await fs.realpath(root), real) === null) {
      return {
        path: options.path,
        reason: 'outside_root',
        detail: 'symlink leads outside the indexed folder',
      };
    }
  } catch {
    // A file that cannot be resolved (deleted since) is the reader's to report.
  }
  return null;
}
