/**
 * Cognitive complexity by SonarSource's rules (white paper, and the nesting model of SonarSource's Python
 * analyser): structural increments for branches and loops plus their nesting level, flat increments for
 * `elif`/`else` and for each run of like boolean operators. Nested functions count inside their parent.
 */
import { fieldChild, type SyntaxNode } from '../syntax-tree';
import { isSyntax, type TreeVisitor, traverse } from './traverse';

interface Frame {
  node: SyntaxNode;
  isFunction: boolean;
  level: number;
}

/** Statement blocks under these parents do not add a nesting level (Sonar's Python analyser). */
const FLAT_BLOCK_PARENTS = new Set([
  'function_definition',
  'class_definition',
  'with_statement',
  'try_statement',
  'finally_clause',
  'match_statement',
  'module',
]);

/** Accumulates cognitive complexity over one definition. */
export class CognitiveVisitor implements TreeVisitor {
  private total = 0;
  private readonly frames: Frame[] = [];

  enter(node: SyntaxNode, parent: SyntaxNode | null): void {
    const type = node.type;
    if (parent === null) {
      this.frames.push({ node, isFunction: type === 'function_definition', level: 0 });
      return;
    }
    const frame = this.frames[this.frames.length - 1]!;
    switch (type) {
      case 'block':
        if (!FLAT_BLOCK_PARENTS.has(parent.type)) frame.level++;
        return;
      case 'if_statement':
      case 'for_statement':
      case 'while_statement':
      case 'except_clause':
      case 'except_group_clause':
      case 'match_statement':
        this.total += 1 + frame.level;
        return;
      case 'elif_clause':
      case 'else_clause':
        this.total += 1;
        return;
      case 'conditional_expression':
        this.total += 1 + frame.level;
        frame.level++;
        return;
      case 'lambda':
        frame.level++;
        return;
      case 'boolean_operator':
        if (parent.type !== 'boolean_operator') this.total += operatorSequences(node);
        return;
      case 'function_definition':
        this.frames.push({ node, isFunction: true, level: nestedFunctionLevel(frame, node, parent) });
        return;
      case 'class_definition':
        this.frames.push({ node, isFunction: false, level: 0 });
        return;
    }
  }

  leave(node: SyntaxNode, parent: SyntaxNode | null): void {
    if (parent === null) return;
    const frame = this.frames[this.frames.length - 1]!;
    switch (node.type) {
      case 'block':
        if (!FLAT_BLOCK_PARENTS.has(parent.type)) frame.level--;
        return;
      case 'conditional_expression':
      case 'lambda':
        frame.level--;
        return;
      case 'function_definition':
      case 'class_definition':
        this.frames.pop();
        return;
    }
  }

  /** The complexity once the walk is over. */
  result(): number {
    return this.total;
  }
}

/** Cognitive complexity of one `function_definition` or `class_definition` node. */
export function cognitiveComplexity(node: SyntaxNode): number {
  const visitor = new CognitiveVisitor();
  traverse(node, visitor);
  return visitor.result();
}

/**
 * Sonar's `NestingLevel`: a function inside a function is one level deeper than where it is defined,
 * except in a wrapper (a parent whose other statements are all `return name`); inside a class it is 0.
 */
function nestedFunctionLevel(frame: Frame, node: SyntaxNode, parent: SyntaxNode): number {
  if (!frame.isFunction) return 0;
  const statement = parent.type === 'decorated_definition' ? parent : node;
  return isWrapper(frame.node, statement) ? frame.level : frame.level + 1;
}

function isWrapper(outer: SyntaxNode, child: SyntaxNode): boolean {
  const body = fieldChild(outer, 'body');
  if (body === undefined) return false;
  for (const statement of body.children) {
    if (statement === child || !isSyntax(statement)) continue;
    if (statement.type !== 'return_statement') return false;
    let values = 0;
    let name = false;
    for (const value of statement.children) {
      if (!isSyntax(value)) continue;
      values++;
      name = value.type === 'identifier';
    }
    if (values !== 1 || !name) return false;
  }
  return true;
}

/** +1 for each run of like operators in an `and`/`or` tree read left to right (parentheses break it). */
function operatorSequences(root: SyntaxNode): number {
  const stack: SyntaxNode[] = [];
  let current: SyntaxNode | undefined = root;
  let previous = '';
  let runs = 0;
  while (current !== undefined || stack.length > 0) {
    while (current !== undefined) {
      stack.push(current);
      const left = fieldChild(current, 'left');
      current = left?.type === 'boolean_operator' ? left : undefined;
    }
    const node = stack.pop()!;
    const op = fieldChild(node, 'operator')?.type ?? '';
    if (op !== previous) runs++;
    previous = op;
    const right = fieldChild(node, 'right');
    current = right?.type === 'boolean_operator' ? right : undefined;
  }
  return runs;
}
