/**
 * Protocol tests of what the editor never waits for: with background work held (the server's
 * `MOTIF_LSP_HOLD_BACKGROUND` test seam: while the named file exists no usage pass, similar-pattern
 * search, staleness check or workspace index starts), first lenses come from the open file's analysis
 * and its stored patterns, and a save's lenses come from the fresh analysis. Releasing the hold lets
 * the background index and the usage pass finish and refresh the lenses again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDEX_YOUNG_GENERATION_MB } from '../../server/src/indexing/heap-growth';
import { openStore } from '../../server/src/storage/open-storage';
import type { ReindexResult, StatusParams } from '../../shared/protocol';
import { type LspClient, makeWorkspace, startServer } from '../helpers/lsp-harness';

const UTIL = `def retry(times: int, action) -> int:
    """Call action until it succeeds."""
    for attempt in range(times):
        try:
            return action()
        except ValueError:
            continue
    return -1
`;

const APP = `from util import retry


def main() -> int:
    """Run."""
    return retry(3, lambda: 1) + retry(2, lambda: 2)
`;

// retry with many more branches: its complexity score, and so its quality, drops.
const COMPLEX_UTIL = `def retry(times: int, action) -> int:
    """Call action until it succeeds."""
    for attempt in range(times):
        if attempt == 1:
            continue
        if attempt == 2:
            continue
        if attempt == 3:
            continue
        if attempt == 4:
            continue
        if attempt == 5:
            continue
        if attempt == 6:
            continue
        if attempt == 7 and times > 8 or times < 0:
            continue
        try:
            return action()
        except ValueError:
            continue
    return -1
`;

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const clients: LspClient[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const c of clients) await c.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function holdFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-hold-'));
  dirs.push(dir);
  const file = path.join(dir, 'hold');
  fs.writeFileSync(file, '');
  return file;
}

async function start(root: string, hold: string): Promise<LspClient> {
  const client = await startServer({
    root,
    initializationOptions: {},
    env: { MOTIF_LSP_HOLD_BACKGROUND: hold },
  });
  clients.push(client);
  return client;
}

/** The lens titles of `file` after the next refresh following `since`. */
async function lensesAfterRefresh(client: LspClient, file: string, since: number): Promise<string[]> {
  await client.waitFor('workspace/codeLens/refresh', undefined, { since });
  return (await client.codeLenses(file)).map((l) => l.command!.title);
}

const quality = (titles: string[]) => Number(titles.find((t) => t.startsWith('Quality '))!.slice(8, 12));

describe('what the editor never waits for', () => {
  it('first lenses and a save’s lenses come before a held background index; the index then settles usage', async () => {
    const root = makeWorkspace({ 'util.py': UTIL, 'app.py': APP });
    dirs.push(root);
    const hold = holdFile();
    const client = await start(root, hold);
    await client.waitReady();

    let since = client.received.length;
    await client.open('util.py');
    const first = await lensesAfterRefresh(client, 'util.py', since);
    expect(first[0]).toMatch(/^Quality 0\.\d\d/);
    // The store is empty and the index that would fill it has not run: no usage yet.
    expect(first).toContain('no uses found');
    expect(client.received.some((r) => r.method === 'window/workDoneProgress/create')).toBe(false);

    // A save while background work is held: the lens shows the fresh analysis.
    fs.writeFileSync(path.join(root, 'util.py'), COMPLEX_UTIL);
    client.change('util.py', [
      { range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }, text: COMPLEX_UTIL },
    ]);
    since = client.received.length;
    await client.save('util.py');
    const saved = await lensesAfterRefresh(client, 'util.py', since);
    expect(quality(saved)).toBeLessThan(quality(first));
    expect(client.received.some((r) => r.method === 'window/workDoneProgress/create')).toBe(false);
    const status = client.received.findLast((r) => r.method === 'motif/status')!.params as StatusParams;
    expect(status.state).toBe('ready');

    // Released, the background index runs (app.py was never indexed) and its usage pass counts the
    // two calls from app.py; the lens follows.
    since = client.received.length;
    fs.rmSync(hold);
    const created = await client.waitFor<{ token: string }>('window/workDoneProgress/create', undefined, {
      since,
    });
    await client.waitFor<{ token: string; value: { kind: string } }>(
      '$/progress',
      (p) => p.token === created.token && p.value.kind === 'end',
      { since },
    );
    for (;;) {
      const titles = await lensesAfterRefresh(client, 'util.py', since);
      since = client.received.findLastIndex((r) => r.method === 'workspace/codeLens/refresh') + 1;
      if (titles.includes('used 2× in 1 file')) break;
    }
  });

  it('an open file of an indexed workspace gets its stored usage while a re-index of outside changes is held', async () => {
    const root = makeWorkspace({ 'util.py': UTIL, 'app.py': APP });
    dirs.push(root);
    // First server: index the workspace and let its usage pass run.
    const indexer = await startServer({ root, initializationOptions: {} });
    clients.push(indexer);
    const created = await indexer.waitFor<{ token: string }>('window/workDoneProgress/create');
    await indexer.waitFor<{ token: string; value: { kind: string } }>(
      '$/progress',
      (p) => p.token === created.token && p.value.kind === 'end',
    );
    await indexer.stop();
    // A file changes outside the editor: the store is stale, and the next start wants a re-index.
    fs.writeFileSync(path.join(root, 'extra.py'), 'def extra() -> int:\n    """Extra."""\n    return 1\n');

    const hold = holdFile();
    const client = await start(root, hold);
    await client.waitReady();
    const since = client.received.length;
    await client.open('util.py');
    const titles = await lensesAfterRefresh(client, 'util.py', since);
    expect(titles).toContain('used 2× in 1 file');
    expect(client.received.some((r) => r.method === 'window/workDoneProgress/create')).toBe(false);

    fs.rmSync(hold);
    const reindex = await client.waitFor<{ token: string }>('window/workDoneProgress/create', undefined, {
      since,
    });
    await client.waitFor<{ token: string; value: { kind: string; message?: string } }>(
      '$/progress',
      (p) => p.token === reindex.token && p.value.kind === 'end',
      { since },
    );
    const ready = client.received.findLast((r) => r.method === 'motif/status')!.params as StatusParams;
    expect(ready.message).toMatch(/^indexed 3 files \(1 analysed, 2 unchanged\)/);
  });

  it('with the embedded store a re-index runs in a child process; a save meanwhile shows at once and is stored after', async () => {
    const root = makeWorkspace({ 'util.py': UTIL, 'app.py': APP });
    dirs.push(root);
    const hold = holdFile();
    const client = await start(root, hold);
    await client.waitReady();
    let since = client.received.length;
    await client.open('util.py');
    const first = await lensesAfterRefresh(client, 'util.py', since);

    // The child waits on the hold: the server has lent it the store and answers from memory.
    const reindex = client.connection.sendRequest('motif/reindex', {}) as Promise<ReindexResult>;
    await client.waitFor<StatusParams>('motif/status', (s) => s.state === 'indexing');
    fs.writeFileSync(path.join(root, 'util.py'), COMPLEX_UTIL);
    client.change('util.py', [
      { range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }, text: COMPLEX_UTIL },
    ]);
    since = client.received.length;
    await client.save('util.py');
    const saved = await lensesAfterRefresh(client, 'util.py', since);
    expect(quality(saved)).toBeLessThan(quality(first));

    fs.rmSync(hold);
    const result = await reindex;
    expect([result.status, result.filesSeen]).toEqual(['completed', 2]);
    const line = client.log.find((l) => /index ran in a child process \(pid \d+/.test(l));
    expect(line).toBeDefined();
    // The child's own command line gave it the index's small young generation (heap-growth.ts).
    expect(line).toContain(`young generation ${INDEX_YOUNG_GENERATION_MB} MB,`);
    expect(Number(/pid (\d+)/.exec(line!)![1])).not.toBe(client.process.pid);
    // The store is back: once the server has stopped, it holds the saved version.
    const id = (await client.codeLenses('util.py'))[0]!.command!.arguments![0] as string;
    await client.stop();
    const store = await openStore({ root, logger: silentLogger });
    try {
      const stored = await store.getPattern(id);
      // The saved retry (the longer one), not the original.
      expect(stored?.lineRange).toEqual([1, COMPLEX_UTIL.trimEnd().split('\n').length]);
    } finally {
      await store.close();
    }
  });
});
