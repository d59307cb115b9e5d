/**
 * radon 6.0.1's maintainability index (`mi_compute` fed by `mi_parameters`): Halstead volume, cyclomatic
 * complexity, LLOC and the percentage of comment and multi-line-string lines, scaled to 0–100.
 */

/** CPython's `math.radians` multiplies by this constant. */
const DEGREES_TO_RADIANS = Math.PI / 180;

/**
 * radon's `mi_parameters` comment figure with `count_multi=True` (the `mi` command's default):
 * `(comments + multi) / sloc * 100`, or 0 without source lines. It can exceed 100.
 */
export function commentPercent(comments: number, multi: number, sloc: number): number {
  return sloc !== 0 ? ((comments + multi) / sloc) * 100 : 0;
}

/**
 * radon's `mi_compute(volume, complexity, sloc, comments)`: 100 when the volume or line count is not
 * positive, else `max(0, min(100, (171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.46 rad(C)))) * 100 / 171))`.
 * radon passes LLOC as L.
 */
export function maintainabilityIndex(
  volume: number,
  complexity: number,
  lloc: number,
  percent: number,
): number {
  if (volume <= 0 || lloc <= 0) return 100;
  const slocScale = Math.log(lloc);
  const volumeScale = Math.log(volume);
  const commentsScale = Math.sqrt(2.46 * (percent * DEGREES_TO_RADIANS));
  const nonNormalised =
    171 - 5.2 * volumeScale - 0.23 * complexity - 16.2 * slocScale + 50 * Math.sin(commentsScale);
  return Math.min(Math.max(0, (nonNormalised * 100) / 171), 100);
}
