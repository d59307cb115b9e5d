/** Entry point of the language server (bundled to dist/server.cjs): `--stdio` or `--node-ipc`. */
import { runLanguageServer } from './lsp/start';

runLanguageServer();
