/**
 * The plain syntax tree the core analyses. Syntax adapters (native or WASM tree-sitter) materialise
 * tree-sitter's tree into these objects once per file, so the core never touches a parser and works
 * on ordinary data. Offsets are UTF-16 code units into the source string; rows are 0-based.
 */

/** One node of a tree-sitter-python syntax tree, named or anonymous (operators and keywords). */
export interface SyntaxNode {
  /** tree-sitter node type, e.g. `function_definition`, `identifier`, `and`, `(`. */
  readonly type: string;
  /** Whether tree-sitter calls this a named node (anonymous nodes are tokens like `if`, `+`). */
  readonly named: boolean;
  /** The field name under which this node hangs in its parent (`name`, `body`, ...), or null. */
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly startRow: number;
  readonly endRow: number;
  readonly children: SyntaxNode[];
}

/** A parsed file: its root node, the source it indexes into and how many syntax errors tree-sitter recovered from. */
export interface SyntaxTree {
  readonly root: SyntaxNode;
  readonly source: string;
  /** Number of ERROR and MISSING nodes tree-sitter inserted while recovering. */
  readonly errorCount: number;
  /** 0-based rows of the first few errors, for messages. */
  readonly errorRows: number[];
}

/** The source text a node spans. */
export function textOf(node: SyntaxNode, source: string): string {
  return source.slice(node.start, node.end);
}

/** The first child hanging under `field`, or undefined. */
export function fieldChild(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const child of node.children) if (child.field === field) return child;
  return undefined;
}

/** Every child hanging under `field`. */
export function fieldChildren(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((child) => child.field === field);
}

/** Named children only (tokens dropped), in order. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.named);
}

/** Depth-first pre-order visit; return false from `visit` to skip a node's subtree. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode) => boolean | undefined): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (visit(current) === false) continue;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
}
