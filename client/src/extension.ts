/**
 * Motif's VS Code extension entry point: activate builds the views and commands and starts the
 * language server; deactivate stops it. Everything else lives in its own module.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PatternExplorer } from './explorer/pattern-explorer';
import { ClientLifecycle } from './lifecycle';
import { disposeLogger, logger } from './logger';
import type { MotifContext } from './motif-context';
import { DETAILS_SCHEME, PatternDetailsProvider } from './pattern-commands';
import { MotifStatus } from './status';

let lifecycle: ClientLifecycle | undefined;

/** What the extension exports (for its own extension-host tests). */
export interface MotifApi {
  /** Resolves once the language server has started (or failed to). */
  ready: Promise<void>;
  context: MotifContext;
  status: MotifStatus;
}

/** Activate on a Python file, a workspace with Python files, a Motif command or view. */
export function activate(extension: vscode.ExtensionContext): MotifApi {
  const status = new MotifStatus();
  let life: ClientLifecycle | undefined;
  const explorer = new PatternExplorer(() => life?.running());
  life = new ClientLifecycle(extension, status, explorer);
  lifecycle = life;
  const context: MotifContext = {
    extension,
    client: () => life?.running(),
    explorer,
    restart: () => life?.restart('asked') ?? Promise.resolve(),
  };
  extension.subscriptions.push(
    status,
    explorer,
    life,
    vscode.window.createTreeView('motif.patternExplorer', {
      treeDataProvider: explorer,
      showCollapseAll: true,
    }),
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, new PatternDetailsProvider(context)),
    ...registerCommands(context),
  );
  logger.info(`Motif ${extension.extension.packageJSON.version} activating`);
  return { ready: life.start(), context, status };
}

/** Stop the language server. */
export async function deactivate(): Promise<void> {
  await lifecycle?.stop();
  lifecycle = undefined;
  disposeLogger();
}
