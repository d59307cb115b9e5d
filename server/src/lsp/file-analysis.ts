/**
 * Open and save: analyse only that file in memory through the indexer's per-file pipeline
 * (`analyseFile`), show it at once with the usage the file's previous analysis had (a save never
 * waits for the store), then write it in the background (`file-writes.ts`), which also settles usage
 * across files and similar patterns, each refreshing the lenses again. An open of a file whose
 * content is stored reads its stored patterns (one targeted read). Without a store the file is
 * analysed in memory only.
 */
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import { effectiveWeights } from '../../../shared/settings';
import type { PatternRecord } from '../core/pattern';
import { skipReasonOf } from '../files/skip-one';
import { carryOfRecord, carryUsage } from '../indexing/carry-usage';
import { analyseFile, type FileAnalysis, storedPatterns } from '../indexing/index-file';
import { fsPathOf, relativePathOf } from './convert';
import { publishDiagnostics } from './diagnostics';
import { queueWrite, writePending } from './file-writes';
import { identityMap } from './line-map';
import { type FileView, isUnreachable, markUnreachable, type Session, whenIdle } from './session';
import { createEditorSimilarity } from './similarity';

/** Analyse the document `uri` (on open or save) and refresh lenses and diagnostics. */
export async function refreshFile(session: Session, uri: string): Promise<FileView | null> {
  session.filesInFlight++;
  session.lastFileActivity = performance.now();
  try {
    return await refreshFileNow(session, uri);
  } finally {
    session.filesInFlight--;
    session.lastFileActivity = performance.now();
  }
}

async function refreshFileNow(session: Session, uri: string): Promise<FileView | null> {
  const document = session.documents.get(uri);
  if (!document || session.disposed) return null;
  const absolutePath = fsPathOf(uri);
  const relative = absolutePath ? relativePathOf(session.root, absolutePath) : null;
  // Files the index leaves out are analysed for the editor but never stored.
  const path = relative && !(await isLeftOut(session, relative)) ? relative : null;
  const common = {
    repository: session.repository,
    parser: session.parser,
    weights: effectiveWeights(session.settings),
    ...(path && session.coverage?.get(path) ? { coverage: session.coverage.get(path)! } : {}),
  };
  const inMemory = () =>
    analyseFile({
      ...common,
      path: path ?? absolutePath ?? uri,
      absolutePath: absolutePath ?? uri,
      storedHash: null,
      text: document.getText(),
    });
  const stored = session.store !== null && path !== null && absolutePath !== null;
  const started = performance.now();
  let analysis: FileAnalysis;
  let storable = stored;
  if (stored) {
    // The file as on disk (the same hash as the indexer's, so no churn); a write still pending for it
    // makes the stored hash stale, so it is analysed again.
    const storedHash = writePending(session, path) ? null : (session.fileHashes.get(path) ?? null);
    analysis = await analyseFile({ ...common, path, absolutePath, storedHash });
    // A file deleted or unreadable on disk is still open: show the buffer's analysis.
    if (analysis.outcome === 'unreadable') {
      analysis = await inMemory();
      storable = false;
    }
  } else analysis = await inMemory();
  const previous = session.views.get(uri);
  let patterns: PatternRecord[];
  if (analysis.outcome === 'unchanged') {
    const read = await readStored(session, path!);
    if (read) patterns = read;
    else {
      analysis = await inMemory();
      storable = false;
      patterns = analysis.patterns;
    }
  } else patterns = await withUsage(session, path, analysis.patterns, previous, storable);
  if (session.disposed || !session.documents.has(uri)) return null;
  const view: FileView = {
    uri,
    path,
    // Design-pattern records share their anchor's lines: the view shows definitions, whose
    // `designPatterns` name the roles (a lens per detection would stack on the anchor's).
    patterns: patterns.filter((p) => p.patternType !== 'design_pattern'),
    problems: analysis.problems,
    lineMap: identityMap(document.lineCount),
    ...(analysis.outcome === 'skipped' && analysis.detail ? { skipped: analysis.detail } : {}),
  };
  session.views.set(uri, view);
  publishDiagnostics(session, uri);
  session.logger.debug(
    `${path ?? uri}: ${analysis.outcome}, shown after ${Math.round(performance.now() - started)} ms (${Math.round(process.uptime() * 1000)} ms after the process started)`,
  );
  await refreshCodeLenses(session);
  // Everything else follows the lenses: the write, the usage pass and the similar patterns.
  if (storable && analysis.file && path) queueWrite(session, { uri, path, analysis, view });
  else if (session.similarityStore && path) void annotateLater(session, view);
  return view;
}

/**
 * Fresh patterns with the usage figures they had: from the file's previous view (memory, no store),
 * or on a first open one targeted read of the file's stored patterns.
 */
async function withUsage(
  session: Session,
  path: string | null,
  patterns: PatternRecord[],
  previous: FileView | undefined,
  storable: boolean,
): Promise<PatternRecord[]> {
  let before = new Map((previous?.patterns ?? []).map((p) => [p.id, carryOfRecord(p)]));
  if (!previous && storable && path) {
    const read = await readStored(session, path);
    if (read) before = new Map(read.map((p) => [p.id, carryOfRecord(p)]));
  }
  return patterns.map((p) => carryUsage(p, before.get(p.id)));
}

// The stored patterns of one file, or null when the store is gone (degraded).
async function readStored(session: Session, path: string): Promise<PatternRecord[] | null> {
  const store = session.store;
  if (!store) return null;
  try {
    return await storedPatterns(store, session.repository, path);
  } catch (error) {
    // A shutdown closes the store under an analysis in flight: nothing is left to show it to.
    if (session.disposed) return null;
    if (!isUnreachable(error)) throw error;
    markUnreachable(session, error);
    return null;
  }
}

/** Annotate a view with similar patterns once the editor is idle (a second lens refresh). */
export async function annotateLater(session: Session, view: FileView): Promise<void> {
  await whenIdle(session);
  if (session.views.get(view.uri) !== view) return;
  await ensureSimilarity(session);
  if (session.views.get(view.uri) === view) await annotateView(session, view);
}

const loadingSimilarity = new WeakMap<Session, Promise<void>>();

/**
 * Load the vector index from the store if it is not loaded (it is loaded only while files are open or
 * a similar-pattern request comes, and dropped when the last file closes: it holds every vector).
 */
export async function ensureSimilarity(session: Session): Promise<void> {
  if (session.similarity || !session.similarityStore) return;
  let loading = loadingSimilarity.get(session);
  if (!loading) {
    const store = session.similarityStore;
    loading = createEditorSimilarity(session, store)
      .then((similarity) => {
        if (session.similarityStore === store && !session.disposed) session.similarity = similarity;
      })
      .catch((error) => session.logger.warn(`similarity index unavailable: ${(error as Error).message}`))
      .finally(() => loadingSimilarity.delete(session));
    loadingSimilarity.set(session, loading);
  }
  await loading;
}

/** Load the vector index when files are open, then annotate them with similar patterns. */
export async function loadSimilarity(session: Session): Promise<void> {
  if (session.views.size === 0) return;
  await ensureSimilarity(session);
  for (const view of session.views.values()) await annotateView(session, view);
}

/** Compute a view's similar counts and suggestions, then refresh what shows them. */
export async function annotateView(session: Session, view: FileView): Promise<void> {
  const similarity = session.similarity;
  if (!similarity) return;
  try {
    await similarity.annotate(session, view);
  } catch (error) {
    session.logger.warn(`similar patterns of ${view.uri} unavailable: ${(error as Error).message}`);
    return;
  }
  if (session.views.get(view.uri) !== view) return;
  publishDiagnostics(session, view.uri);
  await refreshCodeLenses(session);
}

/**
 * Whether `motif index` would leave `path` out: not a `.py` file, or skipped by its rules (default
 * folders, ignore files, `motif.exclude`, a symlink out of the root; `skip-one.ts`). Such a file is
 * analysed for the editor but never stored, so the editor and the next index agree about the store.
 */
export async function isLeftOut(session: Session, path: string): Promise<boolean> {
  if (!path.endsWith('.py')) return true;
  const common = { root: session.root, path, followExternalLinks: session.settings.followLinks };
  try {
    return (await skipReasonOf({ ...common, exclude: session.settings.exclude })) !== null;
  } catch {
    // An invalid glob in `motif.exclude` (a workspace index stops on it with its message): judged without.
    return (await skipReasonOf(common)) !== null;
  }
}

/** Ask the client to re-request CodeLenses, when it supports that. */
export async function refreshCodeLenses(session: Session): Promise<void> {
  if (!session.capabilities.codeLensRefresh || session.disposed) return;
  await session.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
}

/** Re-read from the store the patterns of open views matching `which`, keeping their line maps. */
export async function reloadViews(session: Session, which: (view: FileView) => boolean): Promise<void> {
  const store = session.store;
  if (!store) return;
  let changed = false;
  for (const view of session.views.values()) {
    if (!view.path || !which(view)) continue;
    const fresh = (await storedPatterns(store, session.repository, view.path)).filter(
      (p) => p.patternType !== 'design_pattern',
    );
    // Only when the stored patterns are the ones the view shows (no edit saved in between).
    const shown = new Map(view.patterns.map((p) => [p.id, p.contentHash]));
    const same = fresh.length === shown.size && fresh.every((p) => shown.get(p.id) === p.contentHash);
    if (same) {
      view.patterns = fresh;
      changed = true;
    }
  }
  if (changed) {
    for (const uri of session.views.keys()) publishDiagnostics(session, uri);
    await refreshCodeLenses(session);
  }
}
