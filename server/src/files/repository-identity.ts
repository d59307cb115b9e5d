/**
 * The repository identity patterns are stored under: the git remote `origin` URL (credentials
 * removed) when the folder is a git checkout, else the folder's name. Read from `.git/config`
 * without running git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { relativeWithin } from './relative-within';

/** Strip `user:password@` from a URL-like remote so credentials never reach the store. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

/** Find the `.git` folder at or above `root` (a `.git` file pointing elsewhere is followed). */
function gitDir(root: string): string | null {
  let dir = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, '.git');
    try {
      const stat = fs.statSync(candidate);
      if (stat.isDirectory()) return candidate;
      const pointer = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(candidate, 'utf8'));
      if (pointer) return path.resolve(dir, pointer[1]!.trim());
    } catch {
      // No .git here; keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The `origin` remote URL (or the first remote's) of a `.git` folder, credentials removed. */
function remoteOf(dir: string): string | null {
  let config: string;
  try {
    config = fs.readFileSync(path.join(dir, 'config'), 'utf8');
  } catch {
    return null;
  }
  const remotes = [...config.matchAll(/\[remote "([^"]+)"\]([^[]*)/g)].map((m) => ({
    name: m[1]!,
    url: /^\s*url\s*=\s*(.+)$/m.exec(m[2]!)?.[1]?.trim() ?? null,
  }));
  const chosen = remotes.find((r) => r.name === 'origin' && r.url) ?? remotes.find((r) => r.url);
  return chosen?.url ? stripCredentials(chosen.url) : null;
}

/**
 * The identity for `root`: `explicit` if given, else the git remote (with `#sub/folder` when `root`
 * is below the checkout's top, since file paths are relative to `root`), else the folder's name.
 */
export function repositoryIdentity(root: string, explicit?: string): string {
  if (explicit) return explicit;
  const absolute = path.resolve(root);
  const dir = gitDir(absolute);
  const remote = dir ? remoteOf(dir) : null;
  if (!dir || !remote) return path.basename(absolute);
  const top = path.dirname(dir);
  const sub = relativeWithin(top, absolute);
  return sub ? `${remote}#${sub}` : remote;
}
