/**
 * A pattern as stored and shown: a definition with its classification, metrics, quality and usage.
 * `toPatternJson` gives the stable `--json` shape documented in the README (the seed's field names).
 */

import type { OutRef } from './graph/outgoing';
import type {
  Definition,
  ImportBinding,
  Metrics,
  Parameter,
  PatternKind,
  PatternType,
  Quality,
} from './model';
import type { Fingerprint } from './similarity/fingerprint';

/** Everything Motif knows about one pattern. */
export interface PatternRecord {
  /** Stable id: a hash of (repository, file, qualified name). */
  id: string;
  repository: string;
  filePath: string;
  qualifiedName: string;
  name: string;
  kind: PatternKind;
  patternType: PatternType;
  patternName: string;
  category: string;
  tags: string[];
  /** Modules the pattern uses. */
  dependencies: string[];
  lineRange: [number, number];
  signature: string;
  parameters: Parameter[];
  returnAnnotation: string | null;
  decorators: string[];
  isAsync: boolean;
  docstring: string | null;
  bases: string[];
  implementation: string;
  calls: string[];
  references: string[];
  imports: ImportBinding[];
  /** Hash of the implementation text, for change detection. */
  contentHash: string;
  metrics: Metrics;
  quality: Quality;
  /** Reference sites in other files (name-resolved through imports). */
  usageCount: number;
  /** Distinct other files referencing the pattern. */
  usageFiles: number;
  /** Design patterns this definition takes part in (graph issue); absent means none. */
  designPatterns?: DesignRole[];
  /** On a `design_pattern` record: what was detected, how sure, from which lines, with whom. */
  designDetail?: DesignDetail | null;
  /** What the definition references, resolved as far as its file allows (input of the graph pass). */
  outgoing?: OutRef[];
  /** Last use: an external usage event, or the index run in which static usage last grew. */
  lastUsedAt?: string | null;
  /** Agents that recorded a use (`motif record-usage`, accepted suggestions), in order of first use. */
  usedByAgents?: string[];
  /** Static usage across recent index runs. */
  usageTrend?: UsageTrend | null;
  createdAt?: string;
  updatedAt?: string;
  /** The similarity model's fingerprint, when freshly analysed (stored in `pattern_vectors`, not read back here). */
  fingerprint?: Fingerprint;
}

/** Increasing, flat or decreasing static usage over the repository's recent index runs. */
export type UsageTrend = 'increasing' | 'flat' | 'decreasing';

/** A definition's part in a detected design pattern. */
export interface DesignRole {
  /** The design pattern's name, e.g. `Singleton`. */
  name: string;
  /** The definition's role in it, e.g. `instance accessor`. */
  role: string;
  confidence: number;
}

/** A detected design pattern, kept on its `design_pattern` record. */
export interface DesignDetail {
  /** The detector's id (`singleton`, `context_manager`, …). */
  detector: string;
  confidence: number;
  /** The lines the detection rests on. */
  evidence: { line: number; text: string }[];
  participants: { qualifiedName: string; role: string }[];
}

/** The definition part of a record, for building one from extraction output. */
export type DefinitionFields = Pick<
  PatternRecord,
  | 'qualifiedName'
  | 'name'
  | 'kind'
  | 'lineRange'
  | 'signature'
  | 'parameters'
  | 'returnAnnotation'
  | 'decorators'
  | 'isAsync'
  | 'docstring'
  | 'bases'
  | 'implementation'
  | 'calls'
  | 'references'
  | 'imports'
>;

/** Pick the stored fields of a definition. */
export function definitionFields(def: Definition): DefinitionFields {
  return {
    qualifiedName: def.qualifiedName,
    name: def.name,
    kind: def.kind,
    lineRange: def.lineRange,
    signature: def.signature,
    parameters: def.parameters,
    returnAnnotation: def.returnAnnotation,
    decorators: def.decorators,
    isAsync: def.isAsync,
    docstring: def.docstring,
    bases: def.bases,
    implementation: def.implementation,
    calls: def.calls,
    references: def.references,
    imports: def.imports,
  };
}
