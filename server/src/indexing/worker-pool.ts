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
import { crashedOutcome, type FileOutcome, type FileTask, processFile } from './process-file';

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
  /**
   * Old-generation heap limit of each shared worker in MB; none by default. (Limits of 64-128 MB
   * saved no peak RSS on the standard library and cost 2-4 CPU-s; tests use one to cause a real
   * out-of-memory crash.)
   */
  heapLimitMb?: number;
}): Promise<FilePool> {
  const script = options.workerScript === undefined ? defaultWorkerScript() : options.workerScript;
  if (options.jobs <= 1 || script === null)
    return inProcessPool((await loadPythonParser(options.backend)).parser);
  const pool = new WorkerPool(script, options.backend, options.heapLimitMb);
  await pool.start(options.jobs);
  return pool;
}

function inProcessPool(parser: PythonParser): FilePool {
  return { size: 1, inFlight: 2, run: (task) => processFile(task, parser), close: async () => {} };
}

/** One file handed to the pool, until its outcome is known. */
interface Job {
  task: FileTask;
  resolve(outcome: FileOutcome): void;
  reject(error: Error): void;
  /** Why the worker it was on died, once that happened: the job then runs alone. */
  crashed?: string;
}

interface RunningWorker {
  worker: Worker;
  pending: Map<number, Job>;
  /** What its `error` event said (out of memory, an uncaught error), for the `exit` that follows. */
  failure?: string;
  /** Stopped on purpose while the pool goes on: its exit is no crash. */
  retired?: boolean;
}

// Analysis allocates many short-lived objects: a somewhat larger young generation means fewer
// scavenges (measured: 64 MB was faster but pushed peak RSS over 700 MB; 32 MB is the middle).
const YOUNG_GENERATION_MB = 32;

// Tasks queued per worker. The indexer's thread, which hands out tasks and takes answers, is busy for
// up to a few hundred milliseconds at a time writing a batch into the embedded store; with 2 tasks
// queued a worker ran dry meanwhile (stdlib index: 3.7 s idle per worker), with 8 it is idle 0.9 s,
// mostly while its parser loads, and the file phase is about 1 s shorter.
const QUEUED_PER_WORKER = 8;

/**
 * Worker threads that survive their own crashes. A worker that dies (out of memory on a huge file, a
 * fault in the parser, anything) is replaced, and every file it held runs again alone on a separate
 * worker without any heap limit, so the file to blame is the only one affected: if it kills that
 * worker too, it is reported as skipped (`analysis_failed`, tried again next run) and the run goes on. Without this, one
 * such file failed the whole run, and every later run at the same file.
 */
class WorkerPool implements FilePool {
  size = 0;
  inFlight = 0;
  private readonly workers: RunningWorker[] = [];
  /** Jobs waiting for a worker: only while every worker is being replaced. */
  private readonly waiting: Job[] = [];
  /** Jobs from crashed workers, run one at a time on `alone`. */
  private readonly retries: Job[] = [];
  private alone: Promise<RunningWorker> | null = null;
  private aloneBusy = false;
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly backend: ParserBackend | undefined,
    private readonly heapLimitMb: number | undefined,
  ) {}

  async start(jobs: number): Promise<void> {
    const started = await Promise.allSettled(Array.from({ length: jobs }, () => this.spawn(true)));
    for (const s of started) if (s.status === 'fulfilled') this.workers.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      // Stop the ones that did start: a live worker would keep the process from exiting.
      await this.close();
      throw failed.reason;
    }
    this.size = jobs;
    this.inFlight = jobs * QUEUED_PER_WORKER;
  }

  run(task: FileTask): Promise<FileOutcome> {
    return new Promise<FileOutcome>((resolve, reject) => {
      if (this.closed) return reject(new Error('the analysis pool is closed'));
      this.dispatch({ task, resolve, reject });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Error('the analysis pool was closed');
    for (const job of [...this.waiting.splice(0), ...this.retries.splice(0)]) job.reject(stopped);
    const alone = this.alone;
    this.alone = null;
    await Promise.all([
      ...this.workers.map((w) => w.worker.terminate()),
      alone?.then(
        (w) => w.worker.terminate(),
        () => undefined,
      ),
    ]);
  }

  private dispatch(job: Job): void {
    if (this.workers.length === 0) {
      this.waiting.push(job);
      return;
    }
    // Least-loaded worker: files differ a lot in size, so round-robin would leave one idle.
    this.post(
      this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)),
      job,
    );
  }

  private post(running: RunningWorker, job: Job): void {
    const id = this.nextId++;
    running.pending.set(id, job);
    running.worker.postMessage({ id, task: job.task });
  }

  /**
   * Start a worker and resolve when its parser is loaded: a `shared` one (given the heap limit, if
   * any) or the one that runs retried files alone (never limited).
   */
  private spawn(shared: boolean): Promise<RunningWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.script, {
        workerData: { backend: this.backend },
        resourceLimits: {
          maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
          ...(shared && this.heapLimitMb ? { maxOldGenerationSizeMb: this.heapLimitMb } : {}),
        },
      });
      const running: RunningWorker = { worker, pending: new Map() };
      let ready = false;
      worker.on(
        'message',
        (message: { ready?: boolean; id?: number; outcome?: FileOutcome; error?: string }) => {
          if (message.ready) {
            ready = true;
            return resolve(running);
          }
          const job = running.pending.get(message.id!);
          if (!job) return;
          running.pending.delete(message.id!);
          if (message.error) job.reject(new Error(message.error));
          else job.resolve(message.outcome!);
          if (!shared) {
            this.aloneBusy = false;
            this.runAlone();
          }
        },
      );
      worker.on('error', (error: Error & { code?: string }) => {
        running.failure =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : `error: ${error.message}`;
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        if (ready && !running.retired) this.exited(running, shared, running.failure ?? `exit code ${code}`);
      });
    });
  }

  private exited(running: RunningWorker, shared: boolean, why: string): void {
    const jobs = [...running.pending.values()];
    running.pending.clear();
    if (this.closed) {
      const error = new Error(`analysis worker stopped (${why})`);
      for (const job of jobs) job.reject(error);
      return;
    }
    if (!shared) {
      // The job that ran alone is the one to blame.
      this.alone = null;
      this.aloneBusy = false;
      for (const job of jobs) this.giveUp(job, why);
      this.runAlone();
      return;
    }
    const at = this.workers.indexOf(running);
    if (at >= 0) this.workers.splice(at, 1);
    for (const job of jobs) {
      job.crashed = why;
      this.retries.push(job);
    }
    this.runAlone();
    this.spawn(true).then(
      (replacement) => {
        if (this.closed) return void replacement.worker.terminate();
        this.workers.push(replacement);
        for (const job of this.waiting.splice(0)) this.dispatch(job);
      },
      (error: Error) => {
        // No worker can start any more: fail what waits rather than hang.
        if (this.workers.length === 0) for (const job of this.waiting.splice(0)) job.reject(error);
      },
    );
  }

  /** Run the next retried job alone on its own worker (without a heap limit), one at a time. */
  private runAlone(): void {
    if (this.closed || this.aloneBusy) return;
    const job = this.retries.shift();
    if (!job) {
      // Nothing left to retry: let that worker's memory go.
      const alone = this.alone;
      this.alone = null;
      void alone?.then(
        (w) => {
          w.retired = true;
          return w.worker.terminate();
        },
        () => undefined,
      );
      return;
    }
    this.aloneBusy = true;
    this.alone ??= this.spawn(false);
    this.alone.then(
      (alone) => {
        if (this.closed) return job.reject(new Error('the analysis pool was closed'));
        this.post(alone, job);
      },
      (error: Error) => {
        this.aloneBusy = false;
        this.alone = null;
        job.reject(error);
        this.runAlone();
      },
    );
  }

  private giveUp(job: Job, why: string): void {
    const detail = `the analysis worker died on this file (${job.crashed ?? why}), and again when it ran alone (${why})`;
    crashedOutcome(job.task, detail).then(job.resolve, job.reject);
  }
}
