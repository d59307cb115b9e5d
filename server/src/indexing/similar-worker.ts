/**
 * Worker-thread entry for the SIMILAR_TO search: takes the packed vectors (transferred, not copied),
 * answers one neighbour table (transferred back) with its own search time, then ends. Bundled to
 * dist/similar-worker.cjs; the indexer starts it when the file phase ends, so the search runs on the
 * other core while the graph pass runs on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { neighbourTable, type TableCut } from './neighbour-table';

/** The one message the indexer sends. */
export interface SimilarSearchRequest {
  vectors: Float32Array;
  dims: number;
  k: number;
  cut?: TableCut;
}

const port = parentPort;
if (!port) throw new Error('similar-worker must run in a worker thread');
port.once('message', (request: SimilarSearchRequest) => {
  const started = performance.now();
  try {
    const table = neighbourTable(request.vectors, request.dims, request.k, request.cut);
    const ms = Math.round(performance.now() - started);
    port.postMessage({ table, ms }, [
      table.index.buffer as ArrayBuffer,
      table.similarity.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  }
  // Nothing more to do: closing the port ends the thread now and frees its memory, even while the
  // main thread is too busy (the graph pass) to take the answer.
  port.close();
});
