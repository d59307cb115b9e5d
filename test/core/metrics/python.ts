/**
 * Test helpers for the metrics: a `py` template tag for dedented Python fixtures and a parser-backed
 * lookup of the definition a fixture is about.
 */
import type { SyntaxNode, SyntaxTree } from '../../../server/src/core/syntax-tree';
import type { PythonParser } from '../../../server/src/syntax/python-parser';
import { loadWasmParser } from '../../../server/src/syntax/wasm-parser';

let parser: PythonParser | undefined;

/** Load the WASM parser once per test file (call from `beforeAll`). */
export async function loadParser(): Promise<void> {
  parser ??= await loadWasmParser();
}

/** Parse a fixture (after `loadParser`). */
export function parse(source: string): SyntaxTree {
  if (parser === undefined) throw new Error('call loadParser() in beforeAll first');
  return parser.parse(source);
}

/**
 * Python source from a template literal, backslashes kept as written: like radon's tests,
 * `textwrap.dedent(code).strip()`.
 */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  return dedent(String.raw({ raw: strings.raw }, ...values));
}

/** `textwrap.dedent(text).strip()` for space-indented text. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === '') continue;
    margin = Math.min(margin, line.length - line.trimStart().length);
  }
  const cut = margin === Number.POSITIVE_INFINITY ? 0 : margin;
  return lines
    .map((line) => (line.trim() === '' ? '' : line.slice(cut)))
    .join('\n')
    .trim();
}

/** Wrap statements (dedented) as the body of `def f():`. */
export function inFunction(body: string): string {
  return `def f():\n${dedent(body)
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n')}`;
}

/** The first `function_definition` or `class_definition` (optionally with that name), in document order. */
export function definitionIn(tree: SyntaxTree, name?: string): SyntaxNode {
  const stack: SyntaxNode[] = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const id = node.children.find((c) => c.field === 'name');
      if (name === undefined || (id && tree.source.slice(id.start, id.end) === name)) return node;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  throw new Error(`no definition ${name ?? ''} in:\n${tree.source}`);
}

/** Parse `source` and return its first definition (or the one named `name`) with the source. */
export function definition(source: string, name?: string): { node: SyntaxNode; source: string } {
  const tree = parse(source);
  if (tree.errorCount > 0) throw new Error(`fixture does not parse cleanly:\n${source}`);
  return { node: definitionIn(tree, name), source };
}
