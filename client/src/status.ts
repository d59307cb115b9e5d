/**
 * The status-bar item: indexing state, pattern count, store and its reachability, from the server's
 * `motif/status` notifications (and `motif/getStatus` once at start). Clicking it shows the output.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../shared/protocol';
import { statusView } from './status-text';

/** The status-bar item and the last state it showed. */
export class MotifStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'motif.status',
    vscode.StatusBarAlignment.Left,
    10,
  );
  /** The last state the server reported (tests read it). */
  last: StatusParams | undefined;
  /** Why the server did not start, if it did not. */
  failure: string | undefined;

  constructor() {
    this.item.name = 'Motif';
    this.item.command = 'motif.showOutput';
    this.show(undefined);
    this.item.show();
  }

  /** Show `s` (or "starting" for undefined). */
  show(s: StatusParams | undefined): void {
    this.last = s;
    const view = statusView(s);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip.join('\n');
    this.item.backgroundColor = view.warning
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
  }

  /** Show that the server could not start. */
  failed(message: string): void {
    this.failure = message;
    this.item.text = '$(error) Motif';
    this.item.tooltip = `Motif: the language server did not start (${message}). Click for the output.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  dispose(): void {
    this.item.dispose();
  }
}
