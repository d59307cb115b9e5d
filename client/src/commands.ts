/**
 * Registers every Motif command: the palette commands titled "Motif: …" in package.json (a repo test
 * checks both lists agree) and the internal ones the server names in lenses and code actions
 * (`ClientCommands` in shared/protocol.ts). Each handler runs inside an error wrapper that logs and tells.
 */
import * as vscode from 'vscode';
import { ClientCommands, type ExportParams, ExportRequest } from '../../shared/protocol';
import { openDashboard } from './dashboard-command';
import { logger, outputChannel } from './logger';
import type { MotifContext } from './motif-context';
import {
  openPatternLocation,
  peekLocations,
  recordPatternUsage,
  showPatternDetails,
  showSimilarPatterns,
  showUsages,
} from './pattern-commands';
import { reindexWorkspace } from './reindex-command';
import { setDatabasePassword } from './secrets';

type Handler = (ctx: MotifContext, ...args: never[]) => unknown;

/** Motif: Export Patterns: choose a format and a file; the server writes it. */
async function exportPatterns(ctx: MotifContext): Promise<void> {
  const client = ctx.client();
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage(
      'Motif: the language server is not running; see Motif: Show Output.',
    );
    return;
  }
  const formats: ExportParams['format'][] = ['json', 'jsonl', 'csv'];
  const format = (await vscode.window.showQuickPick(formats, { title: 'Motif: export patterns as' })) as
    | ExportParams['format']
    | undefined;
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, `motif-patterns.${format}`),
    filters: { [format.toUpperCase()]: [format] },
  });
  if (!target) return;
  const result = await client.sendRequest(ExportRequest.type, { format, uri: target.toString() });
  const open = await vscode.window.showInformationMessage(
    `Motif: exported ${result.count} patterns to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (open) await vscode.window.showTextDocument(target);
}

async function askPassword(ctx: MotifContext): Promise<void> {
  const password = await vscode.window.showInputBox({
    title: 'Motif: database password',
    prompt: 'Password for the server in motif.store.url (kept in VS Code SecretStorage, never in settings)',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return;
  await setDatabasePassword(ctx.extension.secrets, password);
  void vscode.window.showInformationMessage(
    'Motif: database password saved; restarting the language server.',
  );
}

async function clearPassword(ctx: MotifContext): Promise<void> {
  await setDatabasePassword(ctx.extension.secrets, undefined);
  void vscode.window.showInformationMessage('Motif: database password removed.');
}

async function chooseSetting(key: 'groupBy' | 'sortBy', choices: string[], title: string): Promise<void> {
  const picked = await vscode.window.showQuickPick(choices, { title });
  if (picked) {
    await vscode.workspace
      .getConfiguration('motif.explorer')
      .update(key, picked, vscode.ConfigurationTarget.Global);
  }
}

/** Palette commands (declared in package.json, titled "Motif: …") and their handlers. */
export const PALETTE_COMMANDS: Record<string, Handler> = {
  'motif.reindexWorkspace': (ctx) => reindexWorkspace(ctx, true),
  'motif.showSimilarPatterns': (ctx, id?: string) => showSimilarPatterns(ctx, id),
  'motif.showPatternDetails': (ctx, id?: string) => showPatternDetails(ctx, id),
  'motif.openDashboard': (ctx, id?: string) => openDashboard(ctx, id),
  'motif.exportPatterns': (ctx) => exportPatterns(ctx),
  'motif.recordPatternUsage': (ctx, params?: never) => recordPatternUsage(ctx, params),
  'motif.showOutput': () => outputChannel().show(true),
  'motif.setDatabasePassword': (ctx) => askPassword(ctx),
  'motif.clearDatabasePassword': (ctx) => clearPassword(ctx),
  'motif.refreshExplorer': (ctx) => ctx.explorer.refresh(0),
  'motif.groupExplorerBy': () =>
    chooseSetting('groupBy', ['type', 'category', 'designPattern'], 'Motif: group patterns by'),
  'motif.sortExplorerBy': () => chooseSetting('sortBy', ['quality', 'usage'], 'Motif: sort patterns by'),
  'motif.openPatternLocation': (_ctx, uri: string, range?: never) => openPatternLocation(uri, range),
};

/** Commands the server names in lenses and code actions; not in the palette. */
export const INTERNAL_COMMANDS: Record<string, Handler> = {
  [ClientCommands.showSimilar]: (ctx, id: string) => showSimilarPatterns(ctx, id),
  [ClientCommands.showUsages]: (ctx, uri: string, position: unknown, id: string) =>
    showUsages(ctx, uri, position, id),
  [ClientCommands.peekLocations]: (ctx, uri: string, position: unknown, locations: unknown) =>
    peekLocations(ctx, uri, position, locations),
};

/** Register every command; the handlers log and show errors instead of failing silently. */
export function registerCommands(ctx: MotifContext): vscode.Disposable[] {
  return Object.entries({ ...PALETTE_COMMANDS, ...INTERNAL_COMMANDS }).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await handler(ctx, ...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logger.error(`${id}: ${e instanceof Error ? (e.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(`Motif: ${message}`);
        return undefined;
      }
    }),
  );
}
