/**
 * Which names a definition binds itself (parameters, assignment and loop targets, `as` aliases,
 * local imports and nested definitions): the names a consistent renaming may change. Everything else
 * it reads (globals, builtins, attributes, keyword names) is kept as written by the similarity model.
 */
import { fieldChild, type SyntaxNode, textOf, walk } from '../syntax-tree';

// Targets whose identifiers are bound (not `self.x` or `a[i]`: those bind nothing new).
const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'dictionary_splat_pattern',
]);

const PARAMETER_TYPES = new Set([
  'identifier',
  'typed_parameter',
  'default_parameter',
  'typed_default_parameter',
  'list_splat_pattern',
  'dictionary_splat_pattern',
]);

function addTargets(node: SyntaxNode | undefined, source: string, into: Set<string>): void {
  if (!node) return;
  if (node.type === 'identifier') into.add(textOf(node, source));
  else if (TARGET_CONTAINERS.has(node.type)) for (const c of node.children) addTargets(c, source, into);
}

function addParameter(node: SyntaxNode, source: string, into: Set<string>): void {
  if (node.type === 'identifier') into.add(textOf(node, source));
  else if (node.type === 'default_parameter' || node.type === 'typed_default_parameter')
    addTargets(fieldChild(node, 'name'), source, into);
  else for (const c of node.children) if (c.type === 'identifier') into.add(textOf(c, source));
}

/** Names bound inside `definition` (a `function_definition` or `class_definition`), its own name excluded. */
export function boundNames(definition: SyntaxNode, source: string): Set<string> {
  const bound = new Set<string>();
  const declared = new Set<string>();
  walk(definition, (node) => {
    switch (node.type) {
      case 'parameters':
      case 'lambda_parameters':
        for (const p of node.children) if (PARAMETER_TYPES.has(p.type)) addParameter(p, source, bound);
        return false;
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
      case 'for_in_clause':
        addTargets(fieldChild(node, 'left'), source, bound);
        return true;
      case 'named_expression':
        addTargets(fieldChild(node, 'name'), source, bound);
        return true;
      case 'as_pattern':
        addTargets(fieldChild(node, 'alias'), source, bound);
        for (const c of node.children)
          if (c.type === 'as_pattern_target') addTargets(c.children[0], source, bound);
        return true;
      case 'aliased_import':
        addTargets(fieldChild(node, 'alias'), source, bound);
        return false;
      case 'function_definition':
      case 'class_definition':
        if (node === definition) return true;
        addTargets(fieldChild(node, 'name'), source, bound);
        // A class's fingerprint reads its methods' headers only: their bodies bind nothing it sees.
        if (definition.type === 'class_definition' && node.type === 'function_definition') {
          const params = fieldChild(node, 'parameters');
          if (params)
            for (const p of params.children) if (PARAMETER_TYPES.has(p.type)) addParameter(p, source, bound);
          return false;
        }
        return true;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.children) if (c.type === 'identifier') declared.add(textOf(c, source));
        return false;
      default:
        return true;
    }
  });
  for (const name of declared) bound.delete(name);
  return bound;
}
