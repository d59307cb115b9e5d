/**
 * How a `patterns` row reads back as a `PatternRecord`: the row type, the select list and the
 * conversion. The columns written are in pattern-columns.ts.
 */
import {
  type ComponentScore,
  type ImportBinding,
  type Parameter,
  QUALITY_COMPONENTS,
  type Quality,
  type QualityComponent,
} from '../core/model';
import type { DesignDetail, DesignRole, PatternRecord, UsageTrend } from '../core/pattern';

/** Per quality component, four columns: `<component>_score`, `_weight`, `_effective_weight`, `_evidence`. */
type QualityColumns = Record<`${QualityComponent}_score`, number | null> &
  Record<`${QualityComponent}_weight` | `${QualityComponent}_effective_weight`, number> &
  Record<`${QualityComponent}_evidence`, string>;

/** A `patterns` row as read with `PATTERN_SELECT`. */
export type PatternRow = QualityColumns & {
  id: string;
  repository: string;
  file_path: string;
  qualified_name: string;
  name: string;
  kind: PatternRecord['kind'];
  pattern_type: PatternRecord['patternType'];
  pattern_name: string;
  category: string;
  tags: string[];
  dependencies: string[];
  line_start: number;
  line_end: number;
  signature: string;
  parameters: Parameter[];
  return_annotation: string | null;
  decorators: string[];
  is_async: boolean;
  docstring: string | null;
  bases: string[];
  implementation: string;
  calls: string[];
  refs: string[];
  imports: ImportBinding[];
  content_hash: string;
  complexity: number;
  complexity_rank: string;
  cognitive_complexity: number;
  max_nesting: number;
  parameter_count: number;
  sloc: number;
  lloc: number;
  comment_lines: number;
  multi_lines: number;
  halstead_volume: number;
  maintainability_index: number;
  maintainability_rank: string;
  has_docstring: boolean;
  fully_typed: boolean;
  coverage: number | null;
  fan_out: number;
  lcom4: number | null;
  quality_score: number;
  quality_profile: string;
  profile_components: Record<string, ComponentScore> | string | null;
  usage_count: number;
  usage_files: number;
  design_patterns: DesignRole[] | null;
  design_detail: DesignDetail | null;
  last_used_at: Date | string | null;
  used_by_agents: string[];
  usage_trend: UsageTrend | null;
  created_at: Date | string;
  updated_at: Date | string;
};

/** The quality component columns, component by component. */
const QUALITY_SELECT = QUALITY_COMPONENTS.map(
  (c) => `${c}_score, ${c}_weight, ${c}_effective_weight, ${c}_evidence`,
).join(',\n');

/** A pattern's usage trend, kept in its own table (migration 0008); null before it has one. */
const TREND_SELECT =
  '(SELECT t.usage_trend FROM pattern_trends AS t WHERE t.pattern_id = patterns.id) AS usage_trend';

/** The select list that `rowToRecord` reads (qualify nothing: every query reads `patterns` alone). */
export const PATTERN_SELECT = `
id, repository, file_path, qualified_name, name, kind, pattern_type, pattern_name, category, tags,
dependencies, line_start, line_end, signature, parameters, return_annotation, decorators, is_async,
docstring, bases, implementation, calls, refs, imports, content_hash, complexity, complexity_rank,
cognitive_complexity, max_nesting, parameter_count, sloc, lloc, comment_lines, multi_lines,
halstead_volume, maintainability_index, maintainability_rank, has_docstring, fully_typed, coverage,
fan_out, lcom4,
${QUALITY_SELECT},
quality_score, quality_profile, profile_components, usage_count, usage_files, design_patterns, design_detail, last_used_at,
used_by_agents, ${TREND_SELECT}, created_at, updated_at`.trim();

/** A timestamp as ISO 8601, whichever form the driver returned. */
export function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The quality from its columns; the unknown components are those without a score. */
function qualityOf(r: PatternRow): Quality {
  const components = {} as Quality['components'];
  const unknown: QualityComponent[] = [];
  for (const c of QUALITY_COMPONENTS) {
    const score = r[`${c}_score`];
    if (score === null) unknown.push(c);
    components[c] = {
      score,
      weight: r[`${c}_weight`],
      effectiveWeight: r[`${c}_effective_weight`],
      evidence: r[`${c}_evidence`],
    };
  }
  const stored = r.profile_components;
  const profileComponents =
    typeof stored === 'string' ? (JSON.parse(stored) as Record<string, ComponentScore>) : stored;
  return {
    total: r.quality_score,
    components,
    unknown,
    profile: r.quality_profile,
    ...(profileComponents ? { profileComponents } : {}),
  };
}

/** Rebuild the full record from a row. */
export function rowToRecord(r: PatternRow): PatternRecord {
  return {
    id: r.id,
    repository: r.repository,
    filePath: r.file_path,
    qualifiedName: r.qualified_name,
    name: r.name,
    kind: r.kind,
    patternType: r.pattern_type,
    patternName: r.pattern_name,
    category: r.category,
    tags: r.tags,
    dependencies: r.dependencies,
    lineRange: [r.line_start, r.line_end],
    signature: r.signature,
    parameters: r.parameters,
    returnAnnotation: r.return_annotation,
    decorators: r.decorators,
    isAsync: r.is_async,
    docstring: r.docstring,
    bases: r.bases,
    implementation: r.implementation,
    calls: r.calls,
    references: r.refs,
    imports: r.imports,
    contentHash: r.content_hash,
    metrics: {
      cyclomatic: r.complexity,
      cyclomaticRank: r.complexity_rank,
      cognitive: r.cognitive_complexity,
      maxNesting: r.max_nesting,
      parameters: r.parameter_count,
      sloc: r.sloc,
      lloc: r.lloc,
      comments: r.comment_lines,
      multi: r.multi_lines,
      halsteadVolume: r.halstead_volume,
      maintainabilityIndex: r.maintainability_index,
      maintainabilityRank: r.maintainability_rank,
      hasDocstring: r.has_docstring,
      fullyTyped: r.fully_typed,
      coverage: r.coverage,
      fanOut: r.fan_out,
      lcom4: r.lcom4,
    },
    quality: qualityOf(r),
    usageCount: r.usage_count,
    usageFiles: r.usage_files,
    designPatterns: r.design_patterns ?? [],
    designDetail: r.design_detail ?? null,
    lastUsedAt: r.last_used_at === null ? null : isoTime(r.last_used_at),
    usedByAgents: r.used_by_agents,
    usageTrend: r.usage_trend,
    createdAt: isoTime(r.created_at),
    updatedAt: isoTime(r.updated_at),
  };
}
