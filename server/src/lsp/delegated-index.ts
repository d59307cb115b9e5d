/**
 * The parent's side of an index run in a child process (see `index-child.ts`): lend the embedded
 * store to the child (close it here, so PGlite's single-writer lock passes over), relay its progress
 * and log lines, cancel it on request, then open the store again. While it runs the server keeps
 * answering from the open files' analyses (no store: nothing is written, and the open files are
 * re-analysed when the store is back).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { INDEX_SEMI_SPACE_FLAG } from '../indexing/heap-growth';
import type { IndexSummary } from '../indexing/index-workspace';
import { packageRoot } from '../indexing/package-root';
import { refreshFile } from './file-analysis';
import { flushWrites } from './file-writes';
import type { IndexChildMessage, IndexChildOptions } from './index-child';
import { connectStore, type Session, storeTarget } from './session';

/** Whether this session's index runs in a child: an embedded store in a folder (not PostgreSQL, not memory). */
export function indexesInChild(session: Session): boolean {
  if (process.env.MOTIF_LSP_INDEX_IN_PROCESS === '1') return false;
  return session.storeStatus.kind === 'embedded' && session.store !== null;
}

/** What a delegated run needs from the caller. */
export interface ChildRun {
  options: Omit<IndexChildOptions, 'root' | 'db' | 'repository' | 'verbose'>;
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
}

/** Run the index in a child process with the store lent to it; the session's store is closed meanwhile. */
export async function indexInChild(session: Session, run: ChildRun): Promise<IndexSummary> {
  const summary = await lendStore(session, run.options, run);
  if (!summary) throw new Error('the index process sent no summary');
  return summary;
}

/** Open the store again after a child had it, and re-analyse the open files against it. */
export async function reopenStore(session: Session): Promise<boolean> {
  if (session.disposed || !(await connectStore(session))) return false;
  for (const uri of session.documents.keys()) await refreshFile(session, uri);
  return true;
}

async function lendStore(
  session: Session,
  options: ChildRun['options'],
  run: Pick<ChildRun, 'signal' | 'onProgress'>,
): Promise<IndexSummary | null> {
  await flushWrites(session);
  const store = session.store;
  session.store = null;
  session.similarity = null;
  session.similarityStore = null;
  session.storeLent = true;
  try {
    await store?.close();
    const target = storeTarget(session);
    return await runChild(
      session,
      {
        ...options,
        root: session.root,
        ...(target ? { db: target } : {}),
        repository: session.repository,
        verbose: process.env.MOTIF_LSP_VERBOSE === '1',
      },
      run,
    );
  } finally {
    session.storeLent = false;
  }
}

const children = new WeakMap<Session, { cancel(): void; exited: Promise<void> }>();

/** Cancel a running child and wait (at most 10 s) for it to close the store and exit. */
export async function stopChild(session: Session): Promise<void> {
  const child = children.get(session);
  if (!child) return;
  child.cancel();
  await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
}

function runChild(
  session: Session,
  options: IndexChildOptions,
  run: Pick<ChildRun, 'signal' | 'onProgress'>,
): Promise<IndexSummary | null> {
  const script = path.join(packageRoot(), 'dist', 'server.cjs');
  const child = fork(script, ['--index-child'], {
    // stdout may be the server's own transport: the child never writes there.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
    // The small young generation `motif index` gives its thread (heap-growth.ts): here a flag, as the
    // index runs on the child's main thread.
    execArgv: [...process.execArgv, INDEX_SEMI_SPACE_FLAG],
  });
  const started = performance.now();
  let exited!: () => void;
  children.set(session, {
    cancel: () => (child.connected ? child.send({ type: 'cancel' }) : undefined),
    exited: new Promise<void>((resolve) => {
      exited = resolve;
    }),
  });
  return new Promise<IndexSummary | null>((resolve, reject) => {
    let done = false;
    let summary: IndexSummary | null = null;
    let failure: string | null = null;
    const cancel = () => {
      if (child.connected) child.send({ type: 'cancel' });
    };
    if (run.signal.aborted) cancel();
    run.signal.addEventListener('abort', cancel, { once: true });
    child.on('message', (message: IndexChildMessage) => {
      if (message.type === 'progress') run.onProgress(message.done, message.total);
      else if (message.type === 'log') session.logger[message.level](message.message);
      else if (message.type === 'error') failure = message.message;
      else {
        done = true;
        summary = message.summary;
        const young = message.youngGenerationMb === null ? 'default' : `${message.youngGenerationMb} MB`;
        session.logger.info(
          `index ran in a child process (pid ${child.pid}, young generation ${young}, peak RSS ${message.maxRssMiB} MiB) for ${Math.round(performance.now() - started)} ms`,
        );
      }
    });
    child.on('error', (error) => {
      failure ??= error.message;
    });
    child.on('exit', (code, signal) => {
      exited();
      children.delete(session);
      run.signal.removeEventListener('abort', cancel);
      if (done) resolve(summary);
      else
        reject(
          new Error(
            failure ?? `the index process ended (${signal ?? `exit code ${code}`}) without a summary`,
          ),
        );
    });
    child.send(options);
  });
}
