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
  parse(source: string, oldTree?: unknown, options?: { bufferSize?: number }): { walk(): CursorLike };
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
      return materialise(parser.parse(source, undefined, options(source)).walk(), source);
    },
    parseOnly(source) {
      parser.parse(source, undefined, options(source));
    },
  };
}
