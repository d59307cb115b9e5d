/**
 * How far V8 lets heaps grow in a process that indexes. V8 lets a heap grow to up to 4 times what
 * survived its last full collection. An index makes garbage fast on every thread (analysis on the
 * workers, the graph pass on the main thread, whose heap reached 400 MB for 55 MB live on the stdlib),
 * so peak memory was mostly garbage; 1.6 times keeps heaps near what they hold. Measured on the
 * stdlib, three concurrent pairs: peak RSS 653/656/615 MB against 750/852/722, for 3.3–4.1 more
 * CPU-seconds of about 54. Factor 2.0 saved less for about the same CPU (668–697 MB, +2.3–3.2 s).
 */
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWING_PERCENT = 60;

/**
 * Apply the factor to this process: call it before the index starts its workers. V8 reads the flag
 * whenever it sets a heap's next limit, so it covers the worker threads too.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
