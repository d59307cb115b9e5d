/**
 * Native adapter of the parser port over the `tree-sitter` Node binding (prebuilt N-API addon).
 * Kept as the fallback: slower than WASM on the stdlib and its trees are freed only by the GC.
 */
import { createRequire } from 'node:module';
import { type CursorLike, materialise } from './materialise';
import type { PythonParser } from './python-parser';

const requireHere = createRequire(__filename);

interface NativeParser {
  setLanguage(language: unknown): void;
  parse(
    source: string,
    oldTree?: unknown,
    options?: { bufferSize?: number; progressCallback?: () => boolean },
  ): { walk(): CursorLike } | null | undefined;
}

/** Load the native binding; throws if the addon cannot be loaded on this platform. */
export function loadNativeParser(): PythonParser {
  const ParserClass = requireHere('tree-sitter') as new () => NativeParser;
  const parser = new ParserClass();
  parser.setLanguage(requireHere('tree-sitter-python'));
  // The binding copies the string into a buffer of this size; a 2 MB file needs more than the default.
  const options = (source: string) => ({ bufferSize: source.length * 2 + 1024 });
  return {
    backend: 'native',
    parse(source) {
      const tree = parser.parse(source, undefined, options(source));
      if (!tree) throw new Error('tree-sitter returned no tree');
      return materialise(tree.walk(), source);
    },
    parseWithin(source, budgetMs) {
      const started = performance.now();
      const progressCallback = () => performance.now() - started > budgetMs;
      const tree = parser.parse(source, undefined, { ...options(source), progressCallback });
      return tree ? materialise(tree.walk(), source) : null;
    },
    parseOnly(source) {
      parser.parse(source, undefined, options(source));
    },
  };
}
