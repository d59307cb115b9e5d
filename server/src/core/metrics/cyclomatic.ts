/**
 * Cyclomatic complexity exactly as radon 6.0.1's `ComplexityVisitor` computes it, on tree-sitter's tree:
 * a function's own decisions (closures and nested classes excluded), and for a class radon's averaged
 * `Class.complexity` over the real complexity (class-body decisions plus every method's complexity).
 */
import { fieldChild, type SyntaxNode } from '../syntax-tree';
import { isExtra, type TreeVisitor, traverse } from './traverse';

/** What the visitor found: the reported complexity and radon's `real_complexity` (used by the MI). */
export interface CyclomaticResult {
  /** radon's `Function.complexity`, or `Class.complexity` for a class. */
  complexity: number;
  /** The complexity radon's maintainability index uses: the function's, or the class's real complexity. */
  total: number;
  /** Number of methods radon found in a class (0 for functions). */
  methods: number;
}

const COMPREHENSIONS = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

interface Frame {
  node: SyntaxNode;
  isClass: boolean;
  count: number;
}

/** Streams radon's complexity rules over one definition; see docs/METRICS.md for every rule. */
export class CyclomaticVisitor implements TreeVisitor {
  private readonly frames: Frame[] = [];
  private suppressed: SyntaxNode | null = null;
  private readonly methodScores: number[] = [];
  private rootFrame: Frame | null = null;

  enter(node: SyntaxNode, parent: SyntaxNode | null): void {
    if (this.suppressed !== null) return;
    const type = node.type;
    if (parent === null) {
      this.rootFrame = { node, isClass: type === 'class_definition', count: 1 };
      this.frames.push(this.rootFrame);
      return;
    }
    const frame = this.frames[this.frames.length - 1]!;
    // radon visits only the body of a definition: not its decorators, parameters, defaults,
    // annotations or bases.
    if (parent === frame.node && node.field !== 'body') {
      this.suppressed = node;
      return;
    }
    switch (type) {
      case 'decorator':
      case 'class_definition':
        this.suppressed = node;
        return;
      case 'function_definition':
        if (frame.isClass) this.frames.push({ node, isClass: false, count: 1 });
        else this.suppressed = node;
        return;
      case 'if_statement':
      case 'elif_clause':
      case 'conditional_expression':
      case 'for_in_clause':
      case 'boolean_operator':
        frame.count += 1;
        return;
      case 'for_statement':
      case 'while_statement':
        frame.count += 1 + (hasChild(node, 'else_clause') ? 1 : 0);
        return;
      case 'try_statement':
        frame.count += tryDecisions(node);
        return;
      case 'if_clause':
        if (COMPREHENSIONS.has(parent.type)) frame.count += 1;
        return;
      case 'assert_statement':
        frame.count += 1;
        this.suppressed = node;
        return;
      case 'match_statement':
        frame.count += matchDecisions(node);
        return;
    }
  }

  leave(node: SyntaxNode): void {
    if (this.suppressed !== null) {
      if (node === this.suppressed) this.suppressed = null;
      return;
    }
    const frame = this.frames[this.frames.length - 1];
    if (frame !== undefined && frame.node === node && frame !== this.rootFrame) {
      this.frames.pop();
      this.methodScores.push(frame.count);
    }
  }

  /** The result once the walk is over. */
  result(): CyclomaticResult {
    const root = this.rootFrame;
    if (root === null) return { complexity: 1, total: 1, methods: 0 };
    if (!root.isClass) return { complexity: root.count, total: root.count, methods: 0 };
    let real = root.count;
    for (const score of this.methodScores) real += score;
    const methods = this.methodScores.length;
    const complexity = methods === 0 ? real : Math.trunc(real / methods) + (methods > 1 ? 1 : 0);
    return { complexity, total: real, methods };
  }
}

/** Cyclomatic complexity of one `function_definition` or `class_definition` node. */
export function cyclomaticComplexity(node: SyntaxNode): CyclomaticResult {
  const visitor = new CyclomaticVisitor();
  traverse(node, visitor);
  return visitor.result();
}

function hasChild(node: SyntaxNode, type: string): boolean {
  for (const child of node.children) if (child.type === type) return true;
  return false;
}

/** radon counts `len(handlers) + bool(orelse)` for `Try`; `TryStar` (except*) is not counted at all. */
function tryDecisions(node: SyntaxNode): number {
  let handlers = 0;
  let orElse = 0;
  for (const child of node.children) {
    if (child.type === 'except_group_clause') return 0;
    if (child.type === 'except_clause') {
      for (const token of child.children) if (token.type === '*') return 0;
      handlers++;
    } else if (child.type === 'else_clause') orElse = 1;
  }
  return handlers + orElse;
}

/** radon: `max(0, len(cases) - any(case is a bare capture or `_`))`. */
function matchDecisions(node: SyntaxNode): number {
  const body = fieldChild(node, 'body');
  if (body === undefined) return 0;
  let cases = 0;
  let irrefutable = false;
  for (const child of body.children) {
    if (child.type !== 'case_clause') continue;
    cases++;
    if (!irrefutable && isCaptureCase(child)) irrefutable = true;
  }
  return Math.max(0, cases - (irrefutable ? 1 : 0));
}

/** A case whose pattern is `MatchAs` without a sub-pattern: `case _`, `case name`, or either in parentheses. */
function isCaptureCase(caseClause: SyntaxNode): boolean {
  let pattern: SyntaxNode | undefined;
  for (const child of caseClause.children) {
    if (child.type === 'case_pattern') {
      if (pattern !== undefined) return false;
      pattern = child;
    } else if (child.type === ',') return false;
  }
  while (pattern !== undefined) {
    const only = soleChild(pattern);
    if (only === undefined) return false;
    if (only.type === '_') return true;
    if (only.type === 'dotted_name') return soleChild(only)?.type === 'identifier';
    if (only.type !== 'tuple_pattern') return false;
    // `(p)` without a comma is a group, not a sequence.
    pattern = undefined;
    for (const child of only.children) {
      if (child.type === ',') return false;
      if (child.type === 'case_pattern') {
        if (pattern !== undefined) return false;
        pattern = child;
      }
    }
  }
  return false;
}

/** The single child (comments ignored), or undefined when there are none or several. */
function soleChild(node: SyntaxNode): SyntaxNode | undefined {
  let only: SyntaxNode | undefined;
  for (const child of node.children) {
    if (isExtra(child)) continue;
    if (only !== undefined) return undefined;
    only = child;
  }
  return only;
}
