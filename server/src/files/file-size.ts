/**
 * The size limit shared by file discovery and source reading, and how sizes are written in messages
 * ("3.1 MB > 2 MB limit"). Sizes use binary units (1 MB = 1024 × 1024 bytes), as the limit does.
 */

/** Files larger than this are skipped unless the caller sets `maxFileBytes`: 2 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

const UNITS = ['KB', 'MB', 'GB'] as const;

/** `512 B`, `1.5 KB`, `3.1 MB`: one decimal, dropped when it is zero. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${UNITS[unit]}`;
}

/** The `too_large` detail: `3.1 MB > 2 MB limit`. */
export function tooLargeDetail(sizeBytes: number, maxFileBytes: number): string {
  const size = formatBytes(sizeBytes);
  const limit = formatBytes(maxFileBytes);
  // Just over the limit both round alike ("2 MB > 2 MB"): give the size with enough decimals to differ.
  if (size === limit) return `${preciseBytes(sizeBytes)} > ${limit} limit`;
  return `${size} > ${limit} limit`;
}

/** `2.000001 MB`: the unit `formatBytes` would use, with up to six decimals. */
function preciseBytes(bytes: number): string {
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')} ${UNITS[unit]}`;
}
