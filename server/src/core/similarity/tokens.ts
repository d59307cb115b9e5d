/**
 * A definition as a stream of normalised tokens: layout, comments and docstrings dropped, bound names
 * (see `locals.ts`) replaced by `$v`, its own name by `$f`, literals by `$s`/`$n`; keywords,
 * operators, attribute names, keyword-argument names and free names kept. Each token also carries
 * the two syntax node types above it, which the similarity features read. A class's methods
 * contribute their headers only.
 */
import { fieldChild, type SyntaxNode, textOf } from '../syntax-tree';
import { mix, textHash } from './hashing';
import { boundNames } from './locals';

/**
 * A definition's tokens, one index per token across parallel arrays (no object per token: a file has
 * tens of thousands of them), each with where it sits in the tree.
 */
export interface NormalTokens {
  length: number;
  /** Normalised text: `$v`, `$f`, `$s`, `$n`, a keyword or operator, or a kept name. */
  text: string[];
  /** `textHash(text)`, computed once for the fingerprint and the feature bags. */
  hash: number[];
  /** For bound names, the order of first appearance (1-based), so renamed copies hash alike; else 0. */
  local: number[];
  /** Whether this is a kept name (free identifier, attribute or keyword name). */
  name: boolean[];
  /** Type of the node holding the token (for the normalised-AST hash). */
  parent: string[];
  /** Hash of the types of the node holding the token and the one above it. */
  context: number[];
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
export function normalTokens(definition: SyntaxNode, source: string): NormalTokens {
  const isClass = definition.type === 'class_definition';
  const bound = boundNames(definition, source);
  const nameNode = fieldChild(definition, 'name');
  const ownName = nameNode ? textOf(nameNode, source) : '';
  const order = new Map<string, number>();
  const tokens: NormalTokens = {
    length: 0,
    text: [],
    hash: [],
    local: [],
    name: [],
    parent: [],
    context: [],
  };
  // `context` is the hash of (grand type, parent type), computed once per parent, not per token.
  let context = 0;
  const push = (text: string, local: number, name: boolean, parent: SyntaxNode, _grand: string) => {
    tokens.text.push(text);
    tokens.hash.push(textHash(text));
    tokens.local.push(local);
    tokens.name.push(name);
    tokens.parent.push(parent.type);
    tokens.context.push(context);
    tokens.length++;
  };
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
    const outer = context;
    context = mix(textHash(parent.type), textHash(node.type));
    // A class is compared by its members: its methods' headers count, their bodies do not (each
    // method has a fingerprint of its own).
    if (isClass && node.type === 'function_definition') {
      for (const child of children) if (child.field !== 'body') visit(child, node, parent.type);
      context = outer;
      return;
    }
    // A definition's docstring is prose, not structure.
    const skipFirst =
      node.type === 'block' &&
      DEFINITIONS.has(parent.type) &&
      children.length > 0 &&
      isDocstring(children[0]!);
    for (let i = skipFirst ? 1 : 0; i < children.length; i++) visit(children[i]!, node, parent.type);
    context = outer;
  };
  context = mix(textHash(''), textHash(definition.type));
  for (const child of definition.children) visit(child, definition, '');
  return tokens;
}

/** Whether a node counts as a statement (simple or compound, or a definition). */
export function isStatement(node: SyntaxNode): boolean {
  return node.type.endsWith('_statement') || DEFINITIONS.has(node.type);
}

/** Statements in a subtree (simple and compound, nested ones included), the node itself excluded. */
export function countStatements(node: SyntaxNode): number {
  let n = 0;
  const visit = (x: SyntaxNode): void => {
    if (isStatement(x)) n++;
    for (const c of x.children) visit(c);
  };
  for (const c of node.children) visit(c);
  return n;
}
