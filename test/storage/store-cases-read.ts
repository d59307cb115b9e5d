/**
 * Store cases about reading: listing, search, position lookup, stats, validation facts, runs, export
 * and query errors. Registered by `storeSuite` for every backend.
 */
import { expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import { StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeQuality } from '../helpers/storage';
import { FILE, REPO, type SuiteContext } from './store-context';

/** Register the read cases against the suite's store. */
export function readCases(ctx: SuiteContext): void {
  it('listPatterns filters, sorts and pages', async () => {
    const mk = (q: string, quality: number, extra: Parameters<typeof makePattern>[0] = {}) =>
      makePattern({ qualifiedName: q, quality: makeQuality(quality), ...extra });
    const rows = [
      mk('low', 0.3, { usageCount: 9, metrics: { cyclomatic: 1 } }),
      mk('mid', 0.65, { category: 'io', metrics: { cyclomatic: 12 } }),
      mk('top', 0.9, { kind: 'class', patternType: 'class_pattern' }),
    ];
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const names = (ps: PatternRecord[]) => ps.map((p) => p.qualifiedName);
    expect(names(await ctx.store.listPatterns({}))).toEqual(['top', 'mid', 'low']);
    expect(names(await ctx.store.listPatterns({ sort: 'usage' }))).toEqual(['low', 'top', 'mid']);
    expect(names(await ctx.store.listPatterns({ sort: 'complexity' }))).toEqual(['mid', 'top', 'low']);
    expect(names(await ctx.store.listPatterns({ sort: 'name' }))).toEqual(['low', 'mid', 'top']);
    expect(names(await ctx.store.listPatterns({ type: 'class_pattern' }))).toEqual(['top']);
    expect(names(await ctx.store.listPatterns({ category: 'io' }))).toEqual(['mid']);
    expect(names(await ctx.store.listPatterns({ minQuality: 0.65 }))).toEqual(['top', 'mid']);
    expect(names(await ctx.store.listPatterns({ filePath: 'elsewhere.py' }))).toEqual([]);
    expect(names(await ctx.store.listPatterns({ limit: 1, offset: 1 }))).toEqual(['mid']);
    expect(names(await ctx.store.findByQualifiedName('mid'))).toEqual(['mid']);
  });

  it('search matches name, tag and docstring, ranks exact before prefix, and treats % and _ literally', async () => {
    const rows = [
      makePattern({
        qualifiedName: 'Loader.load_all',
        tags: ['io'],
        docstring: null,
        quality: makeQuality(0.99),
      }),
      makePattern({ qualifiedName: 'load', tags: [], docstring: null, quality: makeQuality(0.1) }),
      makePattern({ qualifiedName: 'reload', tags: [], docstring: null, quality: makeQuality(0.95) }),
      makePattern({ qualifiedName: 'tagged', tags: ['Caching'], docstring: null }),
      makePattern({ qualifiedName: 'documented', tags: [], docstring: 'Grants 100% of the quota_limit.' }),
      makePattern({ qualifiedName: 'plain', tags: [], docstring: 'Grants 100 of the quotaXlimit.' }),
    ];
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const names = async (text: string, limit = 10) =>
      (await ctx.store.search(text, limit)).map((p) => p.qualifiedName);
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
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const at = async (line: number) => (await ctx.store.findAt(FILE, line)).map((p) => p.qualifiedName);
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
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    await ctx.store.writeFile(REPO, makeFile('bin.py', { skipReason: 'binary' }), [], []);
    const s = await ctx.store.stats();
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
    await ctx.t.reset();
    expect(await ctx.store.stats()).toMatchObject({ patterns: 0, averageQuality: null, stddevQuality: null });
  });

  it('validationFacts counts file-like names but not methods named __init__ or prose with a slash', async () => {
    const rows = [
      makePattern({ qualifiedName: 'Session.__init__' }),
      makePattern({ qualifiedName: 'read_all', patternName: 'File I/O Read All Function' }),
      makePattern({ qualifiedName: '__init__.py', name: '__init__.py' }),
      makePattern({ qualifiedName: 'x', patternName: 'test_x.pyi' }),
      makePattern({ qualifiedName: 'y', patternName: 'pkg/util' }),
      makePattern({ qualifiedName: 'session.py', name: 'session.py' }),
      makePattern({ qualifiedName: 'session' }),
    ];
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const { componentStddev, ...facts } = await ctx.store.validationFacts();
    expect(facts.stddevQuality).toBeCloseTo(0, 12);
    expect(componentStddev).toMatchObject({ testCoverage: null, withCoverage: 0, patterns: 7 });
    expect({ ...facts, stddevQuality: 0 }).toEqual({
      total: 7,
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

  it("validationFacts gives each component's spread, and coverage's only over patterns that have it", async () => {
    const totals = [0.9, 0.5, 0.2];
    const rows = totals.map((q, i) =>
      makePattern({ qualifiedName: `g${i}`, quality: makeQuality(q, i === 0 ? 0.4 : null) }),
    );
    rows[2] = { ...rows[2]!, quality: { ...rows[2]!.quality, profile: 'onex' } };
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const spread = (await ctx.store.validationFacts()).componentStddev!;
    // The onex-scored pattern is left out: its components are another profile's.
    const mean = (0.9 + 0.5) / 2;
    const sd = Math.sqrt(((0.9 - mean) ** 2 + (0.5 - mean) ** 2) / 2);
    for (const c of ['complexity', 'documentation', 'reusability', 'maintainability'] as const)
      expect(spread[c]).toBeCloseTo(sd, 10);
    expect(spread.testCoverage).toBeCloseTo(0, 10);
    expect(spread).toMatchObject({ withCoverage: 1, patterns: 2 });
  });

  it('validationFacts counts missing metadata', async () => {
    await ctx.store.writeFile(REPO, makeFile(FILE), [makePattern({ category: ' ', implementation: '' })], []);
    expect((await ctx.store.validationFacts()).missingMetadata).toBe(1);
  });

  it('index runs open as running and finish with their counts', async () => {
    expect(await ctx.store.lastRun()).toBeNull();
    const id = await ctx.store.beginRun(REPO, '/work/repo');
    expect(await ctx.store.lastRun()).toMatchObject({
      id,
      status: 'running',
      root: '/work/repo',
      finishedAt: null,
    });
    const counts = {
      filesSeen: 10,
      filesIndexed: 7,
      filesUnchanged: 2,
      filesSkipped: 1,
      filesRemoved: 0,
      patterns: 99,
      durationMs: 1234,
    };
    await ctx.store.finishRun({ id, status: 'completed', finishedAt: null, ...counts });
    const run = (await ctx.store.lastRun())!;
    expect(run).toMatchObject({ id, status: 'completed', ...counts });
    expect(run.finishedAt! >= run.startedAt).toBe(true);
    const second = await ctx.store.beginRun(REPO, '/work/repo');
    expect(second).toBeGreaterThan(id);
    expect((await ctx.store.stats()).lastRun?.id).toBe(second);
  });

  it('exportPatterns pages through every pattern in id order', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => makePattern({ qualifiedName: `f${i}` }));
    await ctx.store.writeFile(REPO, makeFile(FILE), rows, []);
    const pages: string[][] = [];
    for await (const page of ctx.store.exportPatterns(3)) pages.push(page.map((p) => p.id));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(rows.map((r) => r.id).sort());
  });

  it('reports query errors with the SQLSTATE and a caret under the position', async () => {
    const error = await ctx.t.sql.query('SELECT id,\n       nope\nFROM patterns').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('42703');
    expect((error as StorageError).message).toContain('  2 |        nope\n             ^');
  });
}
