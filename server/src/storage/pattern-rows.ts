/**
 * How a `PatternRecord` maps onto the `patterns` table: the column list read back, the columns written
 * (as `unnest` arrays or as COPY CSV rows), and the conversion of a row into a full record.
 */
import { type ImportBinding, type Parameter, QUALITY_COMPONENTS, type Quality, type QualityComponent } from '../core/model';
import type { PatternRecord } from '../core/pattern';

/**
 * A `patterns` row as read with `PATTERN_SELECT`. Component scores come back inside `quality_detail`,
 * except the three the usage pass rewrites, which come from their columns.
 */
export interface PatternRow {
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
  quality_detail: Quality;
  reusability_score: number;
  reusability_evidence: string;
  quality_score: number;
  usage_count: number;
  usage_files: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The select list that `rowToRecord` reads (qualify nothing: every query reads `patterns` alone). */
export const PATTERN_SELECT = `
id, repository, file_path, qualified_name, name, kind, pattern_type, pattern_name, category, tags,
dependencies, line_start, line_end, signature, parameters, return_annotation, decorators, is_async,
docstring, bases, implementation, calls, refs, imports, content_hash, complexity, complexity_rank,
cognitive_complexity, max_nesting, parameter_count, sloc, lloc, comment_lines, multi_lines,
halstead_volume, maintainability_index, maintainability_rank, has_docstring, fully_typed, coverage,
fan_out, lcom4, quality_detail, reusability_score, reusability_evidence, quality_score, usage_count,
usage_files, created_at, updated_at`.trim();

/** A timestamp as ISO 8601, whichever form the driver returned. */
export function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The stored explanation with what the usage pass may have changed since: total and reusability. */
function currentQuality(r: PatternRow): Quality {
  const quality = r.quality_detail;
  quality.total = r.quality_score;
  quality.components.reusability.score = r.reusability_score;
  quality.components.reusability.evidence = r.reusability_evidence;
  return quality;
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
    quality: currentQuality(r),
    usageCount: r.usage_count,
    usageFiles: r.usage_files,
    createdAt: isoTime(r.created_at),
    updatedAt: isoTime(r.updated_at),
  };
}

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * A text array as a PostgreSQL array literal (`{"a","b\"c"}`), every element quoted. Ragged lists
 * (one tag list per pattern) cannot travel as `text[][]`, so they go as `text[]` of literals, cast per row.
 */
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // Most names hold neither quote nor backslash: skip the regex for them.
    out += `${i === 0 ? '' : ','}"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
  }
  return `${out}}`;
}

/** A written value: as an `unnest` array element and as a COPY field alike. */
export type ColumnValue = string | number | boolean | null;

/** One written column: its name, the element type of its `unnest` array, the cast back, and its value. */
interface WriteColumn {
  name: string;
  type: 'text' | 'int' | 'float8' | 'bool';
  /** The column's type when it differs from `type` (the unnest path casts `u.<name>` to it). */
  cast?: 'text[]' | 'json';
  value(p: PatternRecord): ColumnValue;
}

const json = (value: unknown) => JSON.stringify(value);
const list = (values: readonly string[]) => textArrayLiteral(values);
const component = (p: PatternRecord, c: QualityComponent) => p.quality.components[c];

/** Columns written per pattern, besides `repository` and `file_path` (the same for a whole file). */
export const WRITE_COLUMNS: readonly WriteColumn[] = [
  { name: 'id', type: 'text', value: (p) => p.id },
  { name: 'qualified_name', type: 'text', value: (p) => p.qualifiedName },
  { name: 'name', type: 'text', value: (p) => p.name },
  { name: 'kind', type: 'text', value: (p) => p.kind },
  { name: 'pattern_type', type: 'text', value: (p) => p.patternType },
  { name: 'pattern_name', type: 'text', value: (p) => p.patternName },
  { name: 'category', type: 'text', value: (p) => p.category },
  { name: 'tags', type: 'text', cast: 'text[]', value: (p) => list(p.tags) },
  { name: 'dependencies', type: 'text', cast: 'text[]', value: (p) => list(p.dependencies) },
  { name: 'line_start', type: 'int', value: (p) => p.lineRange[0] },
  { name: 'line_end', type: 'int', value: (p) => p.lineRange[1] },
  { name: 'signature', type: 'text', value: (p) => p.signature },
  { name: 'parameters', type: 'text', cast: 'json', value: (p) => json(p.parameters) },
  { name: 'return_annotation', type: 'text', value: (p) => p.returnAnnotation },
  { name: 'decorators', type: 'text', cast: 'text[]', value: (p) => list(p.decorators) },
  { name: 'is_async', type: 'bool', value: (p) => p.isAsync },
  { name: 'docstring', type: 'text', value: (p) => p.docstring },
  { name: 'bases', type: 'text', cast: 'text[]', value: (p) => list(p.bases) },
  { name: 'implementation', type: 'text', value: (p) => p.implementation },
  { name: 'calls', type: 'text', cast: 'text[]', value: (p) => list(p.calls) },
  { name: 'refs', type: 'text', cast: 'text[]', value: (p) => list(p.references) },
  { name: 'imports', type: 'text', cast: 'json', value: (p) => json(p.imports) },
  { name: 'content_hash', type: 'text', value: (p) => p.contentHash },
  { name: 'complexity', type: 'int', value: (p) => p.metrics.cyclomatic },
  { name: 'complexity_rank', type: 'text', value: (p) => p.metrics.cyclomaticRank },
  { name: 'cognitive_complexity', type: 'int', value: (p) => p.metrics.cognitive },
  { name: 'max_nesting', type: 'int', value: (p) => p.metrics.maxNesting },
  { name: 'parameter_count', type: 'int', value: (p) => p.metrics.parameters },
  { name: 'sloc', type: 'int', value: (p) => p.metrics.sloc },
  { name: 'lloc', type: 'int', value: (p) => p.metrics.lloc },
  { name: 'comment_lines', type: 'int', value: (p) => p.metrics.comments },
  { name: 'multi_lines', type: 'int', value: (p) => p.metrics.multi },
  { name: 'halstead_volume', type: 'float8', value: (p) => p.metrics.halsteadVolume },
  { name: 'maintainability_index', type: 'float8', value: (p) => p.metrics.maintainabilityIndex },
  { name: 'maintainability_rank', type: 'text', value: (p) => p.metrics.maintainabilityRank },
  { name: 'has_docstring', type: 'bool', value: (p) => p.metrics.hasDocstring },
  { name: 'fully_typed', type: 'bool', value: (p) => p.metrics.fullyTyped },
  { name: 'coverage', type: 'float8', value: (p) => p.metrics.coverage },
  { name: 'fan_out', type: 'int', value: (p) => p.metrics.fanOut },
  { name: 'lcom4', type: 'int', value: (p) => p.metrics.lcom4 },
  ...QUALITY_COMPONENTS.map(
    (c): WriteColumn => ({ name: `${c}_score`, type: 'float8', value: (p) => component(p, c).score }),
  ),
  ...QUALITY_COMPONENTS.map(
    (c): WriteColumn => ({ name: `${c}_weight`, type: 'float8', value: (p) => component(p, c).weight }),
  ),
  {
    name: 'reusability_evidence',
    type: 'text',
    value: (p) => component(p, 'reusability').evidence,
  },
  { name: 'quality_score', type: 'float8', value: (p) => p.quality.total },
  { name: 'quality_profile', type: 'text', value: (p) => p.quality.profile },
  { name: 'quality_detail', type: 'text', cast: 'json', value: (p) => json(p.quality) },
  { name: 'usage_count', type: 'int', value: (p) => p.usageCount },
  { name: 'usage_files', type: 'int', value: (p) => p.usageFiles },
];

/** One array per written column (in `WRITE_COLUMNS` order), the parameters of the batch insert. */
export function columnArrays(patterns: readonly PatternRecord[]): unknown[][] {
  return WRITE_COLUMNS.map((column) => patterns.map((p) => column.value(p)));
}
