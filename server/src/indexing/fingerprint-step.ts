/**
 * The similarity step of the per-file pipeline: fingerprints every pattern of an analysed file (in the
 * analysis worker, so its cost shows in the index time) and says how long it took. A file's vectors
 * share one buffer, so the worker hands them to the indexer by transfer rather than by copy.
 */
import type { PatternRecord } from '../core/pattern';
import { fingerprintPatterns } from '../core/similarity/fingerprint';
import type { SyntaxTree } from '../core/syntax-tree';

/** Attach a fingerprint to each pattern; returns the milliseconds spent. */
export function addFingerprints(tree: SyntaxTree, patterns: PatternRecord[]): number {
  const started = performance.now();
  const prints = fingerprintPatterns(tree, patterns);
  for (const p of patterns) {
    const print = prints.get(p.id);
    if (print) p.fingerprint = print;
  }
  return performance.now() - started;
}

/** The buffers under the patterns' vectors, for `postMessage`'s transfer list (each listed once). */
export function vectorBuffers(patterns: readonly PatternRecord[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const p of patterns) {
    const buffer = p.fingerprint?.vector.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) buffers.add(buffer);
  }
  return [...buffers];
}
