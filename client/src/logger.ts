/**
 * The client's log: one `LogOutputChannel` ("Motif") shared with the language client, so the
 * extension's own lines and the server's `window/logMessage` lines appear together (ruff-vscode style).
 */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The Motif output channel, created on first use. */
export function outputChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Motif', { log: true });
  return channel;
}

/** Log lines at the usual levels. */
export const logger = {
  trace: (message: string) => outputChannel().trace(message),
  debug: (message: string) => outputChannel().debug(message),
  info: (message: string) => outputChannel().info(message),
  warn: (message: string) => outputChannel().warn(message),
  error: (message: string | Error) => outputChannel().error(message),
};

/** Dispose of the channel (deactivate). */
export function disposeLogger(): void {
  channel?.dispose();
  channel = undefined;
}
