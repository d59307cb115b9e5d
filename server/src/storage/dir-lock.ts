/**
 * A process lock beside an embedded database folder: PGlite takes no lock of its own, and two processes
 * (say the language server and `motif index`) writing one folder corrupt it. A lock whose process is
 * gone is taken over; a live holder is never stolen.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** A held lock; `release` is idempotent. */
export interface DirLock {
  readonly path: string;
  release(): void;
}

/** Why a lock could not be taken: held by a live process (`pid`), or the file system refused. */
export class LockHeldError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number | null,
  ) {
    super(
      pid === null
        ? `cannot create the lock file ${lockPath}`
        : `the store is in use by process ${pid} (lock file ${lockPath}); close that Motif process, or point --db elsewhere`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Take `lockPath` for this process (atomic create with `wx`). A lock left by a dead process, or an
 * unreadable one, is removed and retried once; a lock held by a live process (this one included) throws
 * `LockHeldError`. The lock is also dropped on process exit.
 */
export function acquireDirLock(lockPath: string): DirLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return holdLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockHeldError(lockPath, null);
      const pid = readPid(lockPath);
      if (pid !== null && isAlive(pid)) throw new LockHeldError(lockPath, pid);
      try {
        unlinkSync(lockPath);
      } catch {
        // Another process removed the stale lock first; the retry settles who gets it.
      }
    }
  }
  throw new LockHeldError(lockPath, readPid(lockPath));
}

function holdLock(lockPath: string): DirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only remove the file if it is still ours.
    if (readPid(lockPath) === process.pid) {
      try {
        unlinkSync(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    }
  };
  process.on('exit', release);
  return { path: lockPath, release };
}
