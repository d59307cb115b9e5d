/**
 * `motif index` runs on a worker thread of its own, created with a small young generation (why, and
 * what it saves: `INDEX_YOUNG_GENERATION_MB` in indexing/heap-growth.ts); the main thread only relays
 * signals and output.
 */
import { isMainThread, parentPort, resourceLimits, Worker, workerData } from 'node:worker_threads';
import { INDEX_YOUNG_GENERATION_MB } from '../indexing/heap-growth';

/** What the main thread tells the index thread about its terminal. */
interface IndexThreadData {
  motifIndexThread: true;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stderrColumns: number | undefined;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The command `args` name, past the global options (`--db` takes a value). */
export function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--db') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** True on the thread `runOnIndexThread` started. */
export function isIndexThread(): boolean {
  return !isMainThread && (workerData as Partial<IndexThreadData> | null)?.motifIndexThread === true;
}

/**
 * Run this same script (`script`, the bundled CLI) on an index thread with `args`; resolves with its
 * exit code. SIGINT and SIGTERM are passed on to it (a thread receives no signals), and its output
 * reaches this process's stdout and stderr.
 */
export function runOnIndexThread(script: string, args: readonly string[]): Promise<number> {
  const data: IndexThreadData = {
    motifIndexThread: true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
  };
  const worker = new Worker(script, {
    argv: [...args],
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: INDEX_YOUNG_GENERATION_MB },
  });
  const relay = (signal: NodeJS.Signals) => worker.postMessage({ signal });
  for (const signal of SIGNALS) process.on(signal, relay);
  return new Promise<number>((resolve) => {
    let failure: Error | undefined;
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', (code) => {
      for (const signal of SIGNALS) process.off(signal, relay);
      if (failure) {
        process.stderr.write(`motif: ${failure.message}\n`);
        resolve(code === 0 ? 1 : code);
      } else resolve(code);
    });
  });
}

/**
 * On the index thread: give the streams the main thread's terminal facts (the progress bar draws only
 * on a terminal), and raise the signals the main thread relays as they would be raised on it. With
 * `--verbose`, say where the run is and the young generation it got.
 */
export function adoptMainThread(args: readonly string[]): void {
  const data = workerData as IndexThreadData;
  if (args.includes('--verbose')) {
    process.stderr.write(
      `debug: indexing on a thread of its own, young generation ${resourceLimits.maxYoungGenerationSizeMb} MB\n`,
    );
  }
  Object.assign(process.stdout, { isTTY: data.stdoutIsTTY });
  Object.assign(process.stderr, { isTTY: data.stderrIsTTY, columns: data.stderrColumns });
  parentPort!.on('message', (message: { signal?: NodeJS.Signals }) => {
    if (message.signal && (SIGNALS as readonly string[]).includes(message.signal))
      process.emit(message.signal);
  });
  // Listening must not keep the thread alive once the command is done.
  parentPort!.unref();
}
