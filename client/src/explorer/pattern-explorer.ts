/**
 * The Pattern Explorer tree view: patterns grouped by type, category or design pattern and sorted by
 * quality or usage (settings `motif.explorer.*`), fetched from the server with `motif/patterns` and
 * refreshed when it says patterns changed. Clicking a pattern opens its file at its line.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PatternsRequest } from '../../../shared/protocol';
import { readSettings } from '../config';
import { logger } from '../logger';
import { type ExplorerNode, type GroupNode, groupNodes, patternNodes } from './tree-nodes';

const ICONS = { function: 'symbol-function', method: 'symbol-method', class: 'symbol-class' } as const;

/** Data provider of the `motif.patternExplorer` view. */
export class PatternExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The groups of the last listing (tests read it). */
  groups: GroupNode[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Fetch again (debounced, so a burst of saves refreshes once). */
  refresh(delayMs = 300): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.changed.fire(undefined), delayMs);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${node.key}`;
      item.description = node.description;
      item.contextValue = 'motif.group';
      return item;
    }
    const p = node.pattern;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `pattern:${p.id}`;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(ICONS[p.kind] ?? 'symbol-misc');
    item.resourceUri = vscode.Uri.parse(p.uri);
    item.contextValue = 'motif.pattern';
    item.command = {
      command: 'motif.openPatternLocation',
      title: 'Open Pattern',
      arguments: [p.uri, p.range],
    };
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node?.kind === 'group') return patternNodes(node);
    if (node) return [];
    const client = this.client();
    if (!client?.isRunning()) return [];
    const { settings } = readSettings();
    try {
      const result = await client.sendRequest(PatternsRequest.type, {
        groupBy: settings.explorer.groupBy,
        sort: settings.explorer.sortBy,
      });
      this.groups = groupNodes(result.groups);
      return this.groups;
    } catch (e) {
      logger.warn(`Pattern Explorer: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}
