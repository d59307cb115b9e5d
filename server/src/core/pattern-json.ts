/**
 * The stable JSON shape of a pattern (`--json`, export): the seed's field names first, then Motif's.
 * Documented in the README; changing a field here is a breaking change.
 */
import { QUALITY_COMPONENTS } from './model';
import type { PatternRecord } from './pattern';

/** The JSON object for one pattern. */
export function toPatternJson(p: PatternRecord): Record<string, unknown> {
  const m = p.metrics;
  return {
    id: p.id,
    pattern_name: p.patternName,
    pattern_type: p.patternType,
    category: p.category,
    file_path: p.filePath,
    line_range: p.lineRange,
    implementation: p.implementation,
    complexity: m.cyclomatic,
    quality_score: p.quality.total,
    tags: p.tags,
    dependencies: p.dependencies,
    docstring: p.docstring,
    qualified_name: p.qualifiedName,
    kind: p.kind,
    repository: p.repository,
    signature: p.signature,
    quality: {
      profile: p.quality.profile,
      total: p.quality.total,
      unknown: p.quality.unknown,
      components: Object.fromEntries(
        QUALITY_COMPONENTS.map((c) => {
          const s = p.quality.components[c];
          return [
            c,
            { score: s.score, weight: s.weight, effective_weight: s.effectiveWeight, evidence: s.evidence },
          ];
        }),
      ),
      // Under another profile (`onex`): the components `total` came from; null under the default profile.
      profile_components: p.quality.profileComponents
        ? Object.fromEntries(
            Object.entries(p.quality.profileComponents).map(([c, s]) => [
              c,
              { score: s.score, weight: s.weight, effective_weight: s.effectiveWeight, evidence: s.evidence },
            ]),
          )
        : null,
    },
    metrics: {
      cyclomatic: m.cyclomatic,
      cyclomatic_rank: m.cyclomaticRank,
      cognitive: m.cognitive,
      max_nesting: m.maxNesting,
      parameters: m.parameters,
      sloc: m.sloc,
      lloc: m.lloc,
      comments: m.comments,
      halstead_volume: m.halsteadVolume,
      maintainability_index: m.maintainabilityIndex,
      maintainability_rank: m.maintainabilityRank,
      has_docstring: m.hasDocstring,
      fully_typed: m.fullyTyped,
      coverage: m.coverage,
      fan_out: m.fanOut,
      lcom4: m.lcom4,
    },
    usage_count: p.usageCount,
    usage_files: p.usageFiles,
    last_used_at: p.lastUsedAt ?? null,
    used_by_agents: p.usedByAgents ?? [],
    usage_trend: p.usageTrend ?? null,
    design_patterns: p.designPatterns ?? [],
    design_pattern: p.designDetail
      ? {
          detector: p.designDetail.detector,
          confidence: p.designDetail.confidence,
          evidence: p.designDetail.evidence,
          participants: p.designDetail.participants.map((x) => ({
            qualified_name: x.qualifiedName,
            role: x.role,
          })),
        }
      : null,
    parameters: p.parameters,
    return_annotation: p.returnAnnotation,
    decorators: p.decorators,
    is_async: p.isAsync,
    bases: p.bases,
    calls: p.calls,
    references: p.references,
    imports: p.imports,
    content_hash: p.contentHash,
    created_at: p.createdAt ?? null,
    updated_at: p.updatedAt ?? null,
  };
}
