/** What command handlers share: the running client (if any), the extension context and the views. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PatternExplorer } from './explorer/pattern-explorer';

/** Shared state handed to every command. */
export interface MotifContext {
  extension: vscode.ExtensionContext;
  /** The language client once started and while running, else undefined. */
  client(): LanguageClient | undefined;
  explorer: PatternExplorer;
  /** Restart the language server (after a password or trust change). */
  restart(): Promise<void>;
}
