/**
 * The background half of a save: write the analysis the editor already shows, then settle usage
 * across files (a debounced usage pass) and similar patterns, each refreshing the lenses again.
 * Writes of one file are coalesced: while one is in flight only the latest analysis waits, so a burst
 * of saves writes twice at most. Background steps wait until the editor is idle (`whenIdle`).
 */
import { createHash } from 'node:crypto';
import { PatternsChangedNotification } from '../../../shared/protocol';
import { indexProfile } from '../../../shared/settings';
import type { PatternRecord } from '../core/pattern';
import { applyProfile } from '../indexing/apply-profile';
import { type FileAnalysis, writeAnalysis } from '../indexing/index-file';
import { runUsagePass } from '../indexing/usage-pass';
import { publishDiagnostics } from './diagnostics';
import { annotateLater, refreshCodeLenses, reloadViews } from './file-analysis';
import { notify } from './messages';
import {
  countPatterns,
  type FileView,
  isUnreachable,
  markUnreachable,
  type Session,
  storeBack,
  whenIdle,
} from './session';

/** One analysis to write, and the view that shows it. */
export interface WriteJob {
  uri: string;
  path: string;
  analysis: FileAnalysis;
  view: FileView;
}

interface FileWrites {
  latest: WriteJob | null;
  running: Promise<void> | null;
}

const writes = new WeakMap<Session, Map<string, FileWrites>>();

function writesOf(session: Session): Map<string, FileWrites> {
  let map = writes.get(session);
  if (!map) {
    map = new Map();
    writes.set(session, map);
  }
  return map;
}

/** Whether a write of `path` is queued or in flight (its stored hash is then out of date). */
export function writePending(session: Session, path: string): boolean {
  return writesOf(session).has(path);
}

/** Queue the write of an analysis; a newer one for the same file replaces one not started yet. */
export function queueWrite(session: Session, job: WriteJob): void {
  const map = writesOf(session);
  let state = map.get(job.path);
  if (!state) {
    state = { latest: null, running: null };
    map.set(job.path, state);
  }
  state.latest = job;
  if (state.running) return;
  const run = drain(session, job.path, state);
  state.running = run;
}

/** Resolve once every queued write has landed (shutdown). */
export async function flushWrites(session: Session): Promise<void> {
  for (const state of writesOf(session).values()) await state.running?.catch(() => {});
}

// A write waits for this much quiet after the last open or save: a burst of saves writes once, and a
// write (synchronous work in the embedded store) does not take the thread from the next save.
const WRITE_QUIET_MS = 250;

async function drain(session: Session, path: string, state: FileWrites): Promise<void> {
  try {
    while (state.latest && !session.disposed) {
      for (;;) {
        const since = performance.now() - session.lastFileActivity;
        if (session.filesInFlight === 0 && since >= WRITE_QUIET_MS) break;
        await new Promise((resolve) => setTimeout(resolve, Math.max(20, WRITE_QUIET_MS - since)).unref?.());
      }
      if (session.disposed || !state.latest) break;
      const job = state.latest;
      state.latest = null;
      await writeNow(session, job);
    }
  } finally {
    writesOf(session).delete(path);
  }
}

async function writeNow(session: Session, job: WriteJob): Promise<void> {
  const store = session.store;
  if (!store || !job.analysis.file) return;
  session.filesInFlight++;
  let written: PatternRecord[] | null;
  const started = performance.now();
  try {
    written = await writeAnalysis(store, session.repository, job.path, job.analysis);
  } catch (error) {
    if (session.disposed) return;
    if (isUnreachable(error)) markUnreachable(session, error);
    else session.logger.error(`writing ${job.path} failed: ${(error as Error).message}`);
    return;
  } finally {
    session.filesInFlight--;
    session.lastFileActivity = performance.now();
  }
  if (written === null) return;
  session.logger.debug(`${job.path}: written in ${Math.round(performance.now() - started)} ms`);
  session.fileHashes.set(job.path, job.analysis.file.contentHash);
  // The store's usage is newer than the view's for patterns the view did not know (a new name).
  const view = session.views.get(job.uri);
  if (view === job.view && usageDiffers(view.patterns, written)) {
    const byId = new Map(written.map((p) => [p.id, p]));
    view.patterns = view.patterns.map((p) => byId.get(p.id) ?? p);
    publishDiagnostics(session, job.uri);
    await refreshCodeLenses(session);
  }
  // The usage pass reads the whole repository: skipped when what feeds it (the file's references,
  // re-exports, definitions and their outgoing references) is what it was at this file's last write.
  const signature = graphSignature(job.analysis);
  const signatures = signaturesOf(session);
  if (signatures.get(job.path) === signature) {
    session.logger.debug(`${job.path}: references and definitions unchanged, no usage pass needed`);
  } else scheduleUsagePass(session, [job.path]);
  signatures.set(job.path, signature);
  if (session.similarityStore) void syncSimilar(session, job.path, job.view);
}

const signatureMaps = new WeakMap<Session, Map<string, string>>();

function signaturesOf(session: Session): Map<string, string> {
  let map = signatureMaps.get(session);
  if (!map) {
    map = new Map();
    signatureMaps.set(session, map);
  }
  return map;
}

/** Forget what the editor last wrote for `paths` (all when absent): they were written by others. */
export function forgetSignatures(session: Session, paths?: string[]): void {
  const map = signaturesOf(session);
  if (!paths) map.clear();
  else for (const path of paths) map.delete(path);
}

/** A hash of everything of a file's analysis the usage and relationship pass reads. */
export function graphSignature(analysis: FileAnalysis): string {
  const definitions = analysis.patterns.map((p) => [
    p.id,
    p.qualifiedName,
    p.kind,
    p.patternType,
    p.outgoing ?? [],
    p.designDetail?.participants ?? [],
  ]);
  const fed = [analysis.references, analysis.file?.reexports ?? [], definitions];
  return createHash('sha256').update(JSON.stringify(fed)).digest('hex');
}

function usageDiffers(shown: PatternRecord[], written: PatternRecord[]): boolean {
  const byId = new Map(written.map((p) => [p.id, p]));
  return shown.some((p) => {
    const w = byId.get(p.id);
    return w !== undefined && (w.usageCount !== p.usageCount || w.usageFiles !== p.usageFiles);
  });
}

// The written file's vectors go into the similarity index, then its view gets its similar counts.
async function syncSimilar(session: Session, path: string, view: FileView): Promise<void> {
  await whenIdle(session);
  try {
    await session.similarity?.syncFiles(session.repository, [path]);
  } catch (error) {
    session.logger.warn(`similarity index not updated for ${path}: ${(error as Error).message}`);
  }
  await annotateLater(session, view);
}

const USAGE_DEBOUNCE_MS = 750;
const pendingUsage = new WeakMap<Session, { timer: NodeJS.Timeout; files: Set<string> }>();

/**
 * Settle usage counts across files a little after the last write (saves come in bursts) and once the
 * editor is idle, then reload the open files' patterns so lenses show the new counts. Waits for a
 * running workspace index: it ends with the same pass.
 */
export function scheduleUsagePass(session: Session, files: string[]): void {
  const pending = pendingUsage.get(session);
  if (pending) clearTimeout(pending.timer);
  const changed = new Set([...(pending?.files ?? []), ...files]);
  const timer = setTimeout(() => {
    pendingUsage.delete(session);
    void usagePassNow(session, [...changed]);
  }, USAGE_DEBOUNCE_MS);
  timer.unref?.();
  pendingUsage.set(session, { timer, files: changed });
}

let passes = Promise.resolve();

/** Run the usage pass (after any running one) and reload open views whose patterns changed. */
export function usagePassNow(session: Session, changedFiles: string[]): Promise<void> {
  passes = passes.then(() => usagePass(session, changedFiles));
  return passes;
}

async function usagePass(session: Session, changedFiles: string[]): Promise<void> {
  await whenIdle(session);
  await session.startup;
  if (session.indexing) await session.indexing.catch(() => {});
  await storeBack(session);
  const store = session.store;
  if (!store || session.disposed) return;
  const started = performance.now();
  try {
    // In the server process: lending the store to a child for every pass left export, the explorer
    // and the dashboard without a store for its whole length (the code-server tests caught it).
    const summary = await runUsagePass(store, session.repository, session.root);
    await applyProfile(store, session.repository, indexProfile(session.settings));
    session.logger.debug(`usage pass: ${summary.usageUpdates} usage updates`);
    session.logger.debug(`usage pass done in ${Math.round(performance.now() - started)} ms`);
    await reloadViews(session, () => true);
    void countPatterns(session);
    await notify(session.connection, PatternsChangedNotification.type, { files: changedFiles });
  } catch (error) {
    if (session.disposed) return;
    if (isUnreachable(error)) markUnreachable(session, error);
    else session.logger.error(`usage pass failed: ${(error as Error).message}`);
  }
}
