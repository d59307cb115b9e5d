/**
 * The quality score: the seed's weighted formula over five components, each from a measurement and
 * carrying its evidence. An unknown component (no coverage data) is left out and the remaining
 * weights renormalised; the result says so. Thresholds are documented in docs/QUALITY.md.
 */
import {
  type ComponentScore,
  type Metrics,
  QUALITY_COMPONENTS,
  type Quality,
  type QualityComponent,
  type QualityWeights,
} from './model';

/** The first seed's weights: complexity 30 %, documentation 20 %, coverage 20 %, reusability 15 %, maintainability 15 %. */
export const DEFAULT_WEIGHTS: QualityWeights = {
  complexity: 0.3,
  documentation: 0.2,
  test_coverage: 0.2,
  reusability: 0.15,
  maintainability: 0.15,
};

/** Fan-out at or below which coupling counts as low, and the band that earns half credit. */
export const COUPLING_LOW = 5;
export const COUPLING_MEDIUM = 10;

/** How a pattern is used, as far as name resolution through imports can tell. */
export interface UsageEvidence {
  /** Distinct files other than the pattern's own that reference it. */
  otherFiles: number;
  /** Reference sites anywhere (own file included, the definition itself excluded). */
  sites: number;
  /** Whether its own file references it. */
  usedInOwnFile: boolean;
  /** For methods scored through their class: the class name. */
  viaClass?: string;
}

/** No usage known (yet). */
export const NO_USAGE: UsageEvidence = { otherFiles: 0, sites: 0, usedInOwnFile: false };

type Part = { score: number | null; evidence: string };

/** CC < 10 → 1.0, 10–20 → 0.7, > 20 → 0.4 (seed). */
export function complexityPart(cyclomatic: number): Part {
  const score = cyclomatic < 10 ? 1 : cyclomatic <= 20 ? 0.7 : 0.4;
  return { score, evidence: `CC ${cyclomatic} → ${score}` };
}

/** Docstring +0.5, complete type hints +0.5 (seed). */
export function documentationPart(m: Pick<Metrics, 'hasDocstring' | 'fullyTyped'>): Part {
  const score = (m.hasDocstring ? 0.5 : 0) + (m.fullyTyped ? 0.5 : 0);
  const doc = m.hasDocstring ? 'docstring +0.5' : 'no docstring';
  const typed = m.fullyTyped ? 'fully typed +0.5' : 'type hints incomplete';
  return { score, evidence: `${doc}, ${typed}` };
}

/** The covered share of executable lines; unknown without coverage data. */
export function coveragePart(coverage: number | null): Part {
  if (coverage === null)
    return { score: null, evidence: 'no coverage data (left out, weights renormalised)' };
  return { score: coverage, evidence: `${Math.round(coverage * 1000) / 10}% of executable lines covered` };
}

/**
 * Other files referencing it: none → 0 (0.3 if its own file uses it), 1 → 0.3, 2–5 → 0.6, more → 1.0.
 * Methods are resolved through their class until the graph issue resolves method calls.
 */
export function reusabilityPart(usage: UsageEvidence): Part {
  const n = usage.otherFiles;
  const via = usage.viaClass ? ` (via class ${usage.viaClass})` : '';
  if (n === 0) {
    return usage.usedInOwnFile
      ? { score: 0.3, evidence: `used only in its own file${via} → 0.3` }
      : { score: 0, evidence: `no references found${via} → 0.0` };
  }
  const score = n === 1 ? 0.3 : n <= 5 ? 0.6 : 1;
  return { score, evidence: `used in ${n} other file${n === 1 ? '' : 's'}${via} → ${score}` };
}

/** Low coupling (fan-out) up to +0.5; high cohesion up to +0.5 (LCOM4 for classes, MI rank for functions). */
export function maintainabilityPart(
  m: Pick<Metrics, 'fanOut' | 'lcom4' | 'maintainabilityIndex' | 'maintainabilityRank'>,
): Part {
  const coupling = m.fanOut <= COUPLING_LOW ? 0.5 : m.fanOut <= COUPLING_MEDIUM ? 0.25 : 0;
  let cohesion: number;
  let cohesionText: string;
  if (m.lcom4 !== null) {
    cohesion = m.lcom4 <= 1 ? 0.5 : m.lcom4 === 2 ? 0.25 : 0;
    cohesionText = `LCOM4 ${m.lcom4} → +${cohesion}`;
  } else {
    cohesion = m.maintainabilityRank === 'A' ? 0.5 : m.maintainabilityRank === 'B' ? 0.25 : 0;
    cohesionText = `MI ${m.maintainabilityIndex.toFixed(1)} (${m.maintainabilityRank}) → +${cohesion}`;
  }
  return { score: coupling + cohesion, evidence: `fan-out ${m.fanOut} → +${coupling}; ${cohesionText}` };
}

/** Combine component scores with weights, leaving out unknown components and renormalising. */
export function combine(
  parts: Record<QualityComponent, Part>,
  weights: QualityWeights,
  profile: string,
): Quality {
  const unknown = QUALITY_COMPONENTS.filter((c) => parts[c].score === null);
  const knownWeight = QUALITY_COMPONENTS.filter((c) => parts[c].score !== null).reduce(
    (s, c) => s + weights[c],
    0,
  );
  const components = {} as Record<QualityComponent, ComponentScore>;
  let total = 0;
  for (const c of QUALITY_COMPONENTS) {
    const { score, evidence } = parts[c];
    const effectiveWeight = score === null || knownWeight === 0 ? 0 : weights[c] / knownWeight;
    components[c] = { score, weight: weights[c], effectiveWeight, evidence };
    if (score !== null) total += score * effectiveWeight;
  }
  return { total: Math.round(Math.min(1, Math.max(0, total)) * 10000) / 10000, components, unknown, profile };
}

/** Score a pattern from its metrics and usage with the default profile's weights (or `weights`). */
export function scoreQuality(
  metrics: Metrics,
  usage: UsageEvidence,
  weights: QualityWeights = DEFAULT_WEIGHTS,
): Quality {
  return combine(
    {
      complexity: complexityPart(metrics.cyclomatic),
      documentation: documentationPart(metrics),
      test_coverage: coveragePart(metrics.coverage),
      reusability: reusabilityPart(usage),
      maintainability: maintainabilityPart(metrics),
    },
    weights,
    'default',
  );
}

/** `quality` with the reusability component replaced by an already computed score and evidence. */
export function withReusabilityScore(quality: Quality, score: number | null, evidence: string): Quality {
  const parts = {} as Record<QualityComponent, Part>;
  for (const c of QUALITY_COMPONENTS) {
    parts[c] = { score: quality.components[c].score, evidence: quality.components[c].evidence };
  }
  parts.reusability = { score, evidence };
  const weights = {} as QualityWeights;
  for (const c of QUALITY_COMPONENTS) weights[c] = quality.components[c].weight;
  return combine(parts, weights, quality.profile);
}
