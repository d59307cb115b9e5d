/**
 * WASM adapter of the parser port over `web-tree-sitter` and the `.wasm` grammar shipped inside
 * `tree-sitter-python`. Measured faster than the native binding on the stdlib (docs/BENCHMARKS.md).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { SyntaxTree } from '../core/syntax-tree';
import { type LanguageTables, materialise } from './materialise';
import type { PythonParser } from './python-parser';
import { directExports, withDirectCursor } from './wasm-direct-cursor';

const requireHere = createRequire(__filename);

/** Where the grammar's `.wasm` lives: next to tree-sitter-python's package.json. */
export function pythonWasmPath(): string {
  return path.join(
    path.dirname(requireHere.resolve('tree-sitter-python/package.json')),
    'tree-sitter-python.wasm',
  );
}

/**
 * The same text as V8's internalised (unique) string, as a property key is. The binding decodes names
 * from WASM memory into ordinary heap strings; the core compares every node's type against literals,
 * which are internalised, and mixing the two kinds costs a full comparison each time and sends
 * optimised code back to the interpreter ("wrong map").
 */
function internalised(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

function tablesOf(language: Language): LanguageTables {
  const types: string[] = [];
  const named: boolean[] = [];
  for (let id = 0; id < language.nodeTypeCount; id++) {
    types.push(internalised(language.nodeTypeForId(id) ?? 'ERROR'));
    named.push(language.nodeTypeIsNamed(id));
  }
  const fields: (string | null)[] = [null];
  for (let id = 1; id <= language.fieldCount; id++) {
    const field = language.fieldNameForId(id);
    fields.push(field === null ? null : internalised(field));
  }
  return { types, fields, named };
}

/** Load the WASM runtime and grammar; rejects if either cannot be loaded. */
export async function loadWasmParser(): Promise<PythonParser> {
  // Emscripten makes the options object the module itself, which gives the direct cursor its exports.
  const module: Record<string, unknown> = {};
  await Parser.init(module as Parameters<typeof Parser.init>[0]);
  const exports = directExports(module);
  const language = await Language.load(pythonWasmPath());
  const parser = new Parser();
  parser.setLanguage(language);
  const tables = tablesOf(language);
  const build = (source: string, budgetMs: number | null): SyntaxTree | null => {
    const started = performance.now();
    const options =
      budgetMs === null ? undefined : { progressCallback: () => performance.now() - started > budgetMs };
    const tree = parser.parse(source, null, options);
    if (!tree) return null;
    try {
      const cursor = tree.walk();
      try {
        return exports
          ? withDirectCursor(exports, tree, cursor, (direct) => materialise(direct, source, tables))
          : materialise(cursor, source, tables);
      } finally {
        cursor.delete();
      }
    } finally {
      tree.delete();
    }
  };
  return {
    backend: 'wasm',
    parse(source) {
      const tree = build(source, null);
      if (!tree) throw new Error('web-tree-sitter returned no tree');
      return tree;
    },
    parseWithin: (source, budgetMs) => build(source, budgetMs),
    parseOnly(source) {
      parser.parse(source)?.delete();
    },
  };
}
