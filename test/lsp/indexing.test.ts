/**
 * Protocol tests of workspace indexing through the real server: the background index on start with
 * server-created `$/progress`, `motif/reindex` with progress on the client's token and cancellation,
 * a file with syntax errors, and files changed or deleted on disk (watched-file notifications).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, type Hover } from 'vscode-languageserver-protocol';
import type { PatternDetail, ReindexResult, StatusParams } from '../../shared/protocol';
import { type LspClient, makeWorkspace, progressOf, startServer } from '../helpers/lsp-harness';

const clients: LspClient[] = [];
const roots: string[] = [];

afterAll(async () => {
  for (const c of clients) await c.stop();
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

async function start(files: Record<string, string>, init: Record<string, unknown> = { indexOnStart: false }) {
  const root = makeWorkspace(files);
  roots.push(root);
  const client = await startServer({ root, initializationOptions: init });
  clients.push(client);
  return client;
}

/** `n` small modules, each with a documented function and a class. */
function manyFiles(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    files[`pkg/mod_${i}.py`] =
      `def work_${i}(x: int) -> int:\n    """Work."""\n    if x > ${i}:\n        return x\n    return ${i}\n\n\nclass Thing${i}:\n    def go(self):\n        return work_${i}(1)\n`;
  }
  return files;
}

describe('workspace indexing', () => {
  it('indexes an empty store in the background on start, with server-created progress', async () => {
    const client = await start(manyFiles(5), {});
    const created = await client.waitFor<{ token: string }>('window/workDoneProgress/create');
    await client.waitFor<{ token: string; value: { kind: string } }>(
      '$/progress',
      (p) => p.token === created.token && p.value.kind === 'end',
    );
    const ready = client.received.findLast((r) => r.method === 'motif/status')!.params as StatusParams;
    expect([ready.state, ready.patterns]).toEqual(['ready', 15]);
    expect(ready.message).toMatch(/^indexed 5 files \(5 analysed, 0 unchanged\)/);
    const kinds = progressOf(client, created.token).map((p) => p.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds.at(-1)).toBe('end');
    const stats = (await client.connection.sendRequest('motif/stats')) as { patterns: number; files: number };
    expect([stats.patterns, stats.files]).toEqual([15, 5]);
  });

  it('reindex reports progress on the client token and can be cancelled between files', async () => {
    const client = await start(manyFiles(300));
    await client.waitReady();
    const token = 'reindex-1';
    const source = new CancellationTokenSource();
    client.trackProgress(token);
    const result = client.connection.sendRequest('motif/reindex', { workDoneToken: token }, source.token);
    await client.waitFor<StatusParams>(
      'motif/status',
      (s) => s.state === 'indexing' && (s.progress?.done ?? 0) > 0,
    );
    source.cancel();
    const summary = (await result) as ReindexResult;
    const progress = progressOf(client, token);
    expect(summary.status).toBe('cancelled');
    expect(summary.filesIndexed).toBeLessThan(300);
    expect(progress[0]).toMatchObject({ kind: 'begin', cancellable: true });
    expect(progress.some((p) => p.kind === 'report' && /^\d+\/300 files$/.test(p.message ?? ''))).toBe(true);
    expect(progress.at(-1)?.kind).toBe('end');
    // A second reindex finishes the job.
    const again = (await client.connection.sendRequest('motif/reindex', {})) as ReindexResult;
    expect(again.status).toBe('completed');
    expect(again.filesIndexed + again.filesUnchanged).toBe(300);
    expect(again.patterns).toBe(900);
  });

  it('a file with syntax errors still gets lenses for its well-formed definitions and one hint', async () => {
    const client = await start({
      'broken.py':
        'def good(a: int) -> int:\n    """Fine."""\n    return a\n\n\ndef bad(:\n    return\n\n\ndef after() -> None:\n    """Fine."""\n',
    });
    await client.waitReady();
    const since = client.received.length;
    await client.open('broken.py');
    await client.waitFor('workspace/codeLens/refresh', undefined, { since });
    const lenses = await client.codeLenses('broken.py');
    const lines = lenses.filter((l) => l.command?.title.startsWith('Quality')).map((l) => l.range.start.line);
    expect(lines).toContain(0);
    expect(lines).toContain(9);
    const syntax = client.lastDiagnostics('broken.py')!.filter((d) => d.code === 'syntax-error');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]!.severity).toBe(4);
    expect(syntax[0]!.message).toMatch(/syntax error/);
  });

  it('files changed and deleted on disk are re-indexed and removed; an open deleted file keeps its lenses', async () => {
    const client = await start({
      'a.py': 'def one() -> int:\n    """One."""\n    return 1\n',
      'b.py': 'def two():\n    return 2\n',
    });
    await client.waitReady();
    await client.connection.sendRequest('motif/reindex', {});
    const idOf = async (file: string, line: number) =>
      (
        (await client.connection.sendRequest('motif/pattern', {
          textDocument: { uri: client.uri(file) },
          position: { line, character: 4 },
        })) as PatternDetail | null
      )?.id;
    // Outside change: b.py gains a function; the watcher notification indexes it.
    fs.writeFileSync(
      path.join(client.root, 'b.py'),
      'def two():\n    return 2\n\n\ndef three():\n    return 3\n',
    );
    let since = client.received.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('b.py'), type: 2 }],
    });
    await client.waitFor('motif/patternsChanged', undefined, { since });
    const stats = (await client.connection.sendRequest('motif/stats')) as { patterns: number };
    expect(stats.patterns).toBe(3);
    // Open a.py, then delete it on disk: the store forgets it, the editor still shows the buffer's analysis.
    await client.open('a.py');
    await client.waitFor('workspace/codeLens/refresh');
    const id = await idOf('a.py', 0);
    expect(id).toBeTruthy();
    fs.rmSync(path.join(client.root, 'a.py'));
    since = client.received.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('a.py'), type: 3 }],
    });
    await client.waitFor('motif/patternsChanged', undefined, { since });
    const after = (await client.connection.sendRequest('motif/stats')) as { patterns: number; files: number };
    expect([after.patterns, after.files]).toEqual([2, 1]);
    const lenses = await client.codeLenses('a.py');
    expect(lenses.find((l) => l.command?.title.startsWith('Quality'))?.range.start.line).toBe(0);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: client.uri('a.py') },
      position: { line: 2, character: 4 },
    })) as Hover;
    expect((hover.contents as { value: string }).value).toContain('**one**');
  });
});

describe('excluded files', () => {
  it('a file matching motif.exclude gets lenses but is never written to the store', async () => {
    const root = makeWorkspace({
      'gen/out_pb2.py': 'def made() -> int:\n    """Generated."""\n    return 1\n',
    });
    roots.push(root);
    const client = await startServer({ root, settings: { exclude: ['gen/'] } });
    clients.push(client);
    await client.waitReady();
    const since = client.received.length;
    await client.open('gen/out_pb2.py');
    await client.waitFor('workspace/codeLens/refresh', undefined, { since });
    const lenses = await client.codeLenses('gen/out_pb2.py');
    expect(lenses.map((l) => l.command?.title)).toEqual([expect.stringMatching(/^Quality 0\.\d\d/)]);
    const stats = (await client.connection.sendRequest('motif/stats')) as { patterns: number };
    expect(stats.patterns).toBe(0);
  });

  it('files the index leaves out by its own rules get lenses but are not stored, so a re-index removes nothing', async () => {
    const fn = (name: string) => `def ${name}(x: int) -> int:\n    """Doc."""\n    return x\n`;
    const outside = makeWorkspace({ 'vendored.py': fn('vendored') });
    const root = makeWorkspace({
      '.venv/lib/site.py': fn('from_venv'),
      'env2/pyvenv.cfg': 'home = /usr/bin\n',
      'env2/lib/mod.py': fn('from_env2'),
      '.gitignore': 'build/\n',
      'build/gen.py': fn('generated'),
      'app.py': fn('kept'),
      'blob.py': 'x = 1\n\0',
    });
    fs.symlinkSync(path.join(outside, 'vendored.py'), path.join(root, 'vendored.py'));
    roots.push(root, outside);
    const client = await startServer({ root, initializationOptions: { indexOnStart: false } });
    clients.push(client);
    await client.waitReady();
    for (const file of ['.venv/lib/site.py', 'env2/lib/mod.py', 'build/gen.py', 'vendored.py']) {
      const since = client.received.length;
      await client.open(file);
      await client.waitFor('workspace/codeLens/refresh', undefined, { since });
      expect((await client.codeLenses(file)).length, file).toBe(1);
    }
    const since = client.received.length;
    await client.open('app.py');
    await client.waitFor('motif/patternsChanged', undefined, { since });
    // Before, the editor stored all five and the next index removed four of them again.
    const reindex = (await client.connection.sendRequest('motif/reindex', {})) as ReindexResult;
    // The binary file is the one file seen and skipped; what the walk left out is not counted.
    expect(reindex).toMatchObject({ filesSeen: 2, filesUnchanged: 1, filesSkipped: 1, filesRemoved: 0 });
    const stats = (await client.connection.sendRequest('motif/stats')) as { patterns: number };
    expect(stats.patterns).toBe(1);
  });

  it('with motif.followLinks, links out of the workspace are indexed and stored like its own files', async () => {
    const fn = (name: string) => `def ${name}(x: int) -> int:\n    """Doc."""\n    return x\n`;
    const outside = makeWorkspace({ 'lib/shared.py': fn('shared'), 'single.py': fn('single') });
    const root = makeWorkspace({ 'app.py': fn('kept') });
    fs.symlinkSync(path.join(outside, 'lib'), path.join(root, 'lib'));
    fs.symlinkSync(path.join(outside, 'single.py'), path.join(root, 'single.py'));
    roots.push(root, outside);
    const client = await startServer({
      root,
      settings: { followLinks: true },
      initializationOptions: { indexOnStart: false },
    });
    clients.push(client);
    await client.waitReady();
    // The workspace index (in its child process) follows both links.
    const reindex = (await client.connection.sendRequest('motif/reindex', {})) as ReindexResult;
    expect(reindex).toMatchObject({ filesSeen: 3, filesIndexed: 3, filesSkipped: 0 });
    // And a save through the link is stored, not only shown: the store's version changes with it.
    fs.writeFileSync(path.join(outside, 'single.py'), `${fn('single')}\n\n${fn('single_two')}`);
    const since = client.received.length;
    await client.open('single.py');
    await client.waitFor('motif/patternsChanged', undefined, { since });
    const stats = (await client.connection.sendRequest('motif/stats')) as { patterns: number };
    expect(stats.patterns).toBe(4);
  });
});
