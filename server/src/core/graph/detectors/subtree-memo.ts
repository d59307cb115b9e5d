/**
 * A per-file memo of the subtree walks detectors repeat: every detector asks for the calls, returns,
 * assignments… of the same definition bodies, so each body is walked once per file and its nodes
 * grouped by type. Active only inside `withSubtreeMemo` (one file's detection run); outside it every
 * question walks afresh, so nothing outlives the file.
 */
import type { SyntaxNode } from '../../syntax-tree';

const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition', 'lambda']);

/** The nodes under one node in walk order, and the same grouped by type (built on first use). */
export interface Subtree {
  all: SyntaxNode[];
  byType: Map<string, SyntaxNode[]> | null;
}

interface Memo {
  plain: Map<SyntaxNode, Subtree>;
  nested: Map<SyntaxNode, Subtree>;
  /** Anything else a helper wants to keep per node for the file (e.g. calls with their names). */
  extra: Map<string, Map<SyntaxNode, unknown>>;
}

let active: Memo | null = null;

/** Run `work` with the memo on; it is dropped when `work` returns. */
export function withSubtreeMemo<T>(work: () => T): T {
  const outer = active;
  active = { plain: new Map(), nested: new Map(), extra: new Map() };
  try {
    return work();
  } finally {
    active = outer;
  }
}

/**
 * The nodes under `node` (itself excluded) in depth-first pre-order, not entering nested definitions
 * unless `nested` (a definition node itself is listed, its insides are not).
 */
export function descendants(node: SyntaxNode, nested: boolean): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    if (!nested && DEFINITIONS.has(n.type)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** The memoised subtree of `node`, or null when no memo is active. */
export function subtreeOf(node: SyntaxNode, nested: boolean): Subtree | null {
  if (!active) return null;
  const table = nested ? active.nested : active.plain;
  let subtree = table.get(node);
  if (!subtree) {
    subtree = { all: descendants(node, nested), byType: null };
    table.set(node, subtree);
  }
  return subtree;
}

/** The nodes of one type in a subtree, in walk order (the memo's own array: do not modify). */
export function ofType(subtree: Subtree, type: string): readonly SyntaxNode[] {
  if (!subtree.byType) {
    const byType = new Map<string, SyntaxNode[]>();
    for (const n of subtree.all) {
      const list = byType.get(n.type);
      if (list) list.push(n);
      else byType.set(n.type, [n]);
    }
    subtree.byType = byType;
  }
  return subtree.byType.get(type) ?? [];
}

/** `compute(node)` once per node and `key` while a memo is active; afresh otherwise. */
export function memoised<T>(key: string, node: SyntaxNode, compute: (node: SyntaxNode) => T): T {
  if (!active) return compute(node);
  let table = active.extra.get(key);
  if (!table) {
    table = new Map();
    active.extra.set(key, table);
  }
  if (table.has(node)) return table.get(node) as T;
  const value = compute(node);
  table.set(node, value);
  return value;
}
