/**
 * The similarity step of the per-file pipeline: fingerprints every pattern of an analysed file (in the
 * analysis worker, so its cost shows in the index time) and says how long it took.
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
