/**
 * Names a piece of code reads and calls: plain identifiers and dotted chains (`os.path.join`),
 * skipping what it binds (parameters, assignment targets, imports, definition names, keywords).
 */
import { fieldChild, type SyntaxNode, textOf } from '../syntax-tree';

/** Names read and names called in a subtree, with occurrence counts. */
export interface NameUse {
  references: Map<string, number>;
  calls: Map<string, number>;
}

const SKIPPED_STATEMENTS = new Set([
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'global_statement',
  'nonlocal_statement',
  'comment',
  'string',
  'concatenated_string',
]);

/** The dotted text of `a.b.c` when the chain bottoms out in an identifier, else null. */
export function dottedName(node: SyntaxNode, source: string): string | null {
  if (node.type === 'identifier') return textOf(node, source);
  if (node.type !== 'attribute') return null;
  const object = fieldChild(node, 'object');
  const attribute = fieldChild(node, 'attribute');
  if (!object || !attribute) return null;
  const base = dottedName(object, source);
  return base === null ? null : `${base}.${textOf(attribute, source)}`;
}

/** The first part of a dotted name (`os` of `os.path.join`), without splitting the whole name. */
export function headOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Whether `child` is a name that `parent` binds (or otherwise does not read as a free name). */
function isBinding(parent: SyntaxNode, child: SyntaxNode): boolean {
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return child.field === 'name';
    case 'keyword_argument':
      return child.field === 'name';
    case 'parameters':
    case 'lambda_parameters':
      return child.type === 'identifier';
    case 'default_parameter':
    case 'typed_default_parameter':
      return child.field === 'name';
    case 'typed_parameter':
      return child.type === 'identifier' && child.field !== 'type';
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return child.type === 'identifier';
    case 'attribute':
      // `f().name`: the attribute is not a free name (full chains are handled before descending).
      return child.field === 'attribute';
    case 'assignment':
    case 'for_statement':
    case 'for_in_clause':
      return child.field === 'left' && child.type === 'identifier';
    case 'as_pattern':
      return child.field === 'alias';
    case 'named_expression':
      return child.field === 'name';
    default:
      return false;
  }
}

/**
 * One walk over a file: reads and calls attributed to the innermost owner (the outer node of a
 * definition, numbered by `owners`), and to the whole file. Each definition's totals are its own
 * plus its nested definitions' (see `addInto`), so nested code is walked once, not once per level.
 */
export function collectNamesByOwner(
  root: SyntaxNode,
  source: string,
  owners: Map<SyntaxNode, number>,
): { own: NameUse[]; file: NameUse } {
  const own: NameUse[] = Array.from({ length: owners.size }, () => ({
    references: new Map(),
    calls: new Map(),
  }));
  const file: NameUse = { references: new Map(), calls: new Map() };
  // Parallel stacks (node, parent, owner) rather than a triple per node: no allocation per node.
  const stack: SyntaxNode[] = [root];
  const parents: (SyntaxNode | null)[] = [null];
  const ownersOf: number[] = [-1];
  const push = (node: SyntaxNode, parent: SyntaxNode, owner: number) => {
    stack.push(node);
    parents.push(parent);
    ownersOf.push(owner);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const parent = parents.pop()!;
    const outerOwner = ownersOf.pop()!;
    const owner = owners.get(node) ?? outerOwner;
    if (SKIPPED_STATEMENTS.has(node.type) && node !== root) {
      if (node.type === 'string')
        for (const c of node.children) if (c.type === 'interpolation') push(c, node, owner);
      continue;
    }
    if (parent && isBinding(parent, node)) continue;
    if (node.type === 'call') {
      const fn = fieldChild(node, 'function');
      const name = fn ? dottedName(fn, source) : null;
      if (name) {
        bump(file.calls, name);
        if (owner >= 0) bump(own[owner]!.calls, name);
      }
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const name = dottedName(node, source);
      if (name !== null) {
        bump(file.references, name);
        if (owner >= 0) bump(own[owner]!.references, name);
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (child.named) push(child, node, owner);
    }
  }
  return { own, file };
}

/** Add `from`'s counts into `into`. */
export function addInto(into: NameUse, from: NameUse): void {
  for (const [k, v] of from.references) into.references.set(k, (into.references.get(k) ?? 0) + v);
  for (const [k, v] of from.calls) into.calls.set(k, (into.calls.get(k) ?? 0) + v);
}
