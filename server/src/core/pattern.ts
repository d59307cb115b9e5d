/**
 * A pattern as stored and shown: a definition with its classification, metrics, quality and usage.
 * `toPatternJson` gives the stable `--json` shape documented in the README (the seed's field names).
 */
import type {
  Definition,
  ImportBinding,
  Metrics,
  Parameter,
  PatternKind,
  PatternType,
  Quality,
} from './model';

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
  createdAt?: string;
  updatedAt?: string;
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
