/**
 * radon's rank letters: `cc_rank` (A–F) for cyclomatic complexity and `mi_rank` (A–C) for the
 * maintainability index, written as radon 6.0.1's code computes them.
 */

/**
 * radon's `cc_rank`: A 0–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41+; computed with radon's own
 * formula `min(int(ceil(cc / 10) or 1) - (1, 0)[5 - cc < 0], 5)`. Negative scores rank A.
 */
export function cyclomaticRank(cc: number): string {
  const score = Math.max(0, cc);
  const tens = Math.ceil(score / 10) || 1;
  const index = Math.min(tens - (5 - score < 0 ? 0 : 1), 5);
  return String.fromCharCode(65 + index);
}

/** radon's `mi_rank`: A when the index is above 19, B above 9 up to 19, C at 9 or below. */
export function maintainabilityRank(mi: number): string {
  return String.fromCharCode(65 + (9 - mi >= 0 ? 1 : 0) + (19 - mi >= 0 ? 1 : 0));
}
