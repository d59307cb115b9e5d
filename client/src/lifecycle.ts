/**
 * Owns the language client's life: start (with the password from SecretStorage and the workspace's
 * trust), restart when trust is granted, the password changes or a server setting changes, and stop.
 * Wires the server's notifications to the status bar and the explorer.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PatternsChangedNotification, StatusNotification, StatusRequest } from '../../shared/protocol';
import type { PatternExplorer } from './explorer/pattern-explorer';
import { announceSettingsChanges, startLanguageClient } from './language-client';
import { logger } from './logger';
import { databasePassword, onDidChangePassword } from './secrets';
import type { MotifStatus } from './status';

/** Starts, restarts and stops the language client. */
export class ClientLifecycle implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly status: MotifStatus,
    private readonly explorer: PatternExplorer,
  ) {
    this.disposables.push(
      announceSettingsChanges(() => this.running()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart('the workspace is now trusted')),
      onDidChangePassword(extension.secrets, () => this.restart('the database password changed')),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('motif.store')) void this.restart('the store settings changed');
        else if (e.affectsConfiguration('motif.explorer')) explorer.refresh(0);
      }),
    );
  }

  /** The client while it runs. */
  running(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  /** Start the client (once); resolves when the server has initialised or failed to. */
  start(): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const serverModule = this.extension.asAbsolutePath('dist/server.cjs');
    try {
      const client = await startLanguageClient({
        serverModule,
        databasePassword: await databasePassword(this.extension.secrets),
      });
      this.client = client;
      this.disposables.push(
        client.onNotification(StatusNotification.type, (s) => this.status.show(s)),
        client.onNotification(PatternsChangedNotification.type, () => this.explorer.refresh()),
      );
      this.status.show(await client.sendRequest(StatusRequest.type));
      this.explorer.refresh(0);
      logger.info(`language server started (${serverModule}, trusted: ${vscode.workspace.isTrusted})`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.error(`the language server did not start: ${message}`);
      this.status.failed(message);
    }
  }

  /** Stop and start again, saying why in the log. */
  async restart(reason: string): Promise<void> {
    logger.info(`restarting the language server: ${reason}`);
    await this.stop();
    this.starting = undefined;
    await this.start();
  }

  /** Stop the client (deactivate, restart). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        logger.warn(`stopping the language server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
