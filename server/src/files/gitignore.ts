/**
 * Git's ignore rules as discovery applies them: `.git/info/exclude`, the `.gitignore` files from the
 * repository's top down to the root (when the root is inside a Git work tree), and every nested
 * `.gitignore` met on the walk, each matched relative to its own folder; deeper files win, as in Git.
 */
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { type DiscoveryFs, errorCode } from './discovery-fs';

/** One ignore file: its rules, where it is (for messages) and how a root-relative path reads from its folder. */
interface GitignoreLayer {
  /** The file's path relative to the discovery root, forward slashes (`pkg/.gitignore`, `../.gitignore`). */
  source: string;
  matcher: Ignore;
  /** Root-relative prefix of the file's folder (`pkg/`), removed from paths below it. */
  strip: string;
  /** Path of the root relative to the file's folder (`src/`), for files above the root. */
  prepend: string;
  /** The next layer up, which has lower precedence. */
  parent: GitignoreLayer | null;
}

/** The ignore files in force in a folder, innermost first; null when there are none. */
export type GitignoreChain = GitignoreLayer | null;

/** Git matches case-sensitively on Linux and (by default) case-insensitively on macOS and Windows. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

const posix = (p: string) => p.split(path.sep).join('/');

/** Adds the rules of an ignore file whose folder is `folder` (root-relative, '' for the root). */
export function pushGitignore(
  chain: GitignoreChain,
  text: string,
  folder: string,
  source: string,
): GitignoreChain {
  const matcher = ignore({ ignorecase: IGNORE_CASE }).add(text);
  return { source, matcher, strip: folder === '' ? '' : `${folder}/`, prepend: '', parent: chain };
}

/** The ignore file and rule that ignore a root-relative path (`pkg/.gitignore: build/`), or null. */
export function gitignoreVerdict(
  chain: GitignoreChain,
  relPath: string,
  options: { isDirectory: boolean },
): string | null {
  for (let layer = chain; layer; layer = layer.parent) {
    if (layer.strip !== '' && !relPath.startsWith(layer.strip)) continue;
    const local = layer.prepend + relPath.slice(layer.strip.length);
    const result = layer.matcher.test(options.isDirectory ? `${local}/` : local);
    if (result.ignored) return `${layer.source}: ${result.rule?.pattern ?? '(parent folder ignored)'}`;
    // A negation (`!keep.py`) in a deeper file re-includes what a shallower file ignores.
    if (result.unignored) return null;
  }
  return null;
}

/** The ignore files above the root and a problem met reading one, if any. */
export interface AncestorRules {
  chain: GitignoreChain;
  problems: { path: string; detail: string }[];
}

/**
 * Loads `.git/info/exclude` and the `.gitignore` files between the Git work tree's top and the root
 * (exclusive). Outside a work tree there are none; if they ignore the root itself they are dropped,
 * since a root named explicitly is indexed.
 */
export async function loadAncestorRules(fs: DiscoveryFs, root: string): Promise<AncestorRules> {
  const top = await findWorkTreeTop(fs, root);
  const problems: AncestorRules['problems'] = [];
  if (top === null) return { chain: null, problems };
  const read = async (file: string): Promise<string | null> => {
    try {
      return await fs.readTextFile(file);
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        problems.push({ path: posix(path.relative(root, file)), detail: code });
      return null;
    }
  };
  let chain: GitignoreChain = null;
  const add = (text: string | null, folder: string, file: string) => {
    if (text === null) return;
    const fromFolder = posix(path.relative(folder, root));
    chain = {
      source: posix(path.relative(root, file)),
      matcher: ignore({ ignorecase: IGNORE_CASE }).add(text),
      strip: '',
      prepend: fromFolder === '' ? '' : `${fromFolder}/`,
      parent: chain,
    };
  };
  const exclude = path.join(await gitDir(fs, top), 'info', 'exclude');
  add(await read(exclude), top, exclude);
  const below = path.relative(top, root).split(path.sep).filter(Boolean);
  for (let depth = 0; depth < below.length; depth += 1) {
    const folder = path.join(top, ...below.slice(0, depth));
    const file = path.join(folder, '.gitignore');
    add(await read(file), folder, file);
  }
  return { chain: isRootIgnored(chain) ? null : chain, problems };
}

/** Whether ancestor rules ignore the root folder itself; each layer's `prepend` is the root seen from it. */
function isRootIgnored(chain: GitignoreChain): boolean {
  for (let layer = chain; layer; layer = layer.parent) {
    if (layer.prepend === '') continue;
    const result = layer.matcher.test(layer.prepend);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** The nearest folder at or above `root` holding `.git` (a folder or a worktree's `gitdir:` file). */
async function findWorkTreeTop(fs: DiscoveryFs, root: string): Promise<string | null> {
  for (let folder = root; ; ) {
    try {
      await fs.stat(path.join(folder, '.git'));
      return folder;
    } catch {
      const parent = path.dirname(folder);
      if (parent === folder) return null;
      folder = parent;
    }
  }
}

/** The Git directory of a work tree: `.git`, or where a `.git` file's `gitdir:` line points. */
async function gitDir(fs: DiscoveryFs, top: string): Promise<string> {
  const dotGit = path.join(top, '.git');
  try {
    const stats = await fs.stat(dotGit);
    if (stats.isDirectory()) return dotGit;
    const match = /^gitdir:\s*(.+)$/m.exec(await fs.readTextFile(dotGit));
    return match ? path.resolve(top, match[1]!.trim()) : dotGit;
  } catch {
    return dotGit;
  }
}
