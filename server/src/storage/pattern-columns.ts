/**
 * The columns written per pattern, listed once for both write paths: `unnest` arrays for the portable
 * INSERT, binary COPY fields on PGlite. Each column says what kind of value it holds, and each path
 * encodes the kinds its own way.
 */
import { QUALITY_COMPONENTS, type QualityComponent } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { BinaryCopy } from './copy-binary';
import { StorageError } from './sql-client';

/** One written column: its name, the kind of value it holds, and how to get the value from a record. */
export type WriteColumn =
  | { name: string; kind: 'text'; value(p: PatternRecord): string | null }
  | { name: string; kind: 'int' | 'float8'; value(p: PatternRecord): number | null }
  | { name: string; kind: 'bool'; value(p: PatternRecord): boolean }
  | { name: string; kind: 'text[]'; value(p: PatternRecord): readonly string[] }
  | { name: string; kind: 'json'; value(p: PatternRecord): unknown };

const component = (p: PatternRecord, c: QualityComponent) => p.quality.components[c];

/** Columns written per pattern, besides `repository` and `file_path` (the same for a whole file). */
export const WRITE_COLUMNS: readonly WriteColumn[] = [
  { name: 'id', kind: 'text', value: (p) => p.id },
  { name: 'qualified_name', kind: 'text', value: (p) => p.qualifiedName },
  { name: 'name', kind: 'text', value: (p) => p.name },
  { name: 'kind', kind: 'text', value: (p) => p.kind },
  { name: 'pattern_type', kind: 'text', value: (p) => p.patternType },
  { name: 'pattern_name', kind: 'text', value: (p) => p.patternName },
  { name: 'category', kind: 'text', value: (p) => p.category },
  { name: 'tags', kind: 'text[]', value: (p) => p.tags },
  { name: 'dependencies', kind: 'text[]', value: (p) => p.dependencies },
  { name: 'line_start', kind: 'int', value: (p) => p.lineRange[0] },
  { name: 'line_end', kind: 'int', value: (p) => p.lineRange[1] },
  { name: 'signature', kind: 'text', value: (p) => p.signature },
  { name: 'parameters', kind: 'json', value: (p) => p.parameters },
  { name: 'return_annotation', kind: 'text', value: (p) => p.returnAnnotation },
  { name: 'decorators', kind: 'text[]', value: (p) => p.decorators },
  { name: 'is_async', kind: 'bool', value: (p) => p.isAsync },
  { name: 'docstring', kind: 'text', value: (p) => p.docstring },
  { name: 'bases', kind: 'text[]', value: (p) => p.bases },
  { name: 'implementation', kind: 'text', value: (p) => p.implementation },
  { name: 'calls', kind: 'text[]', value: (p) => p.calls },
  { name: 'refs', kind: 'text[]', value: (p) => p.references },
  { name: 'imports', kind: 'json', value: (p) => p.imports },
  { name: 'content_hash', kind: 'text', value: (p) => p.contentHash },
  { name: 'complexity', kind: 'int', value: (p) => p.metrics.cyclomatic },
  { name: 'complexity_rank', kind: 'text', value: (p) => p.metrics.cyclomaticRank },
  { name: 'cognitive_complexity', kind: 'int', value: (p) => p.metrics.cognitive },
  { name: 'max_nesting', kind: 'int', value: (p) => p.metrics.maxNesting },
  { name: 'parameter_count', kind: 'int', value: (p) => p.metrics.parameters },
  { name: 'sloc', kind: 'int', value: (p) => p.metrics.sloc },
  { name: 'lloc', kind: 'int', value: (p) => p.metrics.lloc },
  { name: 'comment_lines', kind: 'int', value: (p) => p.metrics.comments },
  { name: 'multi_lines', kind: 'int', value: (p) => p.metrics.multi },
  { name: 'halstead_volume', kind: 'float8', value: (p) => p.metrics.halsteadVolume },
  { name: 'maintainability_index', kind: 'float8', value: (p) => p.metrics.maintainabilityIndex },
  { name: 'maintainability_rank', kind: 'text', value: (p) => p.metrics.maintainabilityRank },
  { name: 'has_docstring', kind: 'bool', value: (p) => p.metrics.hasDocstring },
  { name: 'fully_typed', kind: 'bool', value: (p) => p.metrics.fullyTyped },
  { name: 'coverage', kind: 'float8', value: (p) => p.metrics.coverage },
  { name: 'fan_out', kind: 'int', value: (p) => p.metrics.fanOut },
  { name: 'lcom4', kind: 'int', value: (p) => p.metrics.lcom4 },
  ...QUALITY_COMPONENTS.flatMap((c): WriteColumn[] => [
    { name: `${c}_score`, kind: 'float8', value: (p) => component(p, c).score },
    { name: `${c}_weight`, kind: 'float8', value: (p) => component(p, c).weight },
    { name: `${c}_effective_weight`, kind: 'float8', value: (p) => component(p, c).effectiveWeight },
    { name: `${c}_evidence`, kind: 'text', value: (p) => component(p, c).evidence },
  ]),
  { name: 'quality_score', kind: 'float8', value: (p) => p.quality.total },
  { name: 'quality_profile', kind: 'text', value: (p) => p.quality.profile },
  { name: 'usage_count', kind: 'int', value: (p) => p.usageCount },
  { name: 'usage_files', kind: 'int', value: (p) => p.usageFiles },
  // Graph issue (migration 0002).
  { name: 'design_patterns', kind: 'json', value: (p) => p.designPatterns ?? [] },
  { name: 'design_detail', kind: 'json', value: (p) => p.designDetail ?? null },
  { name: 'outgoing', kind: 'json', value: (p) => p.outgoing ?? [] },
];

/** The element type of a column's `unnest` array: lists and JSON travel as text and are cast back. */
export function unnestType(column: WriteColumn): 'text' | 'int' | 'float8' | 'bool' {
  return column.kind === 'text[]' || column.kind === 'json' ? 'text' : column.kind;
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

/** One array per written column (in `WRITE_COLUMNS` order), the parameters of the portable insert. */
export function columnArrays(patterns: readonly PatternRecord[]): unknown[][] {
  return WRITE_COLUMNS.map((column) => {
    switch (column.kind) {
      case 'text[]':
        return patterns.map((p) => textArrayLiteral(column.value(p)));
      case 'json':
        return patterns.map((p) => JSON.stringify(column.value(p)));
      default:
        return patterns.map((p) => column.value(p));
    }
  });
}

const isInt32 = (n: number) => Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;

/** Append `p`'s `WRITE_COLUMNS` to the current row of a binary COPY, in order. */
export function copyColumns(copy: BinaryCopy, p: PatternRecord): void {
  for (const column of WRITE_COLUMNS) {
    switch (column.kind) {
      case 'text':
        copy.text(column.value(p) ?? null);
        break;
      case 'int': {
        const value = column.value(p) ?? null;
        if (value !== null && !isInt32(value)) {
          // The text paths would refuse it too ("invalid input syntax for type integer").
          throw new StorageError(
            'query',
            `pattern ${p.qualifiedName} of ${p.filePath}: ${column.name} is ${value}, not a 32-bit integer`,
          );
        }
        copy.int4(value);
        break;
      }
      case 'float8':
        copy.float8(column.value(p) ?? null);
        break;
      case 'bool':
        copy.bool(column.value(p));
        break;
      case 'text[]':
        copy.textArray(column.value(p));
        break;
      case 'json':
        copy.text(JSON.stringify(column.value(p)));
        break;
    }
  }
}
