/** Small formatting helpers of the page: numbers, scores and tier names. */
import { type Tier, tierOf } from '../../../../shared/dashboard';

/** 12345 → "12,345". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** 0.8123 → "0.81". */
export function score(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toFixed(2);
}

/** Human tier label. */
export const TIER_LABEL: Record<Tier, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** The tier label of a score. */
export function tierLabel(quality: number): string {
  return TIER_LABEL[tierOf(quality)];
}

/** `snake_case_words` → "snake case words". */
export function words(key: string): string {
  return key.replace(/_/g, ' ');
}
