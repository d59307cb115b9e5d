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
  /** Parse only, discarding the tree: what the benchmark calls parse-only time. */
  parseOnly(source: string): void;
}
