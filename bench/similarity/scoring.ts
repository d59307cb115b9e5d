/**
 * Rates and threshold sweeps for the clone benchmark: recall per class and false-positive rates at a
 * threshold, and the thresholds a score is judged at (the default, the best Youden J on moderate
 * Type-3 against look-alikes, and the best recall with look-alike false positives ≤ 1 %).
 */

/** Scores of one pair under both measures. */
export interface Scored {
  motif: number;
  baseline: number;
}

/** Share of `xs` at or above `t`. */
export function rate(xs: readonly number[], t: number): number {
  if (xs.length === 0) return Number.NaN;
  let n = 0;
  for (const x of xs) if (x >= t) n++;
  return n / xs.length;
}

const STEPS = Array.from({ length: 100 }, (_, i) => i / 100);

/** The threshold maximising recall(positives) − rate(negatives), and the rates there. */
export function youden(positives: number[], negatives: number[]): { t: number; recall: number; fp: number } {
  let best = { t: 0, recall: 0, fp: 0, j: Number.NEGATIVE_INFINITY };
  for (const t of STEPS) {
    const recall = rate(positives, t);
    const fp = rate(negatives, t);
    if (recall - fp > best.j) best = { t, recall, fp, j: recall - fp };
  }
  return { t: best.t, recall: best.recall, fp: best.fp };
}

/** The lowest threshold whose false-positive rate on `negatives` is at most `maxFp`, and the recall there. */
export function atFpBudget(
  positives: number[],
  negatives: number[],
  maxFp: number,
): { t: number; recall: number; fp: number } {
  for (const t of STEPS) {
    const fp = rate(negatives, t);
    if (fp <= maxFp) return { t, recall: rate(positives, t), fp };
  }
  return { t: 1, recall: rate(positives, 1), fp: rate(negatives, 1) };
}

/** A percentage with one decimal (or "—" for no data). */
export function pct(x: number): string {
  return Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)} %`;
}

/** Mean of numbers. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}
