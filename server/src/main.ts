/**
 * Entry point of the language server (bundled to dist/server.cjs): `--stdio` or `--node-ipc`; with
 * `--index-child`, the child process a server with an embedded store runs its workspace index in.
 */
import { runIndexChild } from './lsp/index-child';
import { runLanguageServer } from './lsp/start';

if (process.argv.includes('--index-child')) runIndexChild();
else runLanguageServer();
