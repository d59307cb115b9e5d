/**
 * Chooses the parser adapter: WASM by default (faster on the stdlib, bounded memory), native when
 * asked for or when WASM cannot load. The choice and any fallback reason are returned, not hidden.
 */
import { loadNativeParser } from './native-parser';
import type { ParserBackend, PythonParser } from './python-parser';
import { loadWasmParser } from './wasm-parser';

/** The loaded parser and, when the preferred backend failed, why. */
export interface LoadedParser {
  parser: PythonParser;
  fallbackReason?: string;
}

/** Load `preferred` (default `wasm`), falling back to the other backend if it fails to load. */
export async function loadPythonParser(preferred: ParserBackend = 'wasm'): Promise<LoadedParser> {
  const load = (backend: ParserBackend) =>
    backend === 'wasm' ? loadWasmParser() : Promise.resolve(loadNativeParser());
  try {
    return { parser: await load(preferred) };
  } catch (error) {
    const other: ParserBackend = preferred === 'wasm' ? 'native' : 'wasm';
    const reason = `${preferred} parser failed to load (${(error as Error).message}); using ${other}`;
    return { parser: await load(other), fallbackReason: reason };
  }
}
