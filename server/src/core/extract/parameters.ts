/** Reads a `parameters` node into `Parameter` records with annotations, defaults and kinds. */
import type { Parameter } from '../model';
import { fieldChild, type SyntaxNode, textOf } from '../syntax-tree';

/** Every parameter of a function, in order, with its kind relative to `/`, `*` and `**`. */
export function readParameters(params: SyntaxNode | undefined, source: string): Parameter[] {
  if (!params) return [];
  const out: Parameter[] = [];
  let afterStar = false;
  for (const node of params.children) {
    if (!node.named) continue;
    if (node.type === 'positional_separator') {
      for (const p of out) if (p.kind === 'normal') p.kind = 'positional_only';
      continue;
    }
    if (node.type === 'keyword_separator') {
      afterStar = true;
      continue;
    }
    const param = readOne(node, source, afterStar);
    if (!param) continue;
    if (param.kind === 'var_positional') afterStar = true;
    out.push(param);
  }
  return out;
}

function readOne(node: SyntaxNode, source: string, afterStar: boolean): Parameter | null {
  const normal = afterStar ? 'keyword_only' : 'normal';
  const text = (n: SyntaxNode | undefined) => (n ? textOf(n, source) : null);
  switch (node.type) {
    case 'identifier':
      return { name: textOf(node, source), annotation: null, default: null, kind: normal };
    case 'default_parameter':
      return {
        name: text(fieldChild(node, 'name')) ?? '',
        annotation: null,
        default: text(fieldChild(node, 'value')),
        kind: normal,
      };
    case 'typed_default_parameter':
      return {
        name: text(fieldChild(node, 'name')) ?? '',
        annotation: text(fieldChild(node, 'type')),
        default: text(fieldChild(node, 'value')),
        kind: normal,
      };
    case 'typed_parameter': {
      const inner = node.children.find((c) => c.named && c.field !== 'type');
      const base = inner ? readOne(inner, source, afterStar) : null;
      if (!base) return null;
      return { ...base, annotation: text(fieldChild(node, 'type')) };
    }
    case 'list_splat_pattern':
      return { name: splatName(node, source), annotation: null, default: null, kind: 'var_positional' };
    case 'dictionary_splat_pattern':
      return { name: splatName(node, source), annotation: null, default: null, kind: 'var_keyword' };
    default:
      return null;
  }
}

function splatName(node: SyntaxNode, source: string): string {
  const id = node.children.find((c) => c.type === 'identifier');
  return id ? textOf(id, source) : '';
}

/** Parameters that need an annotation: all but a method's leading self/cls. */
export function annotatableParameters(
  params: Parameter[],
  isMethod: boolean,
  isStatic: boolean,
): Parameter[] {
  if (isMethod && !isStatic && params.length > 0 && params[0]!.kind !== 'var_positional')
    return params.slice(1);
  return params;
}
