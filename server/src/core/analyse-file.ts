/**
 * The per-file pipeline of the core: a parsed file in, scored patterns and the file's outgoing
 * references out. Usage-based reusability is provisional here and settled by the usage pass.
 */
import { categoryOf } from './classify/category';
import { readFeatures } from './classify/features';
import { patternNameOf } from './classify/naming';
import { tagsOf } from './classify/tags';
import { coverageOfLines, type FileCoverage } from './coverage';
import { extractDefinitions, type FoundDefinition } from './extract/definitions';
import { absoluteModule, readImports } from './extract/imports';
import { headOf } from './extract/names';
import { annotatableParameters } from './extract/parameters';
import { detectDesignPatterns, withDesignPatterns } from './graph/design-patterns';
import { outgoingContext, outgoingOf, type Reexport, reexportsOf } from './graph/outgoing';
import { measureDefinition } from './metrics';
import type { Metrics, Problem, QualityWeights } from './model';
import { definitionFields, type PatternRecord } from './pattern';
import type { FileReference } from './ports';
import { resolveFileReferences, resolveSelfReferences } from './references';
import { DEFAULT_WEIGHTS, NO_USAGE, scoreQuality } from './score';
import { fieldChild, type SyntaxTree } from './syntax-tree';

/** What the pipeline needs besides the tree. */
export interface AnalyseOptions {
  filePath: string;
  repository: string;
  /** Hex digest of a string (sha256 in production); the core does no hashing itself. */
  hash: (text: string) => string;
  coverage?: FileCoverage;
  weights?: QualityWeights;
}

/** Patterns and references of one file, and the problems met. */
export interface FileAnalysis {
  patterns: PatternRecord[];
  references: FileReference[];
  /** Module-level `from … import` bindings, for following re-exports across files. */
  reexports: Reexport[];
  problems: Problem[];
}

/** Stable pattern id from its identity. */
export function patternId(
  hash: (text: string) => string,
  repository: string,
  filePath: string,
  qualifiedName: string,
): string {
  return hash(`${repository}\u0000${filePath}\u0000${qualifiedName}`).slice(0, 16);
}

/** Run extraction, metrics, classification and scoring over one parsed file. */
export function analyseFile(tree: SyntaxTree, options: AnalyseOptions): FileAnalysis {
  const { source, root } = tree;
  const problems: Problem[] = [];
  if (tree.errorCount > 0) {
    const first = tree.errorRows[0];
    problems.push({
      kind: 'syntax_error',
      message: `${tree.errorCount} syntax error${tree.errorCount === 1 ? '' : 's'}${first === undefined ? '' : `, first at line ${first + 1}`}; well-formed definitions were still read`,
      ...(first === undefined ? {} : { line: first + 1 }),
    });
  }
  const imports = readImports(root, source);
  const { definitions: found, fileReferences } = extractDefinitions(tree, imports);
  const topLevel = new Set(found.filter((f) => f.definition.parent === null).map((f) => f.definition.name));
  const typed = new Map<FoundDefinition, boolean>();
  // Children come after their parent in `found`; walk backwards so a class sees its methods' typing.
  for (let i = found.length - 1; i >= 0; i--) typed.set(found[i]!, isFullyTyped(found[i]!, typed));
  const outgoing = outgoingContext(options.filePath, imports, found);
  const definitions = found.map((f) => ({
    ...toPattern(f, tree, options, topLevel, typed.get(f) ?? false),
    outgoing: outgoingOf(f, outgoing),
  }));
  const designs = detectDesignPatterns({ found, source, imports, root });
  problems.push(...designs.problems);
  const patterns = withDesignPatterns(definitions, found, designs.found, (name) =>
    patternId(options.hash, options.repository, options.filePath, name),
  );
  const references = [
    ...resolveFileReferences(fileReferences, imports, options.filePath, topLevel),
    ...resolveSelfReferences(found, options.filePath),
  ];
  const reexports = reexportsOf(imports, found, options.filePath);
  return { patterns, references, reexports, problems };
}

function toPattern(
  found: FoundDefinition,
  tree: SyntaxTree,
  options: AnalyseOptions,
  topLevel: Set<string>,
  fullyTyped: boolean,
): PatternRecord {
  const def = found.definition;
  const measured = measureDefinition(found.node, tree.source);
  const dependencies = [
    ...new Set(
      def.imports.map((b) => absoluteModule(b, options.filePath)).filter((m): m is string => m !== null),
    ),
  ].sort();
  const usedTopLevel = new Set(def.references.map(headOf).filter((n) => topLevel.has(n) && n !== def.name));
  const metrics: Metrics = {
    ...measured,
    parameters: annotatableParameters(def.parameters, def.kind === 'method', isStatic(def.decorators)).length,
    // (`\S` is exactly what `trim` does not remove: no trimmed copy of a long docstring.)
    hasDocstring: def.docstring !== null && /\S/.test(def.docstring),
    fullyTyped,
    // The def and decorator lines run at import time; only the body says whether the code was exercised.
    coverage: coverageOfLines(options.coverage, bodyStartLine(found), def.lineRange[1]),
    fanOut: new Set(def.imports.map((b) => b.local)).size + usedTopLevel.size,
  };
  const features = readFeatures(found.outer, tree.source);
  const tags = tagsOf(def, features, dependencies);
  const { category } = categoryOf(tags);
  return {
    id: patternId(options.hash, options.repository, options.filePath, def.qualifiedName),
    repository: options.repository,
    filePath: options.filePath,
    ...definitionFields(def),
    patternType: def.kind === 'class' ? 'class_pattern' : 'function_pattern',
    patternName: patternNameOf(def, tags),
    category,
    tags: tags.map((t) => t.tag),
    dependencies,
    contentHash: options.hash(def.implementation),
    metrics,
    quality: scoreQuality(metrics, NO_USAGE, options.weights ?? DEFAULT_WEIGHTS),
    usageCount: 0,
    usageFiles: 0,
  };
}

function bodyStartLine(found: FoundDefinition): number {
  const body = fieldChild(found.node, 'body');
  return body ? body.startRow + 1 : found.definition.lineRange[0];
}

function isStatic(decorators: string[]): boolean {
  return decorators.some((d) => d === 'staticmethod' || d.endsWith('.staticmethod'));
}

/**
 * Functions: every parameter but self/cls and the return annotated (`__init__` needs no return
 * annotation, as mypy accepts). Classes: every method fully typed; a class without methods counts
 * as typed when its body annotates its fields.
 */
function isFullyTyped(found: FoundDefinition, typed: Map<FoundDefinition, boolean>): boolean {
  const def = found.definition;
  if (def.kind === 'class') {
    const methods = found.children.filter((c) => c.definition.kind === 'method');
    if (methods.length > 0) return methods.every((m) => typed.get(m) === true);
    return /^\s+\w+\s*:\s*\S/m.test(def.implementation);
  }
  const params = annotatableParameters(def.parameters, def.kind === 'method', isStatic(def.decorators));
  const returnOk = def.returnAnnotation !== null || def.name === '__init__';
  return returnOk && params.every((p) => p.annotation !== null);
}
