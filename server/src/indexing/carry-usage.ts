/**
 * Usage figures survive re-analysis: a freshly analysed pattern gets the usage its previous version
 * ended the last usage pass with, so its score does not drop until the next pass settles it.
 */
import type { PatternRecord } from '../core/pattern';
import type { UsageInput } from '../core/ports';
import { withReusabilityScore } from '../core/score';

/** What a pattern's previous version carries over: its usage and reusability. */
export type UsageCarry = Pick<UsageInput, 'usageCount' | 'usageFiles' | 'reusabilityEvidence'> & {
  reusability: number | null;
};

/** The carry of a usage-pass input. */
export function carryOfInput(input: UsageInput): UsageCarry {
  return {
    usageCount: input.usageCount,
    usageFiles: input.usageFiles,
    reusability: input.components.reusability,
    reusabilityEvidence: input.reusabilityEvidence,
  };
}

/** The carry of a stored pattern. */
export function carryOfRecord(record: PatternRecord): UsageCarry {
  const reusability = record.quality.components.reusability;
  return {
    usageCount: record.usageCount,
    usageFiles: record.usageFiles,
    reusability: reusability.score,
    reusabilityEvidence: reusability.evidence,
  };
}

/** A freshly analysed pattern with the usage figures its previous version had. */
export function carryUsage(pattern: PatternRecord, before: UsageCarry | undefined): PatternRecord {
  if (!before) return pattern;
  return {
    ...pattern,
    usageCount: before.usageCount,
    usageFiles: before.usageFiles,
    quality: withReusabilityScore(pattern.quality, before.reusability, before.reusabilityEvidence),
  };
}
