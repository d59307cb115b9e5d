/** Parses Python in tests with the default (WASM) adapter, loaded once per test file. */
import type { SyntaxTree } from '../../server/src/core/syntax-tree';
import type { PythonParser } from '../../server/src/syntax/python-parser';
import { loadWasmParser } from '../../server/src/syntax/wasm-parser';

let parser: Promise<PythonParser> | undefined;

/** Parse `source` into the core's plain tree. */
export async function parsePython(source: string): Promise<SyntaxTree> {
  parser ??= loadWasmParser();
  return (await parser).parse(source);
}

/** Strip the common indentation of a template literal so fixtures can be indented in tests. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indents = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.length - l.trimStart().length);
  const margin = Math.min(...indents);
  return text
    .split('\n')
    .map((l) => l.slice(margin))
    .join('\n');
}
