/**
 * The parser port: Python source in, a plain `SyntaxTree` out. Two adapters implement it (WASM and
 * native tree-sitter); `loadPythonParser` picks the measured-faster WASM one and falls back to native.
 */
import type { SyntaxTree } from '../core/syntax-tree';

/** Which tree-sitter binding an adapter uses. */
export type ParserBackend = 'wasm' | 'native';

/** Parses Python source into the core's plain syntax tree. */
export interface PythonParser {
  readonly backend: ParserBackend;
  /** Parse and materialise the tree. Never throws on bad Python: errors are counted in the tree. */
  parse(source: string): SyntaxTree;
  /** Like `parse`, but gives up (null) when parsing takes longer than `budgetMs`. */
  parseWithin(source: string, budgetMs: number): SyntaxTree | null;
  /** Parse only, discarding the tree: what the benchmark calls parse-only time. */
  parseOnly(source: string): void;
}

/**
 * How long one file may take to parse: 1 s plus 1 s per 200 KB, about 50 times the normal rate.
 * tree-sitter-python's scanner is quadratic on long comment runs after code
 * (tree-sitter/tree-sitter-python#245); such a file is skipped instead of stalling the run.
 */
export function parseBudgetMs(source: string): number {
  return 1000 + (source.length / 200_000) * 1000;
}
