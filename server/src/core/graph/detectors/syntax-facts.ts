/**
 * Small questions detectors ask of syntax nodes: nodes of a type (without entering nested
 * definitions), calls and their dotted names, evidence lines, methods of a class, decorators,
 * abstract methods, returned expressions.
 */
import type { FoundDefinition } from '../../extract/definitions';
import { dottedName } from '../../extract/names';
import { fieldChild, type SyntaxNode, textOf } from '../../syntax-tree';
import type { EvidenceLine } from './detector';
import { descendants, memoised, ofType, subtreeOf } from './subtree-memo';

/**
 * Nodes of the given types under `node`, not entering nested definitions unless `nested`. Read-only:
 * inside a detection run the answer may be the per-file memo's own list.
 */
export function nodesOf(
  node: SyntaxNode,
  types: string | string[] | Set<string>,
  nested = false,
): readonly SyntaxNode[] {
  const subtree = subtreeOf(node, nested);
  if (typeof types === 'string') {
    if (subtree) return ofType(subtree, types);
    return descendants(node, nested).filter((n) => n.type === types);
  }
  const wanted = Array.isArray(types) ? new Set(types) : types;
  return (subtree?.all ?? descendants(node, nested)).filter((n) => wanted.has(n.type));
}

/** The body block of a definition. */
export function bodyOf(found: FoundDefinition): SyntaxNode | undefined {
  return fieldChild(found.node, 'body');
}

/** Calls in a definition's own body, with their dotted callee names (null when not a plain chain). */
export function callsOf(
  node: SyntaxNode | undefined,
  source: string,
  nested = false,
): readonly { readonly name: string | null; readonly node: SyntaxNode }[] {
  if (!node) return [];
  const calls = memoised(nested ? 'calls+nested' : 'calls', node, (n) =>
    nodesOf(n, 'call', nested).map((c) => {
      const fn = fieldChild(c, 'function');
      return { name: fn ? dottedName(fn, source) : null, node: c };
    }),
  );
  return calls;
}

/** The evidence line of a node: its first line's number and text. */
export function lineOf(node: SyntaxNode, source: string): EvidenceLine {
  const start = source.lastIndexOf('\n', node.start - 1) + 1;
  const end = source.indexOf('\n', node.start);
  return { line: node.startRow + 1, text: source.slice(start, end < 0 ? undefined : end).trim() };
}

/** The `def`/`class` line of a definition (decorators skipped). */
export function defLine(found: FoundDefinition, source: string): EvidenceLine {
  return lineOf(found.node, source);
}

/** Methods of a class by name (first definition of a name wins). */
export function methodsOf(cls: FoundDefinition): Map<string, FoundDefinition> {
  const out = new Map<string, FoundDefinition>();
  for (const c of cls.children)
    if (c.definition.kind === 'method' && !out.has(c.definition.name)) out.set(c.definition.name, c);
  return out;
}

/** Whether a decorator list holds one of `names` (matched on the last dotted part, call arguments ignored). */
export function hasDecorator(found: FoundDefinition, names: string[]): boolean {
  return found.definition.decorators.some((d) => names.includes(d.replace(/\(.*$/s, '').split('.').pop()!));
}

/** The decorator node matching one of `names`, for evidence. */
export function decoratorNode(
  found: FoundDefinition,
  names: string[],
  source: string,
): SyntaxNode | undefined {
  return found.outer.children.find(
    (c) =>
      c.type === 'decorator' &&
      names.includes(textOf(c, source).replace(/^@\s*/, '').replace(/\(.*$/s, '').split('.').pop()!.trim()),
  );
}

/** `@abstractmethod`, or a body that only raises NotImplementedError. */
export function isAbstract(method: FoundDefinition, source: string): boolean {
  if (hasDecorator(method, ['abstractmethod'])) return true;
  const statements = (bodyOf(method)?.children ?? []).filter((c) => c.named && c.type !== 'comment');
  const last = statements[statements.length - 1];
  return (
    statements.length <= 2 &&
    last?.type === 'raise_statement' &&
    /NotImplementedError/.test(textOf(last, source)) &&
    (statements.length === 1 || statements[0]!.type === 'expression_statement')
  );
}

/** The expressions a function returns (own body only). */
export function returnsOf(found: FoundDefinition): readonly SyntaxNode[] {
  const body = bodyOf(found);
  if (!body) return [];
  const returned = memoised('returns', body, (b) => {
    const out: SyntaxNode[] = [];
    for (const r of nodesOf(b, 'return_statement')) for (const c of r.children) if (c.named) out.push(c);
    return out;
  });
  return returned;
}

/** Dotted names of the classes a class derives from, generics stripped (`Generic[T]` → `Generic`). */
export function baseNames(cls: FoundDefinition): string[] {
  return cls.definition.bases.map((b) => b.replace(/\[.*$/s, '').trim());
}

/** The last part of a dotted name. */
export function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Parameters of a function other than self/cls. */
export function ownParameters(found: FoundDefinition): string[] {
  const params = found.definition.parameters.map((p) => p.name);
  return found.definition.kind === 'method' && (params[0] === 'self' || params[0] === 'cls')
    ? params.slice(1)
    : params;
}

/** Nested functions directly inside a function, and whether each is returned by name. */
export function returnedInnerFunctions(found: FoundDefinition, source: string): FoundDefinition[] {
  const returned = new Set(returnsOf(found).map((r) => textOf(r, source)));
  return found.children.filter((c) => c.definition.kind === 'function' && returned.has(c.definition.name));
}

/** The argument texts of a call, in order (a keyword argument by its value). */
export function argumentsOf(call: SyntaxNode, source: string): string[] {
  const args = fieldChild(call, 'arguments');
  if (!args) return [];
  return args.children
    .filter((c) => c.named && c.type !== 'comment')
    .map((c) => {
      const value = c.type === 'keyword_argument' ? fieldChild(c, 'value') : c;
      return value ? textOf(value, source) : '';
    });
}
