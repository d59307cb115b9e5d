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

/** Collect reads and calls below `root` (root's own name excluded). Iterative: deep code is fine. */
export function collectNames(root: SyntaxNode, source: string): NameUse {
  const references = new Map<string, number>();
  const calls = new Map<string, number>();
  const stack: [SyntaxNode, SyntaxNode | null][] = [[root, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (SKIPPED_STATEMENTS.has(node.type) && node !== root) {
      // f-strings still read names inside their interpolations.
      if (node.type === 'string')
        for (const c of node.children) if (c.type === 'interpolation') stack.push([c, node]);
      continue;
    }
    if (parent && isBinding(parent, node)) continue;
    if (node.type === 'call') {
      const fn = fieldChild(node, 'function');
      const name = fn ? dottedName(fn, source) : null;
      if (name) bump(calls, name);
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const name = dottedName(node, source);
      if (name !== null) {
        bump(references, name);
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (child.named) stack.push([child, node]);
    }
  }
  return { references, calls };
}
