/**
 * "Motif: Open Pattern Dashboard": one webview panel showing the dashboard page (dist/dashboard/), whose
 * queries are forwarded to the language server as `motif/dashboard` requests. Every message from the
 * page is handled inside an error wrapper; the page can open a pattern's file at its line and save an
 * export through a save dialog. Calling it again reveals the panel and focuses the given pattern.
 */
import * as vscode from 'vscode';
import type { DashboardCall, ExportFile, HostToPage, PageToHost } from '../../../shared/dashboard';
import { makeNonce, webviewHtml } from './webview-html';

/** What the panel needs from the extension. */
export interface DashboardHost {
  extensionUri: vscode.Uri;
  /** Answer one page request (through the language server). */
  send(call: DashboardCall): Promise<unknown>;
  log(message: string): void;
}

interface PanelState {
  panel: vscode.WebviewPanel;
  /** The page said `ready`: it listens for focus messages. */
  ready: boolean;
  /** A pattern to focus once the page is ready. */
  pending?: string | undefined;
}

let current: PanelState | undefined;

/** Open (or reveal) the dashboard, optionally on one pattern. */
export function openDashboardPanel(host: DashboardHost, patternId?: string): vscode.WebviewPanel {
  if (current) {
    current.panel.reveal();
    if (patternId) focus(patternId);
    return current.panel;
  }
  const assets = vscode.Uri.joinPath(host.extensionUri, 'dist', 'dashboard');
  const panel = vscode.window.createWebviewPanel(
    'motif.dashboard',
    'Motif: Pattern Dashboard',
    vscode.ViewColumn.Active,
    {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [assets],
    },
  );
  const state: PanelState = { panel, ready: false, ...(patternId ? { pending: patternId } : {}) };
  current = state;
  panel.webview.html = webviewHtml({
    nonce: makeNonce(),
    cspSource: panel.webview.cspSource,
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'dashboard.js')).toString(),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'dashboard.css')).toString(),
  });
  panel.webview.onDidReceiveMessage((message: PageToHost) => {
    handle(host, state, message).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      host.log(`dashboard: ${text}`);
      void vscode.window.showErrorMessage(`Motif dashboard: ${text}`);
    });
  });
  panel.onDidDispose(() => {
    if (current === state) current = undefined;
  });
  return panel;
}

function post(message: HostToPage): void {
  void current?.panel.webview.postMessage(message);
}

function focus(id: string): void {
  if (current?.ready) post({ type: 'focusPattern', id });
  else if (current) current.pending = id;
}

async function handle(host: DashboardHost, state: PanelState, message: PageToHost): Promise<void> {
  switch (message?.type) {
    case 'ready':
      state.ready = true;
      if (state.pending) post({ type: 'focusPattern', id: state.pending });
      state.pending = undefined;
      return;
    case 'request':
      try {
        post({ type: 'response', id: message.id, result: await host.send(message.call) });
      } catch (error) {
        post({
          type: 'response',
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    case 'openFile':
      return openFile(message.filePath, message.line);
    case 'saveExport':
      return saveExport(message.file);
  }
}

/** Open `filePath` (relative to a workspace folder, as the store keeps it) at 1-based `line`. */
async function openFile(filePath: string, line: number): Promise<void> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, filePath);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      continue;
    }
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(uri, {
      selection: new vscode.Range(position, position),
      viewColumn: vscode.ViewColumn.Beside,
    });
    return;
  }
  void vscode.window.showWarningMessage(`Motif: ${filePath} is not in this workspace.`);
}

async function saveExport(file: ExportFile): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file.filename) } : {}),
    filters: file.mimeType === 'text/csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(file.content));
  void vscode.window.showInformationMessage(`Motif: exported ${file.rows} patterns to ${target.fsPath}`);
}
