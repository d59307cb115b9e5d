/**
 * Starts the Motif language server (`dist/server.cjs`, a Node process over IPC) with
 * vscode-languageclient and relays settings, trust and the database password to it. The server pulls
 * settings with `workspace/configuration`; the middleware here applies Restricted Mode to every answer,
 * and configuration changes are announced without values so nothing bypasses it.
 */
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../shared/protocol';
import { isTrusted, readSettings, userServerValues } from './config';
import { outputChannel } from './logger';
import { restrictConfigurationItem } from './trust-policy';

/** What the client needs to start the server. */
export interface StartOptions {
  /** Absolute path of the bundled server module. */
  serverModule: string;
  databasePassword: string | undefined;
}

/** Create and start the language client; resolves once the server has initialised. */
export async function startLanguageClient(options: StartOptions): Promise<LanguageClient> {
  const trusted = isTrusted();
  const serverOptions: ServerOptions = {
    run: { module: options.serverModule, transport: TransportKind.ipc },
    debug: {
      module: options.serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const { settings } = readSettings();
  const initializationOptions: InitializationOptions = {
    trusted,
    userStoreUrl: userServerValues()['store.url'] ?? '',
    databasePassword: options.databasePassword,
    indexOnStart: settings.indexOnStartup,
  };
  let client: LanguageClient | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }],
    outputChannel: outputChannel(),
    initializationOptions,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          const users = userServerValues();
          return answer.map((value, i) =>
            restrictConfigurationItem(params.items[i]?.section, value, isTrusted(), users),
          );
        },
        // Announce the change without values: the server pulls them through the middleware above.
        didChangeConfiguration: async () => {
          await client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        },
      },
    },
  };
  client = new LanguageClient('motif', 'Motif', serverOptions, clientOptions);
  await client.start();
  return client;
}

/** Watch for settings changes the server should hear about (it registers no section of its own). */
export function announceSettingsChanges(client: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (e) => {
    const c = client();
    if (e.affectsConfiguration('motif') && c?.isRunning()) {
      await c.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
  });
}
