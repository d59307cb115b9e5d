/**
 * Workspace indexing from the language server: the indexer's `indexWorkspace` with `$/progress`
 * reporting and cancellation, run in the background on start when the store is empty or stale and
 * on `motif/reindex`. One run at a time: a second request waits for the running one first.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { PatternsChangedNotification, type ReindexResult } from '../../../shared/protocol';
import { effectiveWeights, indexProfile } from '../../../shared/settings';
import { discoverPythonFiles } from '../files/discover';
import { type IndexSummary, indexWorkspace } from '../indexing/index-workspace';
import { StorageError } from '../storage/sql-client';
import { indexesInChild, indexInChild, reopenStore } from './delegated-index';
import { loadSimilarity, reloadViews } from './file-analysis';
import { forgetSignatures } from './file-writes';
import { notify } from './messages';
import {
  connectStore,
  isUnreachable,
  markUnreachable,
  type Session,
  sendStatus,
  setState,
  storeBack,
} from './session';

/** How a run reports and is stopped. */
export interface IndexRunOptions {
  full?: boolean;
  reporter: WorkDoneProgressReporter;
  token?: CancellationToken;
}

// Leave a core to the editor; at least one worker thread so analysis never blocks the server.
const JOBS = Math.max(2, Math.min(4, os.availableParallelism() - 1));
const REPORT_EVERY_MS = 200;

/** Index the workspace now (after any running index), reporting progress; never throws. */
export async function reindexWorkspace(session: Session, options: IndexRunOptions): Promise<ReindexResult> {
  while (session.indexing) await session.indexing.catch(() => {});
  const run = runIndex(session, options);
  session.indexing = run;
  try {
    return await run;
  } finally {
    if (session.indexing === run) session.indexing = null;
  }
}

async function runIndex(session: Session, options: IndexRunOptions): Promise<ReindexResult> {
  const { reporter } = options;
  const empty: ReindexResult = {
    status: 'cancelled',
    filesSeen: 0,
    filesIndexed: 0,
    filesUnchanged: 0,
    filesRemoved: 0,
    filesSkipped: 0,
    syntaxErrors: 0,
    patterns: 0,
    durationMs: 0,
  };
  // A usage pass in a child process has the store: it gives it back when done.
  await storeBack(session);
  if (!session.store && !(await connectStore(session))) {
    reporter.begin('Motif: indexing', undefined, 'store unreachable', false);
    reporter.done();
    throw new Error(`cannot index: the store is unreachable (${session.storeError ?? 'unknown error'})`);
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  const listener = options.token?.onCancellationRequested(cancel);
  if (options.token?.isCancellationRequested) cancel();
  reporter.begin('Motif: indexing workspace', 0, 'finding Python files', true);
  setState(session, 'indexing', 'indexing the workspace');
  let lastReport = 0;
  const onProgress = (done: number, total: number) => {
    const now = performance.now();
    if (now - lastReport < REPORT_EVERY_MS && done !== total) return;
    lastReport = now;
    reporter.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} files`);
    session.progress = { done, total };
    sendStatus(session);
  };
  const common = {
    jobs: JOBS,
    exclude: session.settings.exclude,
    followLinks: session.settings.followLinks,
    ...(session.coverage ? { coverage: session.coverage } : {}),
    weights: effectiveWeights(session.settings),
    profile: indexProfile(session.settings),
  };
  try {
    let summary: IndexSummary;
    if (indexesInChild(session)) {
      // The store comes back after the child: open it again, then bring the open files up to date
      // (saves while it ran were shown but not written).
      try {
        summary = await indexInChild(session, {
          options: { ...common, full: options.full === true },
          signal: controller.signal,
          onProgress,
        });
      } finally {
        await reopenStore(session);
      }
    } else {
      summary = await indexWorkspace({
        ...common,
        root: session.root,
        store: session.store!,
        repository: session.repository,
        signal: controller.signal,
        ...(options.full ? { full: true } : {}),
        logger: session.logger,
        onProgress,
      });
    }
    const store = session.store;
    if (!store) throw new StorageError('unavailable', session.storeError ?? 'the store did not open again');
    const status = summary.status === 'interrupted' ? 'cancelled' : 'completed';
    forgetSignatures(session);
    session.fileHashes = new Map(
      [...(await store.fileStates(session.repository)).values()].map((s) => [s.path, s.contentHash]),
    );
    session.patternCount = (await store.stats()).patterns;
    const message =
      status === 'cancelled'
        ? `indexing cancelled after ${summary.filesIndexed} files; run Re-index to finish`
        : `indexed ${summary.filesSeen} files (${summary.filesIndexed} analysed, ${summary.filesUnchanged} unchanged) in ${(summary.durationMs / 1000).toFixed(1)} s`;
    session.logger.info(message);
    setState(session, 'ready', message);
    await reloadViews(session, () => true);
    // The index changed under the vector index: load it again (now, if files are open; else lazily).
    if (summary.filesIndexed > 0 || summary.filesRemoved > 0 || !session.similarity) {
      session.similarity = null;
      await loadSimilarity(session);
    }
    await notify(session.connection, PatternsChangedNotification.type, { files: [] });
    return {
      status,
      filesSeen: summary.filesSeen,
      filesIndexed: summary.filesIndexed,
      filesUnchanged: summary.filesUnchanged,
      filesRemoved: summary.filesRemoved,
      filesSkipped: summary.skipped.length - summary.walkSkipped,
      syntaxErrors: summary.syntaxErrors.length,
      patterns: session.patternCount,
      durationMs: summary.durationMs,
    };
  } catch (error) {
    if (isUnreachable(error)) {
      markUnreachable(session, error);
      return empty;
    }
    setState(session, 'ready', `indexing failed: ${(error as Error).message}`);
    throw error;
  } finally {
    listener?.dispose();
    reporter.done();
  }
}

/**
 * Whether the store needs an index: no completed run, files added or removed since, or a file
 * modified after the last run started.
 */
export async function isStale(session: Session): Promise<boolean> {
  const store = session.store;
  if (!store) return false;
  const last = await store.lastRun();
  if (last?.status !== 'completed') return true;
  const discovery = await discoverPythonFiles({
    root: session.root,
    exclude: session.settings.exclude,
    followExternalLinks: session.settings.followLinks,
  });
  const known = session.fileHashes;
  if (discovery.files.length !== known.size || discovery.files.some((f) => !known.has(f.path))) return true;
  const since = new Date(last.startedAt).getTime();
  for (let i = 0; i < discovery.files.length; i += 64) {
    const batch = discovery.files.slice(i, i + 64);
    const times = await Promise.all(
      batch.map((f) =>
        stat(f.absolutePath).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    );
    if (times.some((t) => t > since)) return true;
  }
  return false;
}
