/**
 * A definition as a stream of normalised tokens: layout, comments and docstrings dropped, bound names
 * (see `locals.ts`) replaced by `$v`, its own name by `$f`, literals by `$s`/`$n`; keywords,
 * operators, attribute names, keyword-argument names and free names kept. Each token also carries
 * the two syntax node types above it, which the similarity features read.
 */
import { fieldChild, type SyntaxNode, textOf } from '../syntax-tree';
import { boundNames } from './locals';

/** One token of a definition with where it sits in the tree. */
export interface NormalToken {
  /** Normalised text: `$v`, `$f`, `$s`, `$n`, a keyword or operator, or a kept name. */
  text: string;
  /** For bound names, the order of first appearance (1-based), so renamed copies hash alike; else 0. */
  local: number;
  /** Whether this is a kept name (free identifier, attribute or keyword name). */
  name: boolean;
  /** Type of the node holding the token, and of the one above it. */
  parent: string;
  grand: string;
}

const STRING_TYPES = new Set(['string', 'concatenated_string']);
const NUMBER_TYPES = new Set(['integer', 'float']);
const DEFINITIONS = new Set(['function_definition', 'class_definition']);

/** Whether a statement is a bare string (a docstring when first in a definition's body). */
export function isDocstring(statement: SyntaxNode): boolean {
  return (
    statement.type === 'expression_statement' &&
    statement.children.length === 1 &&
    STRING_TYPES.has(statement.children[0]!.type)
  );
}

/** The normalised tokens of a `function_definition` or `class_definition` node, decorators excluded. */
export function normalTokens(definition: SyntaxNode, source: string): NormalToken[] {
  const bound = boundNames(definition, source);
  const nameNode = fieldChild(definition, 'name');
  const ownName = nameNode ? textOf(nameNode, source) : '';
  const order = new Map<string, number>();
  const tokens: NormalToken[] = [];
  const push = (text: string, local: number, name: boolean, parent: SyntaxNode, grand: string) =>
    tokens.push({ text, local, name, parent: parent.type, grand });
  const visit = (node: SyntaxNode, parent: SyntaxNode, grand: string): void => {
    if (node.type === 'comment') return;
    if (STRING_TYPES.has(node.type)) return void push('$s', 0, false, parent, grand);
    if (NUMBER_TYPES.has(node.type)) return void push('$n', 0, false, parent, grand);
    if (node.type === 'identifier') {
      const text = textOf(node, source);
      if (parent.type === 'attribute' && node.field === 'attribute') push(`.${text}`, 0, true, parent, grand);
      else if (parent.type === 'keyword_argument' && node.field === 'name')
        push(`${text}=`, 0, true, parent, grand);
      else if (node === nameNode || (text === ownName && !bound.has(text)))
        push('$f', 0, false, parent, grand);
      else if (bound.has(text)) {
        let n = order.get(text);
        if (n === undefined) {
          n = order.size + 1;
          order.set(text, n);
        }
        push('$v', n, false, parent, grand);
      } else push(text, 0, true, parent, grand);
      return;
    }
    if (node.children.length === 0) {
      return void push(node.named ? node.type : textOf(node, source), 0, false, parent, grand);
    }
    const children = node.children;
    // A definition's docstring is prose, not structure.
    const skipFirst =
      node.type === 'block' &&
      DEFINITIONS.has(parent.type) &&
      children.length > 0 &&
      isDocstring(children[0]!);
    for (let i = skipFirst ? 1 : 0; i < children.length; i++) visit(children[i]!, node, parent.type);
  };
  for (const child of definition.children) visit(child, definition, '');
  return tokens;
}

/** Statements in a subtree (simple and compound, nested ones included), the node itself excluded. */
export function countStatements(node: SyntaxNode): number {
  let n = 0;
  const visit = (x: SyntaxNode): void => {
    if (x.type.endsWith('_statement') || DEFINITIONS.has(x.type)) n++;
    for (const c of x.children) visit(c);
  };
  for (const c of node.children) visit(c);
  return n;
}
