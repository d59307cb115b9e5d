/**
 * The SIMILAR_TO pass with its search on a worker thread and its inputs collected while files are
 * written: the same edges as the pass that reads every vector back and searches on the main thread,
 * on a first run and on incremental runs (a few files changed, more changed, a file deleted); a worker
 * that fails, exits or answers nonsense makes the pass search on the main thread instead; a run that
 * fails before the pass writes no SIMILAR_TO edge. A run after which nothing changed (files, settings)
 * skips the pass without reading anything; one whose pass failed, or that forgot its builds, does not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Logger, nullLogger, type PatternStore } from '../../server/src/core/ports';
import { type IndexOptions, indexWorkspace } from '../../server/src/indexing/index-workspace';
import { ensureBuilt, REPO_ROOT } from '../helpers/cli';
import { openTempStore, type TestStore } from '../helpers/storage';

const SCRIPT = path.join(REPO_ROOT, 'dist/similar-worker.cjs');
const FILES = 24;
// Eligible patterns a file holds: five functions, the class and its two methods (five statements or more).
const PER_FILE = 7;

// Six shapes of function, each written in every file with its own names and constants: every pattern
// has look-alikes in other files, some above the threshold and some below.
function source(file: number, variant = 0): string {
  const n = (name: string) => `${name}_${file}`;
  const c = file + variant;
  return `
def ${n('total')}(rows, floor=${c}):
    acc = 0
    count = 0
    for row in rows:
        if row.amount < floor:
            continue
        acc += row.amount
        count += 1
    if count == 0:
        return None
    return acc, count


def ${n('load')}(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    data = json.loads(text)
    if "version" not in data:
        raise KeyError("version")
    for key in ("name", "owner"):
        data.setdefault(key, "")
    return data


def ${n('walk')}(tree, seen=None):
    seen = seen or set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(node.children[:${c}])
    return seen


class ${n('Cache')}:
    def __init__(self, size=${c}):
        self.size = size
        self.items = {}
        self.order = []
        self.hits = 0
        self.misses = 0

    def get(self, key):
        if key in self.items:
            self.hits += 1
            return self.items[key]
        self.misses += 1
        return None


def ${n('render')}(items, width=${c}):
    lines = []
    for item in items:
        text = str(item)
        if len(text) > width:
            text = text[: width - 1] + "…"
        lines.append(text.ljust(width))
    ${variant % 2 === 0 ? 'return "\\n".join(lines)' : 'return lines'}
`;
}

type Edge = string;

async function edgesOf(t: TestStore): Promise<Edge[]> {
  const rows = await t.sql.query<{ e: string }>(
    `SELECT source_id || '>' || target_id || ' ' || confidence::text || ' ' || evidence AS e
     FROM relationships WHERE type = 'SIMILAR_TO' ORDER BY 1`,
  );
  return rows.map((r) => r.e);
}

// The store without batch writes: the indexer writes file by file and the pass reads every vector back
// (the reference the collected inputs must match).
function withoutBatchWrites(store: PatternStore): PatternStore {
  const { writeFiles: _batch, ...rest } = store;
  return rest as PatternStore;
}

let root: string;
const temps: string[] = [];
const stores: TestStore[] = [];

const open = async () => {
  const t = await openTempStore();
  stores.push(t);
  return t;
};

const run = (store: PatternStore, extra: Partial<IndexOptions> = {}) =>
  indexWorkspace({
    root,
    store,
    repository: 'fixture',
    jobs: 1,
    workerScript: null,
    logger: nullLogger,
    ...extra,
  });

const write = (file: number, variant = 0) =>
  fs.writeFileSync(path.join(root, `mod_${file}.py`), source(file, variant));

beforeAll(() => {
  ensureBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-similar-worker-'));
  temps.push(root);
  for (let f = 0; f < FILES; f++) write(f);
}, 120_000);

afterAll(async () => {
  for (const t of stores) await t.dispose();
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SIMILAR_TO search on a worker', () => {
  it('writes the same edges as the main-thread pass reading every vector, first run and incremental runs', async () => {
    const worker = await open();
    const reference = await open();
    const both = async () => {
      const a = await run(worker.store, { searchWorkerScript: SCRIPT });
      const b = await run(withoutBatchWrites(reference.store), { searchWorkerScript: null });
      const edges = await edgesOf(worker);
      expect(edges).toEqual(await edgesOf(reference));
      expect(b.similarTo!.searchedOn).toBe('main');
      return { summary: a.similarTo!, edges };
    };

    const first = await both();
    expect(first.summary).toMatchObject({ full: true, searchedOn: 'worker', patterns: FILES * PER_FILE });
    expect(first.edges.length).toBeGreaterThan(FILES * 2);

    // One file of 24 changed (under 5 % of the patterns): exact scans on the main thread.
    write(3, 1);
    const few = await both();
    expect(few.summary).toMatchObject({ full: false, searchedOn: 'main' });
    expect(few.summary.searched).toBeGreaterThan(0);

    // Three changed and one deleted: the cluster search, on the worker again, cutting every edge anew.
    for (const f of [5, 6, 7]) write(f, 1);
    fs.rmSync(path.join(root, 'mod_9.py'));
    const more = await both();
    expect(more.summary).toMatchObject({
      full: true,
      searchedOn: 'worker',
      patterns: (FILES - 1) * PER_FILE,
    });
    expect(more.edges.some((e) => e.includes(`render_9`))).toBe(false);

    // Nothing changed: nothing searched, nothing written.
    const same = await both();
    expect(same.summary).toMatchObject({ searched: 0, edges: { added: 0, removed: 0, changed: 0 } });
    expect(same.edges).toEqual(more.edges);
    write(9);
  });

  const broken: [string, string][] = [
    ['exits before answering', 'process.exit(3);'],
    ['throws while loading', 'throw new Error("broken worker");'],
    [
      'answers a malformed table',
      `require('node:worker_threads').parentPort.once('message', () =>
         require('node:worker_threads').parentPort.postMessage({ table: { rows: 1, k: 5 } }));`,
    ],
    [
      'reports an error',
      `require('node:worker_threads').parentPort.once('message', () =>
         require('node:worker_threads').parentPort.postMessage({ error: 'out of memory' }));`,
    ],
  ];
  it.each(broken)(
    'a worker that %s: the pass searches on the main thread and writes the right edges',
    async (_, code) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bad-worker-'));
      temps.push(dir);
      const script = path.join(dir, 'worker.cjs');
      fs.writeFileSync(script, code);
      const warnings: string[] = [];
      const logger: Logger = { ...nullLogger, warn: (m: string) => void warnings.push(m) };
      const t = await open();
      const reference = await open();
      const summary = await run(t.store, { searchWorkerScript: script, logger });
      await run(reference.store, { searchWorkerScript: null });
      expect(summary.status).toBe('completed');
      expect(summary.similarTo).toMatchObject({ full: true, searchedOn: 'main' });
      expect(warnings.join('\n')).toMatch(/SIMILAR_TO search worker.*searching on the main thread instead/s);
      expect(await edgesOf(t)).toEqual(await edgesOf(reference));
    },
  );

  it('reads no stored vector when nothing must be searched, and the stored ones once when something must', async () => {
    const t = await open();
    let reads = 0;
    const counting: PatternStore = {
      ...t.store,
      similarity: {
        ...t.store.similarity,
        similarityInputs: (...args) => {
          reads++;
          return t.store.similarity.similarityInputs(...args);
        },
      },
    };
    // First run: every vector is at hand (collected as written), none read back.
    expect((await run(counting, { searchWorkerScript: SCRIPT })).similarTo!.full).toBe(true);
    expect(reads).toBe(0);
    const unchanged = await run(counting, { searchWorkerScript: SCRIPT });
    expect(unchanged.similarTo).toMatchObject({
      skipped: true,
      searched: 0,
      edges: { added: 0, removed: 0 },
    });
    expect(reads).toBe(0);
    write(4, 1);
    const one = await run(counting, { searchWorkerScript: SCRIPT });
    expect(one.similarTo!.searched).toBeGreaterThan(0);
    expect(reads).toBe(1);
    write(4);
  });

  it('a run that fails in the graph pass writes no SIMILAR_TO edge', async () => {
    const t = await open();
    const failing: PatternStore = {
      ...t.store,
      graph: {
        ...t.store.graph,
        replaceEdges: async (repository, types, edges) => {
          if (!types.includes('SIMILAR_TO')) throw new Error('disk full');
          return t.store.graph.replaceEdges(repository, types, edges);
        },
      },
    };
    await expect(run(failing, { searchWorkerScript: SCRIPT })).rejects.toThrow('disk full');
    expect(await edgesOf(t)).toEqual([]);
  });

  it('skips the pass when no file and no setting changed since it last finished, and only then', async () => {
    const t = await open();
    let reads = 0;
    const counting: PatternStore = {
      ...t.store,
      similarity: {
        ...t.store.similarity,
        similarEdges: (...args) => {
          reads++;
          return t.store.similarity.similarEdges(...args);
        },
      },
    };
    await run(counting, { searchWorkerScript: SCRIPT });
    const built = await edgesOf(t);
    expect(built.length).toBeGreaterThan(0);
    reads = 0;
    const unchanged = await run(counting, { searchWorkerScript: SCRIPT });
    expect(unchanged.similarTo).toMatchObject({ skipped: true, searched: 0 });
    expect(reads).toBe(0);
    expect(await edgesOf(t)).toEqual(built);
    // Another threshold is another pass: it runs, and is recorded in turn.
    const stricter = { threshold: 0.95, k: 5, minStatements: 5 };
    expect((await run(counting, { similarTo: stricter })).similarTo!.skipped).toBe(false);
    expect((await run(counting, { similarTo: stricter })).similarTo!.skipped).toBe(true);
    expect((await run(counting)).similarTo!.skipped).toBe(false);
    expect(await edgesOf(t)).toEqual(built);
    // Forgetting the builds (patterns removed without a file write) makes the next pass run.
    await t.store.graph.forgetGraphBuilt('fixture');
    expect((await run(counting)).similarTo!.skipped).toBe(false);
    expect((await run(counting)).similarTo!.skipped).toBe(true);
  });

  it('a pass that failed is not recorded: the next run, with nothing changed, runs it', async () => {
    const t = await open();
    await run(t.store);
    const built = await edgesOf(t);
    write(11, 1);
    const failing: PatternStore = {
      ...t.store,
      graph: {
        ...t.store.graph,
        replaceEdges: async (repository, types, edges) => {
          if (types.includes('SIMILAR_TO')) throw new Error('disk full');
          return t.store.graph.replaceEdges(repository, types, edges);
        },
      },
    };
    try {
      await expect(run(failing)).rejects.toThrow('disk full');
      const next = await run(t.store);
      expect(next.similarTo).toMatchObject({ skipped: false });
      expect(next.similarTo!.searched).toBeGreaterThan(0);
      expect(await edgesOf(t)).not.toEqual(built);
    } finally {
      write(11);
    }
  });
});
