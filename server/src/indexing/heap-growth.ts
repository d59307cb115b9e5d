/**
 * How far V8 lets heaps grow in a process that indexes. V8 lets a heap grow to up to 4 times what
 * survived its last full collection. An index makes garbage fast on every thread (analysis on the
 * workers, the graph pass on the main thread, whose heap reached 400 MB for 55 MB live on the stdlib),
 * so peak memory was mostly garbage.
 * - File phase, 1.6 times. Stdlib, three concurrent pairs: peak RSS 653/656/615 MB against 750/852/722,
 *   for 3.3–4.1 more CPU-seconds of about 54. Factor 2.0 saved less for about the same CPU.
 * - Graph and SIMILAR_TO passes, 1.3 times. They run on the main thread, after the workers, and there
 *   the peak was: 597/595/602 MB against 657/675/627 at 1.6, CPU within the noise (±2 s of 60). The
 *   whole run at 1.3 gained nothing more (574/607/602 against 618/596/595): the file phase is not the peak.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * The young generation of the thread that runs an index: three semi-spaces of 4 MB. V8 fixes a main
 * thread's at start-up (up to 3 × 16 MB here) and offers no way to lower it later, and an index run
 * fills it while its memory peaks (the usage and relationship pass). So the run gets a thread of its
 * own created with this limit (`motif index`: cli/index-thread.ts), or a process started with
 * `INDEX_SEMI_SPACE_FLAG` (the language server's index child). Stdlib peak RSS: CLI 571/555/560 MB
 * against 583/586/593 on the main thread, for 1.4–1.8 more CPU-seconds; index child 547/532 MiB
 * against 578/619/601. With 24 MB the CLI's gain was gone.
 */
export const INDEX_YOUNG_GENERATION_MB = 12;

/** The V8 flag that gives a new process's main thread `INDEX_YOUNG_GENERATION_MB`. */
export const INDEX_SEMI_SPACE_FLAG = `--max-semi-space-size=${INDEX_YOUNG_GENERATION_MB / 3}`;

/** This process's main-thread young generation in MB as its command line sets it, or null (V8's default). */
export function youngGenerationFromFlags(execArgv: readonly string[] = process.execArgv): number | null {
  let mb: number | null = null;
  for (const arg of execArgv) {
    const match = /^--max-semi-space-size=(\d+)$/.exec(arg);
    if (match) mb = 3 * Number(match[1]);
  }
  return mb;
}

const FILE_PHASE_PERCENT = 60;
const PASSES_PERCENT = 30;

/** Tells the process that the file phase is over (see `IndexOptions.heapGrowth`). */
export interface HeapGrowth {
  forPasses(): void;
}

function growingPercent(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * Apply the file phase's factor to this process: call it before the index starts its workers. V8 reads
 * the flag whenever it sets a heap's next limit, so it covers the worker threads too. The returned
 * `forPasses` switches to the passes' factor; give it to the index as `heapGrowth`.
 */
export function limitHeapGrowth(): HeapGrowth {
  growingPercent(FILE_PHASE_PERCENT);
  return { forPasses: () => growingPercent(PASSES_PERCENT) };
}
