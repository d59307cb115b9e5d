/**
 * The few file-system calls discovery makes, behind a small interface so tests can make a directory
 * fail (tests run as root, where `chmod 000` does not stop reads), plus a limiter that bounds how many
 * of those calls are in flight at once.
 */
import type { Dirent, Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';

/** What discovery needs from the file system; `stat` follows symlinks. */
export interface DiscoveryFs {
  readdir(path: string): Promise<Dirent[]>;
  stat(path: string): Promise<Stats>;
  readTextFile(path: string): Promise<string>;
  /** The canonical path, every symlink resolved. */
  realpath(path: string): Promise<string>;
}

/** The real file system through `fs.promises`. */
export const nodeDiscoveryFs: DiscoveryFs = {
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  stat: (path) => fsp.stat(path),
  readTextFile: (path) => fsp.readFile(path, 'utf8'),
  realpath: (path) => fsp.realpath(path),
};

/** Runs a task when fewer than `max` tasks are running, so a wide tree cannot exhaust file handles. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A limiter allowing `max` concurrent tasks, started in the order they were submitted. */
export function createLimiter(max: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot take it first.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** The `code` of a Node system error (`EACCES`, `ENOENT`), or `ERROR` when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}
