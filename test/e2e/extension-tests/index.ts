/**
 * Extension-host tests (activation, commands, explorer) with the full `vscode` API against the real
 * language server, on the fixture workspace. Bundled to build/e2e/extension-tests.cjs; run through
 * code-server's extension-test mode (test/e2e/extension-host.test.ts) or by @vscode/test-electron
 * (test/e2e/run-test-electron.ts).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../client/src/explorer/tree-nodes';
import type { MotifApi } from '../../../client/src/extension';
import type { ReindexResult } from '../../../shared/protocol';
import { eventually, runTests } from './runner';

const EXTENSION_ID = 'motif.motif';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function api(): Promise<MotifApi> {
  const extension = vscode.extensions.getExtension<MotifApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const exports = extension.isActive ? extension.exports : await extension.activate();
  await exports.ready;
  return exports;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    'vscode.executeCodeLensProvider',
    uri,
    100,
  );
  return lenses.map((l) => l.command?.title ?? '');
}

/** Run the suite; called by the extension host's test loader. */
export async function run(): Promise<void> {
  const pricing = workspaceFile('shop/pricing.py');
  await runTests([
    {
      name: 'activates on a Python file and starts the language server',
      body: async () => {
        const doc = await vscode.workspace.openTextDocument(pricing);
        await vscode.window.showTextDocument(doc);
        const motif = await api();
        assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
        assert.ok(motif.context.client(), 'the language client runs');
      },
    },
    {
      name: 'registers every command package.json declares, and those lenses use',
      body: async () => {
        const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
          contributes: { commands: { command: string }[] };
        };
        const registered = new Set(await vscode.commands.getCommands(true));
        const expected = [
          ...manifest.contributes.commands.map((c) => c.command),
          'motif.showUsages',
          'motif.showSimilar',
          'motif.peekLocations',
        ];
        assert.deepEqual(
          expected.filter((c) => !registered.has(c)),
          [],
        );
      },
    },
    {
      name: 'shows a quality lens with a real score above each definition',
      timeoutMs: 90_000,
      body: async () => {
        const titles = await eventually(async () => {
          const t = await lensTitles(pricing);
          return t.filter((x) => /^Quality \d\.\d\d/.test(x)).length >= 3 ? t : undefined;
        }, 'three quality lenses in shop/pricing.py');
        const scores = titles.flatMap((t) => /^Quality (\d\.\d\d)/.exec(t)?.[1] ?? []).map(Number);
        assert.ok(
          scores.every((s) => s > 0 && s <= 1),
          `scores in (0, 1]: ${scores}`,
        );
      },
    },
    {
      name: 'Re-index Workspace returns a completed run over the fixture',
      timeoutMs: 120_000,
      body: async () => {
        const result = await vscode.commands.executeCommand<ReindexResult>('motif.reindexWorkspace');
        assert.ok(result, 'the command returns the run');
        assert.equal(result.status, 'completed');
        assert.ok(result.filesSeen >= 4, `files seen: ${result.filesSeen}`);
        assert.ok(result.patterns >= 11, `patterns: ${result.patterns}`);
      },
    },
    {
      name: 'the status bar reports ready with the pattern count',
      body: async () => {
        const motif = await api();
        await eventually(
          async () => (motif.status.last?.state === 'ready' ? true : undefined),
          'status ready',
        );
        assert.ok((motif.status.last?.patterns ?? 0) >= 11);
      },
    },
    {
      name: 'the Pattern Explorer groups patterns and a click opens the file at the line',
      body: async () => {
        const { explorer } = (await api()).context;
        const groups = await eventually(async () => {
          const g = await explorer.getChildren();
          return g.length > 0 ? g : undefined;
        }, 'explorer groups');
        const rows = (await Promise.all(groups.map((g) => explorer.getChildren(g)))).flat();
        const row = rows.find(
          (r): r is Extract<ExplorerNode, { kind: 'pattern' }> =>
            r.kind === 'pattern' && r.pattern.qualifiedName === 'apply_discount',
        );
        assert.ok(row, `apply_discount listed among ${rows.length} rows`);
        const item = explorer.getTreeItem(row);
        assert.equal(item.command?.command, 'motif.openPatternLocation');
        await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
        const editor = vscode.window.activeTextEditor;
        assert.equal(editor?.document.uri.fsPath, pricing.fsPath);
        assert.equal(editor?.selection.active.line, row.pattern.range.start.line);
      },
    },
    {
      name: 'Show Pattern Details opens the highlighted pattern-detail view',
      body: async () => {
        const editor = await vscode.window.showTextDocument(pricing);
        const line = editor.document
          .getText()
          .split('\n')
          .findIndex((l) => l.includes('def apply_discount'));
        editor.selection = new vscode.Selection(line + 2, 8, line + 2, 8);
        await vscode.commands.executeCommand('motif.showPatternDetails');
        const details = await eventually(
          async () =>
            vscode.window.activeTextEditor?.document.uri.scheme === 'motif-pattern'
              ? vscode.window.activeTextEditor.document
              : undefined,
          'the pattern-detail editor',
        );
        assert.equal(details.languageId, 'motif-pattern');
        assert.match(details.getText(), /^Pattern .+\n {2}function apply_discount /);
        assert.match(details.getText(), /\nQuality \d\.\d{3}\n/);
      },
    },
  ]);
}
