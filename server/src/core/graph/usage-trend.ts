/**
 * Usage trends from stored per-run figures: the current static usage against the figure as of the
 * oldest of the repository's last few runs. A pattern first seen in the current run has no trend yet.
 */
import type { UsageTrend } from '../pattern';
import type { UsageHistoryPoint } from '../ports';

/** Runs a trend looks back over (the current one included). */
export const TREND_WINDOW = 5;

/** The trend of a pattern whose static usage is now `current`, in run `runId`. */
export function usageTrend(
  current: number,
  baseline: UsageHistoryPoint | undefined,
  runId: number,
): UsageTrend | null {
  if (!baseline || baseline.runId >= runId) return null;
  if (current > baseline.usageCount) return 'increasing';
  if (current < baseline.usageCount) return 'decreasing';
  return 'flat';
}
