/**
 * The one tree walk the metrics share: an iterative depth-first visit of a definition's named nodes with
 * enter/leave events, so every tree-based metric is computed in a single pass without recursion.
 */
import type { SyntaxNode } from '../syntax-tree';

/** Comments and backslash continuations: tree-sitter's extras, which Python's AST does not have. */
export function isExtra(node: SyntaxNode): boolean {
  return node.type === 'comment' || node.type === 'line_continuation';
}

/** A named node that stands for syntax (not a token and not an extra). */
export function isSyntax(node: SyntaxNode): boolean {
  return node.named && node.type !== 'comment' && node.type !== 'line_continuation';
}

/** A metric that listens to the walk; it sees named nodes only (tokens and extras are skipped). */
export interface TreeVisitor {
  /** Called before a node's children are visited; `parent` is null for the walk's root. */
  enter(node: SyntaxNode, parent: SyntaxNode | null): void;
  /** Called after a node's children were visited. */
  leave(node: SyntaxNode, parent: SyntaxNode | null): void;
}

/**
 * Walk `root` and its named descendants (extras excluded) in document order, iteratively. Nodes whose
 * type is in `inert` are skipped with their subtrees (for leaf types no visitor reacts to).
 */
export function traverse(root: SyntaxNode, visitor: TreeVisitor, inert?: ReadonlySet<string>): void {
  const nodes: SyntaxNode[] = [root];
  const next: number[] = [0];
  visitor.enter(root, null);
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    const index = next[top]!;
    const children = node.children;
    if (index < children.length) {
      next[top] = index + 1;
      const child = children[index]!;
      if (!isSyntax(child) || inert?.has(child.type)) continue;
      visitor.enter(child, node);
      if (child.children.length === 0) visitor.leave(child, node);
      else {
        nodes.push(child);
        next.push(0);
      }
    } else {
      nodes.pop();
      next.pop();
      visitor.leave(node, top > 0 ? nodes[top - 1]! : null);
    }
  }
}
