/**
 * `workspace/didChangeWatchedFiles`: Python files changed, created or deleted outside the editor are
 * indexed or removed from the store, then usage is settled. Files open in the editor are left to
 * their save, except a deleted one, whose view falls back to the buffer's analysis.
 */
import { type DidChangeWatchedFilesParams, FileChangeType } from 'vscode-languageserver';
import { PatternsChangedNotification } from '../../../../shared/protocol';
import { effectiveWeights } from '../../../../shared/settings';
import { indexFile } from '../../indexing/index-file';
import { fsPathOf, relativePathOf } from '../convert';
import { isLeftOut, refreshFile } from '../file-analysis';
import { forgetSignatures, scheduleUsagePass } from '../file-writes';
import { notify } from '../messages';
import { type Session, withStore } from '../session';

/** Apply outside changes to the store. */
export async function didChangeWatchedFiles(
  session: Session,
  params: DidChangeWatchedFilesParams,
): Promise<void> {
  const changed: string[] = [];
  for (const change of params.changes) {
    const absolute = fsPathOf(change.uri);
    const path = absolute ? relativePathOf(session.root, absolute) : null;
    if (!absolute || !path || !/\.pyi?$/.test(path)) continue;
    if (change.type === FileChangeType.Deleted) {
      const removed = await withStore(session, false, async (store) => {
        await store.deleteFiles(session.repository, [path]);
        return true;
      });
      if (!removed) continue;
      session.fileHashes.delete(path);
      changed.push(path);
      if (session.documents.has(change.uri)) await refreshFile(session, change.uri);
      continue;
    }
    if (session.documents.has(change.uri) || (await isLeftOut(session, path))) continue;
    const written = await withStore(session, false, async (store) => {
      const indexed = await indexFile({
        store,
        repository: session.repository,
        path,
        absolutePath: absolute,
        parser: session.parser,
        storedHash: session.fileHashes.get(path) ?? null,
        weights: effectiveWeights(session.settings),
        ...(session.coverage?.get(path) ? { coverage: session.coverage.get(path)! } : {}),
      });
      if (indexed.file) session.fileHashes.set(path, indexed.file.contentHash);
      return indexed.written;
    });
    if (written) changed.push(path);
  }
  if (changed.length === 0) return;
  forgetSignatures(session, changed);
  await session.similarity?.syncFiles(session.repository, changed).catch(() => {});
  scheduleUsagePass(session, changed);
  await notify(session.connection, PatternsChangedNotification.type, { files: changed });
}
