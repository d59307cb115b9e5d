/**
 * The clone benchmark's mutation program: makes Type-1, Type-2 and Type-3 copies of a Python function
 * by editing its source text at places its tree-sitter tree points to (re-parsing after each edit),
 * driven by a seeded random generator so a run is reproducible. Every copy must parse without errors.
 */
import { boundNames } from '../../server/src/core/similarity/locals';
import type { SyntaxNode, SyntaxTree } from '../../server/src/core/syntax-tree';
import { fieldChild, textOf, walk } from '../../server/src/core/syntax-tree';
import type { PythonParser } from '../../server/src/syntax/python-parser';

/** A seeded generator of floats in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const shuffle = <T>(r: Random, xs: T[]): T[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
};

/** The function being mutated: its text and parsed tree. */
interface Work {
  text: string;
  tree: SyntaxTree;
  def: SyntaxNode;
}

function load(parser: PythonParser, text: string): Work | null {
  const tree = parser.parse(text);
  const def = tree.root.children.find((c) => c.type === 'function_definition');
  return def && tree.errorCount === 0 ? { text, tree, def } : null;
}

const splice = (text: string, start: number, end: number, insert: string) =>
  text.slice(0, start) + insert + text.slice(end);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Whether a statement starts its line and nothing but a comment follows it on its last line. */
function wholeLines(text: string, node: SyntaxNode): boolean {
  const before = text.slice(lineStart(text, node.start), node.start);
  const lineEnd = text.indexOf('\n', node.end);
  const after = text.slice(node.end, lineEnd < 0 ? text.length : lineEnd);
  return before.trim() === '' && (after.trim() === '' || after.trim().startsWith('#'));
}

/** Statements of the body (nested ones included) with the block holding them. */
function statements(w: Work): { node: SyntaxNode; block: SyntaxNode }[] {
  const out: { node: SyntaxNode; block: SyntaxNode }[] = [];
  walk(w.def, (n) => {
    if (n.type === 'block')
      for (const c of n.children)
        if (c.type !== 'comment' && wholeLines(w.text, c)) out.push({ node: c, block: n });
    return n === w.def || !['function_definition', 'class_definition', 'lambda'].includes(n.type);
  });
  return out;
}

const SIMPLE = new Set([
  'expression_statement',
  'return_statement',
  'assert_statement',
  'delete_statement',
  'raise_statement',
  'pass_statement',
]);

function localNames(w: Work): string[] {
  const names = [...boundNames(w.def, w.text)].filter((n) => n !== 'self' && n !== 'cls');
  return names.length > 0 ? names : ['value'];
}

// --- statement edits (Type-3) ---

function insertStatement(w: Work, r: Random): string | null {
  const spots = statements(w);
  if (spots.length === 0) return null;
  const { node } = pick(r, spots);
  const name = pick(r, localNames(w));
  const ind = indentAt(w.text, node.start);
  const line = pick(r, [
    `_log.debug("%s", ${name})`,
    `assert ${name} is not None`,
    `${name} = _check(${name})`,
    `if ${name} is None:\n${ind}    raise ValueError("missing")`,
    `_stats["calls"] += 1`,
  ]);
  const at = lineStart(w.text, node.start);
  return splice(w.text, at, at, `${ind}${line}\n`);
}

function deleteStatement(w: Work, r: Random): string | null {
  const spots = statements(w).filter(
    (s) => SIMPLE.has(s.node.type) && s.block.children.filter((c) => c.type !== 'comment').length >= 2,
  );
  if (spots.length === 0) return null;
  const { node } = pick(r, spots);
  const start = lineStart(w.text, node.start);
  const end = w.text.indexOf('\n', node.end);
  return splice(w.text, start, end < 0 ? w.text.length : end + 1, '');
}

const OPERATORS: Record<string, string> = {
  '+': '-',
  '-': '+',
  '*': '+',
  '<': '<=',
  '>': '>=',
  '<=': '<',
  '>=': '>',
  '==': '!=',
  '!=': '==',
  and: 'or',
  or: 'and',
  '+=': '-=',
  '-=': '+=',
};

function modifyStatement(w: Work, r: Random): string | null {
  const ops: SyntaxNode[] = [];
  const calls: SyntaxNode[] = [];
  walk(w.def, (n) => {
    if (!n.named && OPERATORS[textOf(n, w.text)] !== undefined) ops.push(n);
    if (n.type === 'argument_list') calls.push(n);
    return true;
  });
  if (calls.length > 0 && (ops.length === 0 || r() < 0.5)) {
    const args = pick(r, calls);
    const inner = textOf(args, w.text).slice(1, -1).trim();
    const keyworded = args.children.some(
      (c) => c.type === 'keyword_argument' || c.type === 'dictionary_splat',
    );
    const extra = keyworded ? 'strict=None' : 'None';
    return splice(w.text, args.end - 1, args.end - 1, inner === '' ? extra : `, ${extra}`);
  }
  if (ops.length === 0) return null;
  const op = pick(r, ops);
  return splice(w.text, op.start, op.end, OPERATORS[textOf(op, w.text)]!);
}

function namesIn(node: SyntaxNode, text: string): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'identifier') out.add(textOf(n, text));
    return true;
  });
  return out;
}

function swapStatements(w: Work, r: Random): string | null {
  const pairs: [SyntaxNode, SyntaxNode][] = [];
  walk(w.def, (n) => {
    if (n.type !== 'block') return true;
    const kids = n.children.filter((c) => c.type !== 'comment');
    for (let i = 0; i + 1 < kids.length; i++) {
      const [a, b] = [kids[i]!, kids[i + 1]!];
      if (
        !SIMPLE.has(a.type) ||
        !SIMPLE.has(b.type) ||
        a.type === 'return_statement' ||
        b.type === 'return_statement'
      )
        continue;
      if (!wholeLines(w.text, a) || !wholeLines(w.text, b) || b.startRow !== a.endRow + 1) continue;
      const na = namesIn(a, w.text);
      if ([...namesIn(b, w.text)].some((x) => na.has(x))) continue;
      pairs.push([a, b]);
    }
    return true;
  });
  if (pairs.length === 0) return null;
  const [a, b] = pick(r, pairs);
  return splice(
    w.text,
    a.start,
    b.end,
    `${textOf(b, w.text)}\n${indentAt(w.text, a.start)}${textOf(a, w.text)}`,
  );
}

const EDITS = [insertStatement, deleteStatement, modifyStatement, swapStatements];

/** Apply `count` statement edits (each of a random kind that applies). */
export function statementEdits(parser: PythonParser, text: string, count: number, r: Random): string | null {
  let current = text;
  for (let i = 0; i < count; i++) {
    const w = load(parser, current);
    if (!w) return null;
    let next: string | null = null;
    for (const edit of shuffle(r, [...EDITS])) {
      next = edit(w, r);
      if (next !== null && load(parser, next)) break;
      next = null;
    }
    if (next === null) return null;
    current = next;
  }
  return current;
}

export type { Work };
export { fieldChild, indentAt, lineStart, load, pick, shuffle, statements, wholeLines };
