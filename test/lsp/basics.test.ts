/**
 * Protocol tests against the real server: initialize, open, CodeLens, hover, diagnostics, code
 * actions and save, on a small workspace indexed by the server itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { type LspClient, makeWorkspace, startServer } from '../helpers/lsp-harness';

const UTIL = `"""Helpers."""


def retry(times: int, action) -> int:
    """Call action until it succeeds."""
    for attempt in range(times):
        try:
            return action()
        except ValueError:
            continue
    return -1


class Store:
    def save(self, item):
        if item is None:
            return False
        return True
`;

const APP = `from util import retry


def main() -> int:
    """Run."""
    return retry(3, lambda: 1) + retry(2, lambda: 2)
`;

let client: LspClient;
let root: string;

beforeAll(async () => {
  root = makeWorkspace({ 'util.py': UTIL, 'app.py': APP });
  client = await startServer({ root });
  await client.waitReady();
});

afterAll(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('language server basics', () => {
  it('initializes with lenses, hover, code actions and incremental sync', () => {
    const caps = client.initializeResult.capabilities;
    expect(caps.codeLensProvider).toBeTruthy();
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeActionProvider).toBeTruthy();
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
  });

  it('shows a quality lens above each function, method and class after open', async () => {
    const since = client.received.length;
    await client.open('util.py');
    await client.waitFor('workspace/codeLens/refresh', undefined, { since });
    const lenses = await client.codeLenses('util.py');
    const quality = lenses.filter((l) => l.command?.title.startsWith('Quality '));
    // retry, Store, Store.save
    expect(quality.map((l) => l.range.start.line).sort((a, b) => a - b)).toEqual([3, 13, 14]);
    expect(quality[0]!.command!.title).toMatch(/^Quality 0\.\d\d \(no coverage data\)$/);
    expect(quality[0]!.command!.command).toBe('motif.showPatternDetails');
    expect(lenses.some((l) => l.command?.command === 'motif.showUsages')).toBe(true);
  });

  it('hover shows the quality breakdown with evidence', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: client.uri('util.py') },
      position: { line: 6, character: 8 },
    })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain('**retry**');
    expect(text).toContain('| component | score | weight | evidence |');
    expect(text).toMatch(/\| complexity \| 1\.00 \| \d+% \| CC \d+ → 1 \|/);
    expect(text).toContain('Coverage: no coverage data');
    expect(hover.range?.start).toEqual({ line: 3, character: 4 });
  });

  it('diagnostics are hints and information only, one per rule that applies', async () => {
    const since = client.received.length;
    await client.save('util.py');
    const diagnostics = await client.diagnostics('util.py', since);
    expect(diagnostics.every((d) => d.severity === 3 || d.severity === 4)).toBe(true);
    const codes = diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort();
    // Store and save lack docstrings; save lacks type hints; retry's `action` is unannotated.
    expect(codes).toEqual(
      [
        'missing-docstring@13',
        'missing-docstring@14',
        'missing-type-hints@14',
        'missing-type-hints@3',
      ].sort(),
    );
  });

  it('switching a rule off removes its diagnostics', async () => {
    client.settings = { diagnostics: { rules: { missingDocstring: 'off' } } };
    const since = client.received.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // Other publishes (a usage pass finishing) may come first: wait for the one without the rule.
    const { diagnostics } = await client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === client.uri('util.py') && !p.diagnostics.some((d) => d.code === 'missing-docstring'),
      { since },
    );
    expect(diagnostics.map((d) => d.code)).toContain('missing-type-hints');
    client.settings = {};
  });

  it('code actions offer details and the dashboard for the definition at the cursor', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri('util.py') },
      range: { start: { line: 15, character: 4 }, end: { line: 15, character: 4 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const commands = actions.map((a) => [a.command?.command, a.command?.arguments?.[0]]);
    const lenses = await client.codeLenses('util.py');
    const saveId = lenses.find((l) => l.range.start.line === 14)!.command!.arguments![0];
    expect(commands).toContainEqual(['motif.showPatternDetails', saveId]);
    expect(commands).toContainEqual(['motif.openDashboard', saveId]);
  });

  it('lenses follow edits between saves, and a save re-scores the function', async () => {
    // Two lines inserted above `retry`: its lens moves down by two without re-analysis.
    client.change('util.py', [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'X = 1\nY = 2\n' },
    ]);
    let lenses = await client.codeLenses('util.py');
    const lines = lenses.filter((l) => l.command?.title.startsWith('Quality')).map((l) => l.range.start.line);
    expect(lines.sort((a, b) => a - b)).toEqual([5, 15, 16]);
    // Make Store.save complex enough to lose its complexity score, write it to disk and save.
    const branches = Array.from(
      { length: 12 },
      (_, i) => `        if item == ${i}:\n            return ${i}\n`,
    ).join('');
    const text =
      `${fs.readFileSync(path.join(root, 'util.py'), 'utf8').replace('"""Helpers."""\n', '"""Helpers."""\nX = 1\nY = 2\n')}`.replace(
        '        if item is None:\n',
        `${branches}        if item is None:\n`,
      );
    fs.writeFileSync(path.join(root, 'util.py'), text);
    client.change('util.py', [
      { range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }, text },
    ]);
    const before = lenses.find((l) => l.range.start.line === 16)!.command!.title;
    const since = client.received.length;
    await client.save('util.py');
    // Other refreshes (a usage pass finishing) may come first: wait for the save's analysis, then its refresh.
    await client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === client.uri('util.py') && p.diagnostics.some((d) => d.code === 'high-complexity'),
      { since },
    );
    const published = client.received.findLastIndex((r) => r.method === 'textDocument/publishDiagnostics');
    await client.waitFor('workspace/codeLens/refresh', undefined, { since: published });
    lenses = await client.codeLenses('util.py');
    const after = lenses.find((l) => l.range.start.line === 16 && l.command?.title.startsWith('Quality'))!
      .command!.title;
    expect(Number(after.slice(8, 12))).toBeLessThan(Number(before.slice(8, 12)));
    // Diagnostics are published before the lens refresh: the last ones are the save's.
    const diagnostics = client.lastDiagnostics('util.py')!;
    // The method, and its class (radon adds a class's method complexities).
    const complex = diagnostics.filter((d) => d.code === 'high-complexity').map((d) => d.range.start.line);
    expect(complex.sort((a, b) => a - b)).toEqual([15, 16]);
  });

  it('usage counts from other files reach the lens after the usage pass', async () => {
    const since = client.received.length;
    await client.open('app.py');
    await client.waitFor('motif/patternsChanged', undefined, { since });
    const lenses = await client.codeLenses('util.py');
    const usage = lenses.find((l) => l.command?.command === 'motif.showUsages' && l.range.start.line === 5);
    expect(usage?.command?.title).toBe('used 2× in 1 file');
    const locations = (await client.connection.sendRequest('motif/usages', {
      id: usage!.command!.arguments![2],
    })) as {
      uri: string;
      range: { start: { line: number; character: number } };
    }[];
    expect(locations.map((l) => [path.basename(l.uri), l.range.start.line, l.range.start.character])).toEqual(
      [
        ['app.py', 0, 17],
        ['app.py', 5, 11],
        ['app.py', 5, 33],
      ],
    );
  });

  it('refuses malformed parameters of its own requests with InvalidParams naming the field', async () => {
    const refused = async (method: string, params: unknown) =>
      client.connection.sendRequest(method, params).then(
        () => null,
        (e: { code: number; message: string }) => [e.code, e.message],
      );
    expect(await refused('motif/pattern', null)).toEqual([
      -32602,
      'motif/pattern: params: expected { id } or { textDocument, position }',
    ]);
    expect(await refused('motif/usages', { id: 7 })).toEqual([
      -32602,
      'motif/usages: id: Invalid input: expected string, received number',
    ]);
    expect(await refused('motif/similar', { id: 'x', limit: 0 })).toEqual([
      -32602,
      'motif/similar: limit: Too small: expected number to be >=1',
    ]);
    expect(await refused('motif/patterns', { groupBy: 'type', sort: 'size' })).toEqual([
      -32602,
      'motif/patterns: sort: Invalid option: expected one of "quality"|"usage"|"name"',
    ]);
    expect(await refused('motif/recordUsage', null)).toEqual([
      -32602,
      'motif/recordUsage: params: Invalid input: expected object, received null',
    ]);
    // The server is unharmed: a well-formed request still answers.
    expect(await client.connection.sendRequest('motif/pattern', { id: 'no-such-id' })).toBeNull();
  });
});
