/**
 * Measures one function or class definition: every tree metric in a single walk of its subtree, the raw
 * line counts in a single scan of its text, and the maintainability index from those. Rules and the
 * places where radon's documentation and code differ are in docs/METRICS.md.
 */
import type { Metrics } from '../model';
import type { SyntaxNode } from '../syntax-tree';
import { CognitiveVisitor } from './cognitive';
import { CyclomaticVisitor } from './cyclomatic';
import { HalsteadVisitor } from './halstead';
import { Lcom4Visitor } from './lcom4';
import { commentPercent, maintainabilityIndex } from './maintainability';
import { NestingVisitor } from './nesting';
import { cyclomaticRank, maintainabilityRank } from './ranks';
import { rawMetrics } from './raw';
import { type TreeVisitor, traverse } from './traverse';

export { cognitiveComplexity } from './cognitive';
export { type CyclomaticResult, cyclomaticComplexity } from './cyclomatic';
export { type HalsteadResult, halstead } from './halstead';
export { lcom4 } from './lcom4';
export { commentPercent, maintainabilityIndex } from './maintainability';
export { maxNesting } from './nesting';
export { cyclomaticRank, maintainabilityRank } from './ranks';
export { type RawMetrics, rawMetrics } from './raw';

/** The measurements of one definition: the syntax-derived fields of the model's `Metrics` (documented there). */
export type DefinitionMetrics = Pick<
  Metrics,
  | 'cyclomatic'
  | 'cyclomaticRank'
  | 'cognitive'
  | 'maxNesting'
  | 'sloc'
  | 'lloc'
  | 'comments'
  | 'multi'
  | 'halsteadVolume'
  | 'maintainabilityIndex'
  | 'maintainabilityRank'
  | 'lcom4'
>;

/** Leaf-like nodes no metric reacts to, skipped by the walk (none contains anything a metric counts). */
const INERT = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'ellipsis',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
  'pass_statement',
  'break_statement',
  'continue_statement',
]);

/** Feeds one walk to every tree metric with direct (monomorphic) calls. */
class AllMetrics implements TreeVisitor {
  readonly cyclomatic = new CyclomaticVisitor();
  readonly cognitive = new CognitiveVisitor();
  readonly nesting = new NestingVisitor();
  readonly halstead: HalsteadVisitor;
  readonly lcom4: Lcom4Visitor;

  constructor(source: string) {
    this.halstead = new HalsteadVisitor(source);
    this.lcom4 = new Lcom4Visitor(source);
  }

  enter(node: SyntaxNode, parent: SyntaxNode | null): void {
    this.cyclomatic.enter(node, parent);
    this.cognitive.enter(node, parent);
    this.nesting.enter(node);
    this.halstead.enter(node, parent);
    this.lcom4.enter(node, parent);
  }

  leave(node: SyntaxNode, parent: SyntaxNode | null): void {
    this.cyclomatic.leave(node);
    this.cognitive.leave(node, parent);
    this.nesting.leave(node);
    this.halstead.leave(node);
    this.lcom4.leave(node);
  }
}

/**
 * Measure a `function_definition` or `class_definition` node (NOT the `decorated_definition` wrapper;
 * given one, its definition is measured, decorators excluded). `source` is the text the node indexes.
 */
export function measureDefinition(node: SyntaxNode, source: string): DefinitionMetrics {
  let definition = node;
  if (node.type === 'decorated_definition') {
    definition = node.children.find((c) => c.field === 'definition') ?? node;
  }
  const all = new AllMetrics(source);
  traverse(definition, all, INERT);
  const cc = all.cyclomatic.result();
  const volume = all.halstead.result().volume;
  const raw = rawMetrics(source.slice(definition.start, definition.end));
  const mi = maintainabilityIndex(
    volume,
    cc.total,
    raw.lloc,
    commentPercent(raw.comments, raw.multi, raw.sloc),
  );
  return {
    cyclomatic: cc.complexity,
    cyclomaticRank: cyclomaticRank(cc.complexity),
    cognitive: all.cognitive.result(),
    maxNesting: all.nesting.result(),
    sloc: raw.sloc,
    lloc: raw.lloc,
    comments: raw.comments,
    multi: raw.multi,
    halsteadVolume: volume,
    maintainabilityIndex: mi,
    maintainabilityRank: maintainabilityRank(mi),
    lcom4: all.lcom4.result(),
  };
}
