/**
 * Runs the SIMILAR_TO neighbour search on a worker thread (dist/similar-worker.cjs) while the main
 * thread does other work: the packed vectors are transferred to it, the neighbour table transferred
 * back. A worker that fails, exits or answers something malformed rejects `result`; nothing is retried
 * here (the pass decides what to do).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkNeighbourTable, type NeighbourTable, type TableCut } from './neighbour-table';
import { packageRoot } from './package-root';
import type { SimilarSearchRequest } from './similar-worker';

/**
 * A search running on a worker. Until `wait` is called the worker does not keep the process alive, and
 * a failure is not an unhandled rejection: a run that fails before waiting leaves nothing behind (the
 * worker stops by itself once it has answered).
 */
export interface BackgroundSearch {
  /** The table; rejects when the worker failed, exited or answered something malformed. */
  wait(): Promise<NeighbourTable>;
  /** The worker's own milliseconds searching (once it answered). */
  readonly searchMs: number;
}

/** Where the bundled search worker lives, if built. */
export function defaultSearchWorkerScript(): string | null {
  const script = path.join(packageRoot(), 'dist', 'similar-worker.cjs');
  return fs.existsSync(script) ? script : null;
}

/** Start searching `vectors` (rows of `dims`) for each row's `k` nearest on a worker; takes the buffers. */
export function searchInBackground(
  script: string,
  vectors: Float32Array,
  dims: number,
  k: number,
  cut?: TableCut,
): BackgroundSearch {
  const rows = vectors.length / dims;
  let searchMs = 0;
  // Its garbage is short-lived per-query arrays: a small young generation keeps its footprint down
  // (it runs during the graph pass, where the index run's memory peaks).
  const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  worker.unref();
  const result = new Promise<NeighbourTable>((resolve, reject) => {
    worker.once('message', (message: { table?: NeighbourTable; ms?: number; error?: string }) => {
      searchMs = message.ms ?? 0;
      if (message.error !== undefined) return reject(new Error(`SIMILAR_TO search worker: ${message.error}`));
      try {
        checkNeighbourTable(message.table!, rows, k);
        resolve(message.table!);
      } catch (error) {
        reject(new Error(`SIMILAR_TO search worker: ${(error as Error).message}`));
      }
    });
    worker.once('error', (error) => reject(new Error(`SIMILAR_TO search worker failed: ${error.message}`)));
    worker.once('exit', (code) =>
      reject(new Error(`SIMILAR_TO search worker exited with code ${code} before answering`)),
    );
  });
  // One answer is all it gives (it ends by itself after answering; this stops one that misbehaves).
  const stopped = result.then(
    () => worker.terminate(),
    () => worker.terminate(),
  );
  void stopped.catch(() => {});
  // Handled here so a failure while the main thread is busy elsewhere is not an unhandled rejection.
  void result.catch(() => {});
  const request: SimilarSearchRequest = { vectors, dims, k, ...(cut ? { cut } : {}) };
  const buffers = [vectors.buffer as ArrayBuffer, ...(cut ? [cut.uncut.buffer as ArrayBuffer] : [])];
  worker.postMessage(request, buffers);
  return {
    wait() {
      worker.ref();
      return result;
    },
    get searchMs() {
      return searchMs;
    },
  };
}
