/**
 * The core's data: what extraction finds in a file, what metrics measure, how quality is scored.
 * Plain, serialisable objects only; adapters store them, front ends show them.
 */

/** What a definition is syntactically. */
export type PatternKind = 'function' | 'method' | 'class';

/** The seed's pattern types, all of them (the schema allows exactly these). */
export const PATTERN_TYPES = ['function_pattern', 'class_pattern', 'design_pattern'] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** One parameter of a function or method. */
export interface Parameter {
  name: string;
  annotation: string | null;
  default: string | null;
  /** `positional_only` (before `/`), `normal`, `var_positional` (*args), `keyword_only`, `var_keyword` (**kw). */
  kind: 'positional_only' | 'normal' | 'var_positional' | 'keyword_only' | 'var_keyword';
}

/** One import statement's binding in a module: `local` is the name the module sees. */
export interface ImportBinding {
  /** Name bound in the importing module (`np` for `import numpy as np`). */
  local: string;
  /** Absolute or relative module path as written (`..db.tx`, `numpy`). */
  module: string;
  /** Imported member for `from m import name`; null for `import m`. */
  name: string | null;
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  line: number;
}

/** A function, method or class found in a file, with everything read from its syntax. */
export interface Definition {
  /** `Class.method`, `outer.inner`, `Outer.Inner.method`. */
  qualifiedName: string;
  name: string;
  kind: PatternKind;
  /** Qualified name of the enclosing definition, or null at module level. */
  parent: string | null;
  /** 1-based inclusive line range, decorators included. */
  lineRange: [number, number];
  /** UTF-16 offsets of the definition in the file (decorators included). */
  span: [number, number];
  /** `def name(params) -> ret` or `class Name(bases)`, one line, as written. */
  signature: string;
  parameters: Parameter[];
  returnAnnotation: string | null;
  decorators: string[];
  isAsync: boolean;
  docstring: string | null;
  bases: string[];
  /** The definition's source text, decorators included. */
  implementation: string;
  /** Dotted names called (`self.save`, `asyncio.sleep`, `Foo`). */
  calls: string[];
  /** Every identifier and dotted name read (not assigned), deduplicated. */
  references: string[];
  /** Module imports this definition uses (from the file's imports, matched by local name). */
  imports: ImportBinding[];
  /** Names of the methods of a class (empty for functions). */
  methods: string[];
}

/** Measurements of one definition, all exact and reproducible (see docs/METRICS.md). */
export interface Metrics {
  /** Cyclomatic complexity by radon 6.0.1's rules. */
  cyclomatic: number;
  /** radon's rank letter A–F. */
  cyclomaticRank: string;
  /** Cognitive complexity by SonarSource's rules. */
  cognitive: number;
  maxNesting: number;
  /** Parameters, not counting `self`/`cls` of methods. */
  parameters: number;
  sloc: number;
  lloc: number;
  /** Comment tokens, inline ones included (radon's `comments`). */
  comments: number;
  /** Docstring / multi-line string lines (radon's `multi`). */
  multi: number;
  halsteadVolume: number;
  /** Maintainability index 0–100 by radon's formula. */
  maintainabilityIndex: number;
  /** radon's MI rank A/B/C. */
  maintainabilityRank: string;
  hasDocstring: boolean;
  /** Every parameter except self/cls annotated, and the return annotated (classes: all methods are). */
  fullyTyped: boolean;
  /** Share of executable lines covered, 0–1, or null when no coverage data covers this file. */
  coverage: number | null;
  /** Distinct external names/modules used (fan-out). */
  fanOut: number;
  /** LCOM4 connected components for classes, null for functions. */
  lcom4: number | null;
}

/** Names of the quality components, in the seed's order. */
export const QUALITY_COMPONENTS = [
  'complexity',
  'documentation',
  'test_coverage',
  'reusability',
  'maintainability',
] as const;
export type QualityComponent = (typeof QUALITY_COMPONENTS)[number];

/** Weights of the quality components; they need not sum to 1 (they are normalised). */
export type QualityWeights = Record<QualityComponent, number>;

/** One component's score with its weight and the evidence it came from. */
export interface ComponentScore {
  /** 0–1, or null when the measurement is unknown (no coverage data) and the component was left out. */
  score: number | null;
  /** Configured weight. */
  weight: number;
  /** Weight actually applied after renormalising around unknown components. */
  effectiveWeight: number;
  /** Human-readable evidence, e.g. "CC 12 → 0.7". */
  evidence: string;
}

/** A quality score with every component. */
export interface Quality {
  total: number;
  components: Record<QualityComponent, ComponentScore>;
  /** Components left out because their measurement is unknown. */
  unknown: QualityComponent[];
  profile: string;
  /**
   * Under a profile other than `default` (e.g. `onex`, see core/onex-profile.ts): the components `total`
   * was computed from, by name. `components` above stay the default profile's.
   */
  profileComponents?: Record<string, ComponentScore> | null;
}

/** A problem found while reading a file: never an exception. */
export interface Problem {
  kind: 'syntax_error' | 'skipped' | 'read_error' | 'coverage';
  message: string;
  line?: number;
}

/** What the core returns: a value and the problems met on the way. */
export interface Result<T> {
  value: T;
  problems: Problem[];
}
