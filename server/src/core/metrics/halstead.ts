/**
 * Halstead counts and volume as radon 6.0.1's `HalsteadVisitor` computes them: only `BinOp`, `UnaryOp`,
 * `BoolOp`, `AugAssign` and `Compare` nodes count, operands are remembered per function context, and
 * volume is `N * log2(η)`. Tree-sitter's nodes are mapped back to those Python AST nodes here.
 */
import { fieldChild, type SyntaxNode } from '../syntax-tree';
import { numberKey, operandKey } from './operands';
import { isExtra, isSyntax, type TreeVisitor, traverse } from './traverse';

/** Halstead's base counts and the volume derived from them. */
export interface HalsteadResult {
  /** N1: total operators. */
  operators: number;
  /** N2: total operands. */
  operands: number;
  /** η1: distinct operators. */
  distinctOperators: number;
  /** η2: distinct (context, operand) pairs. */
  distinctOperands: number;
  /** V = N × log2(η), 0 when η = 0. */
  volume: number;
}

const BINARY: Record<string, string> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mult',
  '@': 'MatMult',
  '/': 'Div',
  '%': 'Mod',
  '**': 'Pow',
  '<<': 'LShift',
  '>>': 'RShift',
  '|': 'BitOr',
  '^': 'BitXor',
  '&': 'BitAnd',
  '//': 'FloorDiv',
};
const AUGMENTED: Record<string, string> = {};
for (const [op, name] of Object.entries(BINARY)) AUGMENTED[`${op}=`] = name;
const UNARY: Record<string, string> = { '+': 'UAdd', '-': 'USub', '~': 'Invert' };
const COMPARE: Record<string, string> = {
  '<': 'Lt',
  '<=': 'LtE',
  '==': 'Eq',
  '!=': 'NotEq',
  '<>': 'NotEq',
  '>': 'Gt',
  '>=': 'GtE',
  in: 'In',
  'not in': 'NotIn',
  is: 'Is',
  'is not': 'IsNot',
};
const BOOLEAN: Record<string, string> = { and: 'And', or: 'Or' };

/** Context key for code outside any function (radon's `context=None`); no function is named ''. */
const MODULE_CONTEXT = '';

interface Frame {
  node: SyntaxNode;
  context: string;
}

/** Counts radon's operators and operands over one definition. */
export class HalsteadVisitor implements TreeVisitor {
  private operators = 0;
  private operands = 0;
  private readonly operatorsSeen = new Set<string>();
  private readonly operandsSeen = new Map<string, Set<string>>();
  private readonly frames: Frame[] = [];
  private suppressed: SyntaxNode | null = null;
  private context = MODULE_CONTEXT;

  constructor(private readonly source: string) {}

  enter(node: SyntaxNode, parent: SyntaxNode | null): void {
    if (this.suppressed !== null) return;
    const frame = this.frames[this.frames.length - 1];
    // radon's visit_FunctionDef visits only the body: not decorators, parameters or annotations.
    if (frame !== undefined && parent === frame.node && node.field !== 'body') {
      this.suppressed = node;
      return;
    }
    switch (node.type) {
      case 'function_definition':
        this.pushFunction(node);
        return;
      case 'decorator':
        if (parent !== null && fieldChild(parent, 'definition')?.type === 'function_definition') {
          this.suppressed = node;
        }
        return;
      case 'binary_operator':
        this.binary(node, BINARY, 'left', 'right');
        return;
      case 'chevron': {
        // Python 3 reads `print >> f, x` as a tuple whose first item is `print >> f`.
        const target = node.children.find(isSyntax);
        if (target !== undefined) this.countKeys('RShift', ['sprint', operandKey(target, this.source)]);
        return;
      }
      case 'union_type': {
        // `dict[str, int] | None` in an annotation: tree-sitter's type grammar, Python's `BinOp(BitOr)`.
        const sides = node.children.filter(isSyntax);
        if (sides.length === 2) this.count('BitOr', sides);
        return;
      }
      case 'augmented_assignment':
        this.binary(node, AUGMENTED, 'left', 'right');
        return;
      case 'unary_operator': {
        const op = fieldChild(node, 'operator');
        const argument = fieldChild(node, 'argument');
        if (op !== undefined && argument !== undefined) this.count(UNARY[op.type] ?? op.type, [argument]);
        return;
      }
      case 'not_operator': {
        const argument = fieldChild(node, 'argument');
        if (argument !== undefined) this.count('Not', [argument]);
        return;
      }
      case 'boolean_operator':
        this.booleanOperator(node, parent);
        return;
      case 'comparison_operator':
        this.comparison(node);
        return;
      case 'complex_pattern':
        this.complexPattern(node);
        return;
      default:
        if (node.type.endsWith('_pattern')) this.negativePatternLiterals(node);
    }
  }

  leave(node: SyntaxNode): void {
    if (this.suppressed !== null) {
      if (node === this.suppressed) this.suppressed = null;
      return;
    }
    const frame = this.frames[this.frames.length - 1];
    if (frame !== undefined && frame.node === node) {
      this.frames.pop();
      this.context = this.frames[this.frames.length - 1]?.context ?? MODULE_CONTEXT;
    }
  }

  /** The counts and volume once the walk is over. */
  result(): HalsteadResult {
    let distinctOperands = 0;
    for (const set of this.operandsSeen.values()) distinctOperands += set.size;
    const distinctOperators = this.operatorsSeen.size;
    const vocabulary = distinctOperators + distinctOperands;
    const length = this.operators + this.operands;
    // CPython's math.log(h, 2) is log(h) / log(2).
    const volume = vocabulary === 0 ? 0 : length * (Math.log(vocabulary) / Math.log(2));
    return {
      operators: this.operators,
      operands: this.operands,
      distinctOperators,
      distinctOperands,
      volume,
    };
  }

  private pushFunction(node: SyntaxNode): void {
    const name = fieldChild(node, 'name');
    this.context = name === undefined ? '?' : this.source.slice(name.start, name.end);
    this.frames.push({ node, context: this.context });
  }

  private count(operator: string, operands: SyntaxNode[]): void {
    this.operators += 1;
    this.operatorsSeen.add(operator);
    this.operands += operands.length;
    for (const operand of operands) this.remember(operandKey(operand, this.source));
  }

  private remember(key: string): void {
    let set = this.operandsSeen.get(this.context);
    if (set === undefined) {
      set = new Set();
      this.operandsSeen.set(this.context, set);
    }
    set.add(key);
  }

  private binary(node: SyntaxNode, names: Record<string, string>, left: string, right: string): void {
    const op = fieldChild(node, 'operator');
    const a = fieldChild(node, left);
    const b = fieldChild(node, right);
    if (op !== undefined && a !== undefined && b !== undefined) this.count(names[op.type] ?? op.type, [a, b]);
  }

  /** One `BoolOp` per chain of the same operator without parentheses (tree-sitter nests them binarily). */
  private booleanOperator(node: SyntaxNode, parent: SyntaxNode | null): void {
    const op = operatorOf(node);
    if (parent !== null && parent.type === 'boolean_operator' && operatorOf(parent) === op) return;
    const values: SyntaxNode[] = [];
    const pending: SyntaxNode[] = [node];
    while (pending.length > 0) {
      const current = pending.pop()!;
      const sides = [fieldChild(current, 'right'), fieldChild(current, 'left')];
      for (const side of sides) {
        if (side === undefined) continue;
        if (side.type === 'boolean_operator' && operatorOf(side) === op) pending.push(side);
        else values.push(side);
      }
    }
    this.count(BOOLEAN[op] ?? op, values);
  }

  private comparison(node: SyntaxNode): void {
    const operands: SyntaxNode[] = [];
    let ops = 0;
    for (const child of node.children) {
      if (child.field === 'operators') {
        ops++;
        this.operatorsSeen.add(COMPARE[child.type] ?? child.type);
      } else if (isSyntax(child)) operands.push(child);
    }
    this.operators += ops;
    this.operands += operands.length;
    for (const operand of operands) this.remember(operandKey(operand, this.source));
  }

  /** `case -1:` is `MatchValue(UnaryOp(USub, 1))`; tree-sitter leaves the `-` as a loose token. */
  private negativePatternLiterals(node: SyntaxNode): void {
    const children = node.children;
    for (let i = 0; i + 1 < children.length; i++) {
      const next = children[i + 1]!;
      if (children[i]!.type === '-' && (next.type === 'integer' || next.type === 'float')) {
        this.countKeys('USub', [numberKey(this.source.slice(next.start, next.end))]);
      }
    }
  }

  /** `case 1+2j` / `case -1-2j`: a `BinOp` whose left side may be a `UnaryOp`. */
  private complexPattern(node: SyntaxNode): void {
    const parts = node.children.filter((c) => !isExtra(c));
    const negative = parts[0]?.type === '-';
    const [real, op, imaginary] = negative ? parts.slice(1) : parts;
    if (real === undefined || op === undefined || imaginary === undefined) return;
    const realKey = numberKey(this.source.slice(real.start, real.end));
    if (negative) this.countKeys('USub', [realKey]);
    const left = negative ? `u${node.start}:neg` : realKey;
    this.countKeys(BINARY[op.type] ?? op.type, [
      left,
      numberKey(this.source.slice(imaginary.start, imaginary.end)),
    ]);
  }

  private countKeys(operator: string, keys: string[]): void {
    this.operators += 1;
    this.operatorsSeen.add(operator);
    this.operands += keys.length;
    for (const key of keys) this.remember(key);
  }
}

/** Halstead counts of one `function_definition` (its body) or `class_definition` (all but its name). */
export function halstead(node: SyntaxNode, source: string): HalsteadResult {
  const visitor = new HalsteadVisitor(source);
  traverse(node, visitor);
  return visitor.result();
}

function operatorOf(node: SyntaxNode): string {
  return fieldChild(node, 'operator')?.type ?? '';
}
