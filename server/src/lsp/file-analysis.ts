/**
 * Open and save: index only that file through the indexer's per-file pipeline (`indexFile`), keep
 * its analysis as the file's view, and refresh what the client shows. Without a store the file is
 * analysed in memory. Cross-file usage is settled by a debounced usage pass after writes.
 */
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import { PatternsChangedNotification } from '../../../shared/protocol';
import { effectiveWeights } from '../../../shared/settings';
import { compileExcludes, type ExcludeMatcher } from '../files/skip-rules';
import { indexFile, storedPatterns } from '../indexing/index-file';
import { runUsagePass } from '../indexing/usage-pass';
import { fsPathOf, relativePathOf } from './convert';
import { publishDiagnostics } from './diagnostics';
import { identityMap } from './line-map';
import { notify } from './messages';
import { countPatterns, type FileView, isUnreachable, markUnreachable, type Session } from './session';

/** Index the document `uri` (on open or save) and refresh lenses and diagnostics. */
export async function refreshFile(session: Session, uri: string): Promise<FileView | null> {
  session.filesInFlight++;
  session.lastFileActivity = performance.now();
  try {
    return await refreshFileNow(session, uri);
  } finally {
    session.filesInFlight--;
  }
}

async function refreshFileNow(session: Session, uri: string): Promise<FileView | null> {
  const document = session.documents.get(uri);
  if (!document || session.disposed) return null;
  const absolutePath = fsPathOf(uri);
  const relative = absolutePath ? relativePathOf(session.root, absolutePath) : null;
  // Excluded files are analysed for the editor but never stored (as `motif index` skips them).
  const path = relative && !isExcluded(session, relative) ? relative : null;
  const weights = effectiveWeights(session.settings);
  const common = {
    repository: session.repository,
    parser: session.parser,
    weights,
    ...(path && session.coverage?.get(path) ? { coverage: session.coverage.get(path)! } : {}),
  };
  const inMemory = () =>
    indexFile({
      ...common,
      store: null,
      path: path ?? absolutePath ?? uri,
      absolutePath: absolutePath ?? uri,
      storedHash: null,
      text: document.getText(),
    });
  let indexed: Awaited<ReturnType<typeof indexFile>>;
  try {
    indexed =
      session.store && path && absolutePath
        ? await indexFile({
            ...common,
            store: session.store,
            path,
            absolutePath,
            storedHash: session.fileHashes.get(path) ?? null,
          })
        : await inMemory();
    // A file deleted or unreadable on disk is still open: show the buffer's analysis.
    if (indexed.outcome === 'unreadable') indexed = await inMemory();
  } catch (error) {
    // A shutdown closes the store under an analysis in flight: nothing is left to show it to.
    if (session.disposed) return null;
    if (!isUnreachable(error)) throw error;
    markUnreachable(session, error);
    indexed = await inMemory();
  }
  if (session.documents.get(uri) !== document && !session.documents.has(uri)) return null;
  const view: FileView = {
    uri,
    path,
    // Design-pattern records share their anchor's lines: the view shows definitions, whose
    // `designPatterns` name the roles (a lens per detection would stack on the anchor's).
    patterns: indexed.patterns.filter((p) => p.patternType !== 'design_pattern'),
    problems: indexed.problems,
    lineMap: identityMap(document.lineCount),
    ...(indexed.outcome === 'skipped' && indexed.detail ? { skipped: indexed.detail } : {}),
  };
  session.views.set(uri, view);
  if (path && indexed.file && indexed.written) {
    session.fileHashes.set(path, indexed.file.contentHash);
    scheduleUsagePass(session, [path]);
    await session.similarity?.syncFiles(session.repository, [path]).catch(() => {});
  }
  publishDiagnostics(session, uri);
  await refreshCodeLenses(session);
  // Similar patterns come after the lenses: a save never waits for the vector search.
  if (session.similarity && path) void annotateView(session, view);
  return view;
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

const matchers = new WeakMap<readonly string[], ExcludeMatcher>();

/** Whether `path` or one of its folders matches `motif.exclude`. */
export function isExcluded(session: Session, path: string): boolean {
  const globs = session.settings.exclude;
  if (globs.length === 0) return false;
  let matcher = matchers.get(globs);
  if (!matcher) {
    try {
      matcher = compileExcludes(globs);
    } catch {
      matcher = () => null;
    }
    matchers.set(globs, matcher);
  }
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (matcher(parts.slice(0, i).join('/'), { isDirectory: true })) return true;
  }
  return matcher(path, { isDirectory: false }) !== null;
}

/** Ask the client to re-request CodeLenses, when it supports that. */
export async function refreshCodeLenses(session: Session): Promise<void> {
  if (!session.capabilities.codeLensRefresh || session.disposed) return;
  await session.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
}

const USAGE_DEBOUNCE_MS = 750;
const pendingUsage = new WeakMap<Session, { timer: NodeJS.Timeout; files: Set<string> }>();

/**
 * Settle usage counts across files a little after the last write (saves come in bursts), then reload
 * the open files' patterns so lenses show the new counts. Skipped while a workspace index runs: it
 * ends with the same pass.
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

/** Run the usage pass now and reload open views whose patterns changed. */
export async function usagePassNow(session: Session, changedFiles: string[]): Promise<void> {
  const store = session.store;
  if (!store || session.disposed) return;
  if (session.indexing) await session.indexing.catch(() => {});
  try {
    await runUsagePass(store, session.repository, session.root);
    await reloadViews(session, () => true);
    void countPatterns(session);
    await notify(session.connection, PatternsChangedNotification.type, { files: changedFiles });
  } catch (error) {
    if (isUnreachable(error)) markUnreachable(session, error);
    else session.logger.error(`usage pass failed: ${(error as Error).message}`);
  }
}

/** Re-read from the store the patterns of open views matching `which`, keeping their line maps. */
export async function reloadViews(session: Session, which: (view: FileView) => boolean): Promise<void> {
  const store = session.store;
  if (!store) return;
  let changed = false;
  for (const view of session.views.values()) {
    if (!view.path || !which(view)) continue;
    const fresh = await storedPatterns(store, session.repository, view.path);
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
