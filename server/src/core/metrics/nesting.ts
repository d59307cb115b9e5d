/**
 * Maximum nesting depth of compound statements (`if`, `for`, `while`, `try`, `with`, `match`) in a
 * definition: statements directly in the body are at depth 0, statements in a compound statement's blocks
 * one deeper. Clauses (`elif`, `else`, `except`, `finally`, `case`) belong to their statement; nested
 * definitions and lambdas add no level of their own.
 */
import type { SyntaxNode } from '../syntax-tree';
import { type TreeVisitor, traverse } from './traverse';

const COMPOUND = new Set([
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'with_statement',
  'match_statement',
]);

/** Tracks the current and deepest compound-statement depth. */
export class NestingVisitor implements TreeVisitor {
  private depth = 0;
  private deepest = 0;

  enter(node: SyntaxNode): void {
    if (!COMPOUND.has(node.type)) return;
    this.depth++;
    if (this.depth > this.deepest) this.deepest = this.depth;
  }

  leave(node: SyntaxNode): void {
    if (COMPOUND.has(node.type)) this.depth--;
  }

  /** The deepest nesting once the walk is over. */
  result(): number {
    return this.deepest;
  }
}

/** Maximum nesting depth of one `function_definition` or `class_definition` node. */
export function maxNesting(node: SyntaxNode): number {
  const visitor = new NestingVisitor();
  traverse(node, visitor);
  return visitor.result();
}
