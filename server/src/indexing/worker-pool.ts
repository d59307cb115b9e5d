/**
 * Runs `FileTask`s on worker threads (one parser each), or in-process when `jobs` is 1 or no worker
 * script is available. Either way callers get a promise per task.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadPythonParser } from '../syntax/load-parser';
import type { ParserBackend, PythonParser } from '../syntax/python-parser';
import { packageRoot } from './package-root';
import { type FileOutcome, type FileTask, processFile } from './process-file';

/** Something that analyses files. */
export interface FilePool {
  readonly size: number;
  /** How many tasks callers should keep submitted at once to keep every runner busy. */
  readonly inFlight: number;
  run(task: FileTask): Promise<FileOutcome>;
  close(): Promise<void>;
}

/** Where the bundled worker lives, if built. */
export function defaultWorkerScript(): string | null {
  const script = path.join(packageRoot(), 'dist', 'analyse-worker.cjs');
  return fs.existsSync(script) ? script : null;
}

/** A pool of `jobs` workers, or an in-process runner when jobs ≤ 1 or there is no worker script. */
export async function createFilePool(options: {
  jobs: number;
  backend?: ParserBackend;
  workerScript?: string | null;
}): Promise<FilePool> {
  const script = options.workerScript === undefined ? defaultWorkerScript() : options.workerScript;
  if (options.jobs <= 1 || script === null)
    return inProcessPool((await loadPythonParser(options.backend)).parser);
  const workers = await Promise.all(
    Array.from({ length: options.jobs }, () => startWorker(script, options.backend)),
  );
  return workerPool(workers);
}

function inProcessPool(parser: PythonParser): FilePool {
  return { size: 1, inFlight: 2, run: (task) => processFile(task, parser), close: async () => {} };
}

interface Pending {
  resolve(outcome: FileOutcome): void;
  reject(error: Error): void;
}

interface RunningWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

function startWorker(script: string, backend: ParserBackend | undefined): Promise<RunningWorker> {
  return new Promise((resolve, reject) => {
    // Analysis allocates many short-lived objects: a somewhat larger young generation means fewer
    // scavenges (measured: 64 MB was faster but pushed peak RSS over 700 MB; 32 MB is the middle).
    const worker = new Worker(script, {
      workerData: { backend },
      resourceLimits: { maxYoungGenerationSizeMb: 32 },
    });
    const running: RunningWorker = { worker, pending: new Map() };
    worker.on(
      'message',
      (message: { ready?: boolean; id?: number; outcome?: FileOutcome; error?: string }) => {
        if (message.ready) return resolve(running);
        const pending = running.pending.get(message.id!);
        if (!pending) return;
        running.pending.delete(message.id!);
        if (message.error) pending.reject(new Error(message.error));
        else pending.resolve(message.outcome!);
      },
    );
    worker.on('error', (error) => {
      reject(error);
      for (const p of running.pending.values()) p.reject(error);
      running.pending.clear();
    });
    worker.on('exit', (code) => {
      const error = new Error(`analysis worker exited with code ${code}`);
      for (const p of running.pending.values()) p.reject(error);
      running.pending.clear();
    });
  });
}

// Tasks queued per worker. The indexer's thread, which hands out tasks and takes answers, is busy for
// up to a few hundred milliseconds at a time writing a batch into the embedded store; with 2 tasks
// queued a worker ran dry meanwhile (stdlib index: 3.7 s idle per worker), with 8 it is idle 0.9 s,
// mostly while its parser loads, and the file phase is about 1 s shorter.
const QUEUED_PER_WORKER = 8;

function workerPool(workers: RunningWorker[]): FilePool {
  let nextId = 0;
  return {
    size: workers.length,
    inFlight: workers.length * QUEUED_PER_WORKER,
    run(task) {
      // Least-loaded worker: files differ a lot in size, so round-robin would leave one idle.
      const target = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<FileOutcome>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, task });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
