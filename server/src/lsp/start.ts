/**
 * Starts the language server on the transport named in the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`). stdout may be the transport, so every `console.*` goes to the client's log instead.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Create the connection, route the console to it, and serve until the client says exit. */
export function runLanguageServer(): void {
  if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket='))) {
    process.argv.push('--stdio');
  }
  const connection = createConnection(ProposedFeatures.all);
  const toLog =
    (send: (message: string) => void) =>
    (...args: unknown[]) =>
      send(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  console.debug = toLog((m) => connection.console.log(m));
  startServer(connection);
}
