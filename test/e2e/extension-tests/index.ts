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

/**
 * Replace `vscode.window[name]` for the duration of `body` (the API object is a plain object in the
 * extension host, as sinon-based suites rely on), so dialogs answer without a person.
 */
async function withWindowStub<T>(
  stubs: Partial<Record<keyof typeof vscode.window, unknown>>,
  body: () => PromiseLike<T>,
): Promise<T> {
  const win = vscode.window as unknown as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(stubs).map((k) => [k, win[k]]));
  Object.assign(win, stubs);
  try {
    return await body();
  } finally {
    Object.assign(win, saved);
  }
}

/** The suite for an untrusted workspace whose settings name a server (MOTIF_E2E_SUITE=restricted). */
async function runRestricted(): Promise<void> {
  const pricing = workspaceFile('shop/pricing.py');
  await runTests([
    {
      name: 'in Restricted Mode the workspace is untrusted and Motif still activates',
      body: async () => {
        assert.equal(vscode.workspace.isTrusted, false);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pricing));
        const motif = await api();
        assert.ok(motif.context.client(), `the language client runs (${motif.status.failure})`);
      },
    },
    {
      name: "the workspace's own store URL is ignored: the embedded store is used",
      timeoutMs: 90_000,
      body: async () => {
        const file = workspaceFile('.vscode/settings.json');
        const own = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
        assert.match(own['motif.store.url'], /^postgres:/, 'the fixture names a server');
        // VS Code itself withholds restricted settings from untrusted workspaces.
        const configured = vscode.workspace.getConfiguration('motif').inspect<string>('store.url');
        assert.equal(configured?.workspaceValue, undefined);
        const motif = await api();
        const status = await eventually(
          async () => (motif.status.last?.state === 'ready' ? motif.status.last : undefined),
          'status ready',
        );
        assert.equal(status.trusted, false);
        assert.equal(status.store.kind, 'embedded');
        assert.doesNotMatch(status.store.location, /postgres/);
      },
    },
    {
      name: 'lenses still come from local analysis',
      timeoutMs: 90_000,
      body: async () => {
        await eventually(async () => {
          const t = await lensTitles(pricing);
          return t.some((x) => /^Quality \d\.\d\d/.test(x)) ? t : undefined;
        }, 'a quality lens');
      },
    },
  ]);
}

/** Run the suite; called by the extension host's test loader. */
export async function run(): Promise<void> {
  if (process.env.MOTIF_E2E_SUITE === 'restricted') return runRestricted();
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
      name: 'the Pattern Explorer follows the group-by and sort-by settings',
      body: async () => {
        const { explorer } = (await api()).context;
        const config = vscode.workspace.getConfiguration('motif.explorer');
        await config.update('groupBy', 'category', vscode.ConfigurationTarget.Global);
        await config.update('sortBy', 'usage', vscode.ConfigurationTarget.Global);
        try {
          const groups = await eventually(async () => {
            const g = await explorer.getChildren();
            return g.some((n) => n.kind === 'group' && n.key === 'general') ? g : undefined;
          }, 'groups by category');
          for (const group of groups) {
            const usage = (await explorer.getChildren(group)).flatMap((r) =>
              r.kind === 'pattern' ? [r.pattern.usageCount] : [],
            );
            assert.deepEqual(
              usage,
              [...usage].sort((a, b) => b - a),
              `sorted by usage in ${group.kind === 'group' ? group.key : ''}`,
            );
          }
        } finally {
          await config.update('groupBy', undefined, vscode.ConfigurationTarget.Global);
          await config.update('sortBy', undefined, vscode.ConfigurationTarget.Global);
        }
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
    {
      name: 'Export Patterns writes every pattern to the chosen file',
      body: async () => {
        const target = workspaceFile('exported.jsonl');
        await withWindowStub(
          {
            showQuickPick: async () => 'jsonl',
            showSaveDialog: async () => target,
            showInformationMessage: async () => undefined,
          },
          () => vscode.commands.executeCommand('motif.exportPatterns'),
        );
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
        const rows = text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { id: string; quality_score: number });
        assert.ok(rows.length >= 11, `rows: ${rows.length}`);
        assert.ok(rows.every((r) => typeof r.id === 'string' && r.quality_score > 0));
      },
    },
    {
      name: 'Record Pattern Usage records a usage event and says so',
      body: async () => {
        const { explorer } = (await api()).context;
        const rows = (
          await Promise.all((await explorer.getChildren()).map((g) => explorer.getChildren(g)))
        ).flat();
        const target = rows.find((r) => r.kind === 'pattern' && r.pattern.qualifiedName === 'round_price');
        assert.ok(target?.kind === 'pattern');
        const messages: string[] = [];
        const say = async (m: string) => {
          messages.push(m);
          return undefined;
        };
        await withWindowStub({ showInformationMessage: say, showWarningMessage: say }, () =>
          vscode.commands.executeCommand('motif.recordPatternUsage', {
            patternId: target.pattern.id,
            textDocument: { uri: pricing.toString() },
            position: { line: 12, character: 4 },
          }),
        );
        assert.equal(messages.length, 1);
        assert.match(messages[0] ?? '', /^Motif: /);
      },
    },
    {
      name: 'Set Database Password keeps it in SecretStorage and restarts the server',
      timeoutMs: 90_000,
      body: async () => {
        const motif = await api();
        const before = motif.context.client();
        await withWindowStub(
          { showInputBox: async () => 's3cret', showInformationMessage: async () => undefined },
          () => vscode.commands.executeCommand('motif.setDatabasePassword'),
        );
        assert.equal(await motif.context.extension.secrets.get('motif.databasePassword'), 's3cret');
        const after = await eventually(async () => {
          const c = motif.context.client();
          return c && c !== before ? c : undefined;
        }, 'a restarted language client');
        assert.ok(after.isRunning());
        await withWindowStub({ showInformationMessage: async () => undefined }, () =>
          vscode.commands.executeCommand('motif.clearDatabasePassword'),
        );
        assert.equal(await motif.context.extension.secrets.get('motif.databasePassword'), undefined);
      },
    },
  ]);
}
