/**
 * The `PatternStore` behaviours, written once and run against every backend: PGlite in memory, PGlite
 * in a folder, and a PostgreSQL server when one is configured (see the *.test.ts files that call it).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { PatternStore } from '../../server/src/core/ports';
import { StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeQuality, type TestStore } from '../helpers/storage';

const REPO = 'repo';
const FILE = 'pkg/db/session.py';

/** A record without the timestamps the store sets. */
function bare(p: PatternRecord | null): PatternRecord | null {
  if (!p) return p;
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest as PatternRecord;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Register the shared store tests in the current `describe`; `open` is called once for the block. */
export function storeSuite(open: () => Promise<TestStore>): void {
  let t: TestStore;
  let store: PatternStore;
  beforeAll(async () => {
    t = await open();
    store = t.store;
  });
  afterAll(async () => {
    await t?.dispose();
  });
  beforeEach(async () => {
    await t.reset();
  });

  it('writeFile round-trips every field of a record', async () => {
    const method = makePattern();
    const cls = makePattern({
      qualifiedName: 'Session',
      kind: 'class',
      patternType: 'class_pattern',
      patternName: 'Unit of work',
      tags: [],
      bases: ['Base', 'typing.Generic[T]'],
      decorators: [],
      isAsync: false,
      docstring: null,
      returnAnnotation: null,
      parameters: [
        { name: 'args', annotation: null, default: null, kind: 'var_positional' },
        { name: 'kw', annotation: 'int', default: '3', kind: 'keyword_only' },
        { name: 'rest', annotation: null, default: null, kind: 'var_keyword' },
      ],
      lineRange: [1, 40],
      metrics: { lcom4: 2, coverage: 0.8333333333333334, halsteadVolume: 0.1 + 0.2 },
      quality: makeQuality(0.6180339887498949, 0.8333333333333334),
      usageCount: 7,
      usageFiles: 3,
    });
    await store.writeFile(REPO, makeFile(FILE), [method, cls], []);
    expect(bare(await store.getPattern(method.id))).toEqual(method);
    expect(bare(await store.getPattern(cls.id))).toEqual(cls);
    const [listed] = await store.listPatterns({ filePath: FILE, sort: 'name' });
    expect(bare(listed!)).toEqual(cls);
    expect(listed!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(await store.getPattern('missing')).toBeNull();
  });

  it('rewriting a file replaces its patterns and keeps created_at of surviving ids', async () => {
    const a = makePattern({ qualifiedName: 'a' });
    const b = makePattern({ qualifiedName: 'b' });
    await store.writeFile(REPO, makeFile(FILE), [a, b], []);
    const before = (await store.getPattern(a.id))!;
    await sleep(15);
    const c = makePattern({ qualifiedName: 'c' });
    await store.writeFile(REPO, makeFile(FILE, { contentHash: 'changed' }), [a, c], []);
    const same = (await store.getPattern(a.id))!;
    expect(same.createdAt).toBe(before.createdAt);
    expect(same.updatedAt).toBe(before.updatedAt);
    expect(await store.getPattern(b.id)).toBeNull();
    expect(await store.getPattern(c.id)).not.toBeNull();

    await sleep(15);
    const edited = { ...a, contentHash: 'new-hash', implementation: 'def a(): pass' };
    await store.writeFile(REPO, makeFile(FILE), [edited, c], []);
    const after = (await store.getPattern(a.id))!;
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt > before.updatedAt!).toBe(true);
    expect(after.implementation).toBe('def a(): pass');
    expect((await store.fileStates(REPO)).get(FILE)?.contentHash).toBe(makeFile(FILE).contentHash);
  });

  it('fileStates remembers hashes and skip reasons per repository', async () => {
    await store.writeFile(REPO, makeFile('a.py'), [], []);
    await store.writeFile(REPO, makeFile('big.py', { contentHash: null, skipReason: 'too large' }), [], []);
    await store.writeFile('other', makeFile('a.py'), [], []);
    const states = await store.fileStates(REPO);
    expect([...states.keys()].sort()).toEqual(['a.py', 'big.py']);
    expect(states.get('big.py')).toEqual({ path: 'big.py', contentHash: null, skipReason: 'too large' });
  });

  it('deleteFiles cascades to patterns and references', async () => {
    const p = makePattern({ filePath: 'x.py' });
    await store.writeFile(REPO, makeFile('x.py'), [p], [{ targetModule: 'pkg.db', targetName: 'Session', sites: 2 }]);
    await store.writeFile(REPO, makeFile('y.py'), [], [{ targetModule: 'pkg', targetName: '', sites: 1 }]);
    await store.deleteFiles(REPO, ['x.py', 'not-there.py']);
    expect(await store.getPattern(p.id)).toBeNull();
    expect((await store.references(REPO)).map((r) => r.fromPath)).toEqual(['y.py']);
    expect([...(await store.fileStates(REPO)).keys()]).toEqual(['y.py']);
  });

  it('references are replaced per file and duplicate targets summed', async () => {
    const ref = (targetName: string, sites: number) => ({ targetModule: 'pkg.db.tx', targetName, sites });
    await store.writeFile(REPO, makeFile('a.py'), [], [ref('commit', 1), ref('x', 4)]);
    await store.writeFile(REPO, makeFile('a.py'), [], [ref('commit', 2), ref('commit', 3), ref('Tx.run', 1)]);
    expect(await store.references(REPO)).toEqual([
      { fromPath: 'a.py', targetModule: 'pkg.db.tx', targetName: 'Tx.run', sites: 1 },
      { fromPath: 'a.py', targetModule: 'pkg.db.tx', targetName: 'commit', sites: 5 },
    ]);
  });

  it('usageInputs return stored components and weights; applyUsage rescores', async () => {
    const p = makePattern({ quality: makeQuality(0.5) });
    await store.writeFile(REPO, makeFile(FILE), [p], []);
    const [input] = await store.usageInputs(REPO);
    expect(input).toEqual({
      id: p.id,
      filePath: FILE,
      qualifiedName: p.qualifiedName,
      kind: 'method',
      components: { complexity: 0.5, documentation: 0.5, test_coverage: null, reusability: 0.5, maintainability: 0.5 },
      weights: { complexity: 0.25, documentation: 0.2, test_coverage: 0.2, reusability: 0.15, maintainability: 0.2 },
      usageCount: 0,
      usageFiles: 0,
      reusabilityEvidence: 'reusability evidence → 0.5',
    });
    await store.applyUsage([
      { id: p.id, usageCount: 9, usageFiles: 4, reusabilityScore: 1, reusabilityEvidence: '9 uses', qualityScore: 0.6 },
    ]);
    const after = (await store.getPattern(p.id))!;
    expect(after.usageCount).toBe(9);
    expect(after.usageFiles).toBe(4);
    expect(after.quality.total).toBe(0.6);
    expect(after.quality.components.reusability).toEqual({ ...p.quality.components.reusability, score: 1, evidence: '9 uses' });
    expect((await store.usageInputs(REPO))[0]?.components.reusability).toBe(1);
    expect((await store.listPatterns({ minQuality: 0.55 })).map((r) => r.id)).toEqual([p.id]);
  });

  it('listPatterns filters, sorts and pages', async () => {
    const mk = (q: string, quality: number, extra: Parameters<typeof makePattern>[0] = {}) =>
      makePattern({ qualifiedName: q, quality: makeQuality(quality), ...extra });
    const rows = [
      mk('low', 0.3, { usageCount: 9, metrics: { cyclomatic: 1 } }),
      mk('mid', 0.65, { category: 'io', metrics: { cyclomatic: 12 } }),
      mk('top', 0.9, { kind: 'class', patternType: 'class_pattern' }),
    ];
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    const names = (ps: PatternRecord[]) => ps.map((p) => p.qualifiedName);
    expect(names(await store.listPatterns({}))).toEqual(['top', 'mid', 'low']);
    expect(names(await store.listPatterns({ sort: 'usage' }))).toEqual(['low', 'top', 'mid']);
    expect(names(await store.listPatterns({ sort: 'complexity' }))).toEqual(['mid', 'top', 'low']);
    expect(names(await store.listPatterns({ sort: 'name' }))).toEqual(['low', 'mid', 'top']);
    expect(names(await store.listPatterns({ type: 'class_pattern' }))).toEqual(['top']);
    expect(names(await store.listPatterns({ category: 'io' }))).toEqual(['mid']);
    expect(names(await store.listPatterns({ minQuality: 0.65 }))).toEqual(['top', 'mid']);
    expect(names(await store.listPatterns({ filePath: 'elsewhere.py' }))).toEqual([]);
    expect(names(await store.listPatterns({ limit: 1, offset: 1 }))).toEqual(['mid']);
    expect(names(await store.findByQualifiedName('mid'))).toEqual(['mid']);
  });

  it('search matches name, tag and docstring, ranks exact before prefix, and treats % and _ literally', async () => {
    const rows = [
      makePattern({ qualifiedName: 'Loader.load_all', tags: ['io'], docstring: null, quality: makeQuality(0.99) }),
      makePattern({ qualifiedName: 'load', tags: [], docstring: null, quality: makeQuality(0.1) }),
      makePattern({ qualifiedName: 'reload', tags: [], docstring: null, quality: makeQuality(0.95) }),
      makePattern({ qualifiedName: 'tagged', tags: ['Caching'], docstring: null }),
      makePattern({ qualifiedName: 'documented', tags: [], docstring: 'Grants 100% of the quota_limit.' }),
      makePattern({ qualifiedName: 'plain', tags: [], docstring: 'Grants 100 of the quotaXlimit.' }),
    ];
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    const names = async (text: string, limit = 10) => (await store.search(text, limit)).map((p) => p.qualifiedName);
    expect(await names('LOAD')).toEqual(['load', 'Loader.load_all', 'reload']);
    expect(await names('load', 2)).toEqual(['load', 'Loader.load_all']);
    expect(await names('caching')).toEqual(['tagged']);
    expect(await names('100%')).toEqual(['documented']);
    expect(await names('quota_limit')).toEqual(['documented']);
    expect(await names('nothing like it')).toEqual([]);
  });

  it('findAt gives the patterns containing a line, innermost first', async () => {
    const rows = [
      makePattern({ qualifiedName: 'Outer', lineRange: [1, 50] }),
      makePattern({ qualifiedName: 'Outer.method', lineRange: [10, 30] }),
      makePattern({ qualifiedName: 'Outer.method.inner', lineRange: [12, 15] }),
      makePattern({ qualifiedName: 'Outer.other', lineRange: [31, 50] }),
    ];
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    const at = async (line: number) => (await store.findAt(FILE, line)).map((p) => p.qualifiedName);
    expect(await at(12)).toEqual(['Outer.method.inner', 'Outer.method', 'Outer']);
    expect(await at(30)).toEqual(['Outer.method', 'Outer']);
    expect(await at(51)).toEqual([]);
    expect(await at(0)).toEqual([]);
  });

  it('stats counts tiers at 0.8 and 0.6, types, kinds, categories and skipped files', async () => {
    const qualities = [0.8, 0.79, 0.6, 0.59, 0.2];
    const rows = qualities.map((q, i) =>
      makePattern({ qualifiedName: `f${i}`, quality: makeQuality(q), kind: i === 0 ? 'class' : 'method' }),
    );
    rows[1] = { ...rows[1]!, metrics: { ...rows[1]!.metrics, coverage: 0.5 } };
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    await store.writeFile(REPO, makeFile('bin.py', { skipReason: 'binary' }), [], []);
    const s = await store.stats();
    expect(s).toMatchObject({
      patterns: 5,
      files: 2,
      filesSkipped: 1,
      byType: { function_pattern: 5 },
      byKind: { class: 1, method: 4 },
      byCategory: { data_access: 5 },
      tiers: { high: 1, medium: 2, low: 2 },
      withCoverage: 1,
      lastRun: null,
    });
    expect(s.averageQuality).toBeCloseTo(0.596, 10);
    const mean = 0.596;
    const sd = Math.sqrt(qualities.reduce((acc, q) => acc + (q - mean) ** 2, 0) / qualities.length);
    expect(s.stddevQuality).toBeCloseTo(sd, 10);
    await t.reset();
    expect(await store.stats()).toMatchObject({ patterns: 0, averageQuality: null, stddevQuality: null });
  });

  it('validationFacts counts file-like names but not methods named __init__', async () => {
    const rows = [
      makePattern({ qualifiedName: 'Session.__init__' }),
      makePattern({ qualifiedName: '__init__.py', name: '__init__.py' }),
      makePattern({ qualifiedName: 'x', patternName: 'test_x.pyi' }),
      makePattern({ qualifiedName: 'y', patternName: 'pkg/util' }),
      makePattern({ qualifiedName: 'session.py', name: 'session.py' }),
      makePattern({ qualifiedName: 'session' }),
    ];
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    const facts = await store.validationFacts();
    expect(facts.stddevQuality).toBeCloseTo(0, 12);
    expect({ ...facts, stddevQuality: 0 }).toEqual({
      total: 6,
      nullQuality: 0,
      outOfRangeQuality: 0,
      stddevQuality: 0,
      patternTypes: 1,
      duplicateIdentities: 0,
      missingMetadata: 0,
      missingCreatedAt: 0,
      fileNameSamples: ['__init__.py', 'pkg/util', 'session.py', 'test_x.pyi'],
      fileNamePatterns: 4,
    });
  });

  it('validationFacts counts missing metadata', async () => {
    await store.writeFile(REPO, makeFile(FILE), [makePattern({ category: ' ', implementation: '' })], []);
    expect((await store.validationFacts()).missingMetadata).toBe(1);
  });

  it('a failing writeFile leaves the previous state of the file intact', async () => {
    const good = makePattern({ qualifiedName: 'good' });
    const ref = { targetModule: 'pkg', targetName: 'x', sites: 1 };
    await store.writeFile(REPO, makeFile(FILE), [good], [ref]);
    // The second pattern breaks CHECK (line_end >= line_start) after the file row and the first delete ran.
    const bad = makePattern({ qualifiedName: 'bad', lineRange: [9, 3] });
    const replacement = makePattern({ qualifiedName: 'replacement' });
    const error = await store
      .writeFile(REPO, makeFile(FILE, { contentHash: 'new' }), [replacement, bad], [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('query');
    expect((error as StorageError).message).toMatch(/check constraint/);
    expect(bare(await store.getPattern(good.id))).toEqual(good);
    expect(await store.getPattern(replacement.id)).toBeNull();
    expect((await store.fileStates(REPO)).get(FILE)?.contentHash).toBe(makeFile(FILE).contentHash);
    expect(await store.references(REPO)).toEqual([{ fromPath: FILE, ...ref }]);
  });

  it('writeFile refuses two patterns with one id, and patterns of another file', async () => {
    const p = makePattern();
    await expect(store.writeFile(REPO, makeFile(FILE), [p, { ...p }], [])).rejects.toThrow(/share the id/);
    await expect(store.writeFile(REPO, makeFile('other.py'), [p], [])).rejects.toThrow(/belongs to/);
  });

  it('index runs open as running and finish with their counts', async () => {
    expect(await store.lastRun()).toBeNull();
    const id = await store.beginRun(REPO, '/work/repo');
    expect(await store.lastRun()).toMatchObject({ id, status: 'running', root: '/work/repo', finishedAt: null });
    const counts = {
      filesSeen: 10,
      filesIndexed: 7,
      filesUnchanged: 2,
      filesSkipped: 1,
      filesRemoved: 0,
      patterns: 99,
      durationMs: 1234,
    };
    await store.finishRun({ id, status: 'completed', finishedAt: null, ...counts });
    const run = (await store.lastRun())!;
    expect(run).toMatchObject({ id, status: 'completed', ...counts });
    expect(run.finishedAt! >= run.startedAt).toBe(true);
    const second = await store.beginRun(REPO, '/work/repo');
    expect(second).toBeGreaterThan(id);
    expect((await store.stats()).lastRun?.id).toBe(second);
  });

  it('exportPatterns pages through every pattern in id order', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => makePattern({ qualifiedName: `f${i}` }));
    await store.writeFile(REPO, makeFile(FILE), rows, []);
    const pages: string[][] = [];
    for await (const page of store.exportPatterns(3)) pages.push(page.map((p) => p.id));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(rows.map((r) => r.id).sort());
  });

  it('reports query errors with the SQLSTATE and a caret under the position', async () => {
    const error = await t.sql.query('SELECT id,\n       nope\nFROM patterns').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('42703');
    expect((error as StorageError).message).toContain('  2 |        nope\n             ^');
  });
}
