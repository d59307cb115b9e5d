/**
 * Worker-thread entry: loads a parser once, then answers `FileTask`s with `FileOutcome`s.
 * Bundled to dist/analyse-worker.cjs; the indexer starts one per job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPythonParser } from '../syntax/load-parser';
import type { ParserBackend } from '../syntax/python-parser';
import { vectorBuffers } from './fingerprint-step';
import { type FileTask, processFile } from './process-file';

/** Messages from the indexer to a worker. */
export type WorkerRequest = { id: number; task: FileTask };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('analyse-worker must run in a worker thread');
  const { parser } = await loadPythonParser((workerData as { backend?: ParserBackend } | undefined)?.backend);
  port.on('message', (message: WorkerRequest) => {
    processFile(message.task, parser).then(
      // The vectors' buffer moves to the indexer instead of being copied.
      (outcome) =>
        port.postMessage(
          { id: message.id, outcome },
          outcome.kind === 'analysed' ? vectorBuffers(outcome.patterns) : [],
        ),
      (error: Error) => port.postMessage({ id: message.id, error: error.stack ?? error.message }),
    );
  });
  port.postMessage({ ready: true });
}

void main();
