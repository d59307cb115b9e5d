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
