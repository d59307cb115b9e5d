/**
 * Finds every function, method, nested function and class in a file and reads what its syntax says:
 * qualified name, signature, parameters, decorators, docstring, bases, names used, imports used.
 * Works on recovered trees: a definition inside an ERROR region is still read if it is well formed.
 */
import type { Definition, ImportBinding, PatternKind } from '../model';
import { fieldChild, type SyntaxNode, type SyntaxTree, textOf } from '../syntax-tree';
import { addInto, collectNamesByOwner, headOf } from './names';
import { readParameters } from './parameters';
import { docstringOf } from './python-strings';

/** A definition with the syntax nodes it came from, for metrics and classification. */
export interface FoundDefinition {
  definition: Definition;
  /** The `function_definition` or `class_definition` node. */
  node: SyntaxNode;
  /** The node including decorators (`decorated_definition`), or `node` itself. */
  outer: SyntaxNode;
  /** Found definitions directly inside this one (methods of a class, inner functions). */
  children: FoundDefinition[];
  /** How often each name in `definition.references` is read. */
  referenceCounts: Map<string, number>;
  /** Names read by this definition's own code, nested definitions left out (the graph's USES sources). */
  ownReferenceCounts: Map<string, number>;
  /** Names called by this definition's own code, nested definitions left out. */
  ownCalls: Map<string, number>;
}

interface Scope {
  prefix: string;
  kind: 'module' | 'class' | 'function';
}

const DEFINITION_TYPES = new Set(['function_definition', 'class_definition']);
// Expressions cannot contain statements, so the walk stops at them (lambdas are not definitions).
const STATEMENT_CONTAINERS = new Set([
  'module',
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
  'decorated_definition',
  'ERROR',
]);

/** Read every definition of the file, outermost first, each followed by what it contains. */
export function findDefinitions(tree: SyntaxTree, imports: ImportBinding[]): FoundDefinition[] {
  return extractDefinitions(tree, imports).definitions;
}

/** The definitions and the names the whole file reads (for resolving its references), in one pass. */
export function extractDefinitions(
  tree: SyntaxTree,
  imports: ImportBinding[],
): { definitions: FoundDefinition[]; fileReferences: Map<string, number> } {
  const found: FoundDefinition[] = [];
  const seen = new Map<string, number>();
  const visit = (node: SyntaxNode, scope: Scope, sink: FoundDefinition[]): void => {
    for (const child of node.children) {
      const target = child.type === 'decorated_definition' ? fieldChild(child, 'definition') : child;
      if (target && DEFINITION_TYPES.has(target.type)) {
        const def = readDefinition(target, child, scope, tree.source, seen);
        sink.push(def);
        found.push(def);
        const body = fieldChild(target, 'body');
        const inner: Scope = {
          prefix: def.definition.qualifiedName,
          kind: target.type === 'class_definition' ? 'class' : 'function',
        };
        if (body) visit(body, inner, def.children);
      } else if (STATEMENT_CONTAINERS.has(child.type)) {
        visit(child, scope, sink);
      }
    }
  };
  visit(tree.root, { prefix: '', kind: 'module' }, []);
  const owners = new Map(found.map((f, i) => [f.outer, i]));
  const names = collectNamesByOwner(tree.root, tree.source, owners);
  // Children follow their parent in `found`: going backwards, a definition's children are complete.
  const index = new Map(found.map((f, i) => [f, i]));
  for (let i = found.length - 1; i >= 0; i--) {
    const own = names.own[i]!;
    const children = found[i]!.children;
    // Nested definitions are merged in below: keep what this definition's own code reads first.
    found[i]!.ownReferenceCounts = children.length === 0 ? own.references : new Map(own.references);
    found[i]!.ownCalls = children.length === 0 ? own.calls : new Map(own.calls);
    for (const child of children) addInto(own, names.own[index.get(child)!]!);
    fillNames(found[i]!, own.references, own.calls, imports);
  }
  return { definitions: found, fileReferences: names.file.references };
}

function fillNames(
  found: FoundDefinition,
  counts: Map<string, number>,
  calls: Map<string, number>,
  fileImports: ImportBinding[],
): void {
  const references = [...counts.keys()].sort();
  const used = new Set(references.map(headOf));
  found.referenceCounts = counts;
  found.definition.references = references;
  found.definition.calls = [...calls.keys()].sort();
  found.definition.imports = fileImports.filter((b) => used.has(b.local));
}

function uniqueName(base: string, seen: Map<string, number>): string {
  const count = (seen.get(base) ?? 0) + 1;
  seen.set(base, count);
  // A redefinition (property setter, `if PY3: def f` / `else: def f`) gets an ordinal suffix.
  return count === 1 ? base : `${base}~${count}`;
}

function readDefinition(
  node: SyntaxNode,
  outer: SyntaxNode,
  scope: Scope,
  source: string,
  seen: Map<string, number>,
): FoundDefinition {
  const nameNode = fieldChild(node, 'name');
  const name = nameNode ? textOf(nameNode, source) : '<anonymous>';
  const isClass = node.type === 'class_definition';
  const kind: PatternKind = isClass ? 'class' : scope.kind === 'class' ? 'method' : 'function';
  const qualifiedName = uniqueName(scope.prefix ? `${scope.prefix}.${name}` : name, seen);
  const body = fieldChild(node, 'body');
  const decorators = outer.children
    .filter((c) => c.type === 'decorator')
    .map((c) => textOf(c, source).replace(/^@\s*/, '').trim());
  const returnType = fieldChild(node, 'return_type');
  return {
    node,
    outer,
    children: [],
    // Names are filled in by one walk over the whole file once every definition is known.
    referenceCounts: new Map(),
    ownReferenceCounts: new Map(),
    ownCalls: new Map(),
    definition: {
      qualifiedName,
      name,
      kind,
      parent: scope.prefix || null,
      lineRange: [outer.startRow + 1, node.endRow + 1],
      span: [outer.start, node.end],
      signature: signatureOf(node, body, source),
      parameters: isClass ? [] : readParameters(fieldChild(node, 'parameters'), source),
      returnAnnotation: returnType ? textOf(returnType, source) : null,
      decorators,
      isAsync: !isClass && node.children.some((c) => c.type === 'async'),
      docstring: docstringOf(body, source),
      bases: isClass ? basesOf(node, source) : [],
      implementation: textOf(outer, source),
      calls: [],
      references: [],
      imports: [],
      methods: isClass && body ? methodNames(body, source) : [],
    },
  };
}

function signatureOf(node: SyntaxNode, body: SyntaxNode | undefined, source: string): string {
  const end = body ? body.start : node.end;
  return source
    .slice(node.start, end)
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*:\s*$/, '')
    .replace(/\(\s+/g, '(')
    .replace(/,?\s+\)/g, ')')
    .trim();
}

function basesOf(node: SyntaxNode, source: string): string[] {
  const list = fieldChild(node, 'superclasses');
  if (!list) return [];
  return list.children
    .filter((c) => c.named && c.type !== 'keyword_argument' && c.type !== 'comment')
    .map((c) => textOf(c, source));
}

function methodNames(body: SyntaxNode, source: string): string[] {
  const names: string[] = [];
  for (const child of body.children) {
    const target = child.type === 'decorated_definition' ? fieldChild(child, 'definition') : child;
    if (target?.type === 'function_definition') {
      const n = fieldChild(target, 'name');
      if (n) names.push(textOf(n, source));
    }
  }
  return names;
}
