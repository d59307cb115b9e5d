/**
 * Keeps a Qdrant collection in step with the store while indexing: after each file's transaction
 * commits, that file's points are replaced by its stored vectors; at the end of the run (after the
 * usage pass changed quality scores) the collection is compared with the store and repaired. Qdrant
 * being down never fails an index: the store is the source of truth, and `motif sync` repairs later.
 */
import type { Logger, SimilarityStore } from '../core/ports';
import type { QdrantIndex } from '../storage/qdrant-index';
import { type SyncReport, syncVectorIndex } from '../storage/vector-sync';

/** What the indexer tells a mirror. */
export interface VectorMirror {
  /** A file was written (or removed) and its transaction committed. */
  fileWritten(repository: string, filePath: string): Promise<void>;
  /** The run finished (usage pass included). */
  runFinished(): Promise<void>;
  /** The final comparison, once the run finished; null if Qdrant failed. */
  readonly report: SyncReport | null;
}

/** A mirror writing to `index` from `similarity`; failures are logged once and then skipped. */
export function qdrantMirror(similarity: SimilarityStore, index: QdrantIndex, logger: Logger): VectorMirror {
  let failed = false;
  let report: SyncReport | null = null;
  const guard = async (fn: () => Promise<void>) => {
    if (failed) return;
    try {
      await fn();
    } catch (error) {
      failed = true;
      logger.warn(
        `${(error as Error).message}; the store is up to date: run \`motif sync\` when Qdrant is back`,
      );
    }
  };
  let ready = false;
  return {
    get report() {
      return report;
    },
    fileWritten: (repository, filePath) =>
      guard(async () => {
        if (!ready) {
          await index.ensureCollection();
          ready = true;
        }
        await index.deleteFile(repository, filePath);
        await index.upsert(await similarity.fileEntries(repository, [filePath]));
      }),
    runFinished: () =>
      guard(async () => {
        report = await syncVectorIndex(similarity, index, { repair: true });
      }),
  };
}
