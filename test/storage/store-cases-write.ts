/**
 * Store cases about writing: round trips, rewrites, deletes, references, usage updates, and what a
 * failed write leaves behind. Registered by `storeSuite` for every backend.
 */
import { expect, it } from 'vitest';
import { StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeQuality } from '../helpers/storage';
import { bare, FILE, REPO, type SuiteContext } from './store-context';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Register the write cases against the suite's store. */
export function writeCases(ctx: SuiteContext): void {
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
    await ctx.store.writeFile(REPO, makeFile(FILE), [method, cls], []);
    expect(bare(await ctx.store.getPattern(method.id))).toEqual(method);
    expect(bare(await ctx.store.getPattern(cls.id))).toEqual(cls);
    const [listed] = await ctx.store.listPatterns({ filePath: FILE, sort: 'name' });
    expect(bare(listed!)).toEqual(cls);
    expect(listed!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(await ctx.store.getPattern('missing')).toBeNull();
  });

  it('rewriting a file replaces its patterns and keeps created_at of surviving ids', async () => {
    const a = makePattern({ qualifiedName: 'a' });
    const b = makePattern({ qualifiedName: 'b' });
    await ctx.store.writeFile(REPO, makeFile(FILE), [a, b], []);
    const before = (await ctx.store.getPattern(a.id))!;
    await sleep(15);
    const c = makePattern({ qualifiedName: 'c' });
    await ctx.store.writeFile(REPO, makeFile(FILE, { contentHash: 'changed' }), [a, c], []);
    const same = (await ctx.store.getPattern(a.id))!;
    expect(same.createdAt).toBe(before.createdAt);
    expect(same.updatedAt).toBe(before.updatedAt);
    expect(await ctx.store.getPattern(b.id)).toBeNull();
    expect(await ctx.store.getPattern(c.id)).not.toBeNull();

    await sleep(15);
    const edited = { ...a, contentHash: 'new-hash', implementation: 'def a(): pass' };
    await ctx.store.writeFile(REPO, makeFile(FILE), [edited, c], []);
    const after = (await ctx.store.getPattern(a.id))!;
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt! > before.updatedAt!).toBe(true);
    expect(after.implementation).toBe('def a(): pass');
    expect((await ctx.store.fileStates(REPO)).get(FILE)?.contentHash).toBe(makeFile(FILE).contentHash);

    await ctx.store.writeFile(REPO, makeFile(FILE), [], []);
    expect(await ctx.store.listPatterns({ filePath: FILE })).toEqual([]);
  });

  it('rewriting a file replaces a pattern whose id changed but whose qualified name did not', async () => {
    const before = makePattern({ id: 'id-from-an-older-scheme' });
    await ctx.store.writeFile(REPO, makeFile(FILE), [before], []);
    const after = makePattern();
    await ctx.store.writeFile(REPO, makeFile(FILE), [after], []);
    expect(await ctx.store.getPattern(before.id)).toBeNull();
    expect(bare(await ctx.store.getPattern(after.id))).toEqual(after);
  });

  it('fileStates remembers hashes and skip reasons per repository', async () => {
    await ctx.store.writeFile(REPO, makeFile('a.py'), [], []);
    await ctx.store.writeFile(
      REPO,
      makeFile('big.py', { contentHash: null, skipReason: 'too large' }),
      [],
      [],
    );
    await ctx.store.writeFile('other', makeFile('a.py'), [], []);
    const states = await ctx.store.fileStates(REPO);
    expect([...states.keys()].sort()).toEqual(['a.py', 'big.py']);
    expect(states.get('big.py')).toEqual({ path: 'big.py', contentHash: null, skipReason: 'too large' });
  });

  it('deleteFiles removes the files with their patterns and references', async () => {
    const p = makePattern({ filePath: 'x.py' });
    await ctx.store.writeFile(
      REPO,
      makeFile('x.py'),
      [p],
      [{ targetModule: 'pkg.db', targetName: 'Session', sites: 2 }],
    );
    await ctx.store.writeFile(
      REPO,
      makeFile('y.py'),
      [],
      [{ targetModule: 'pkg', targetName: '', sites: 1 }],
    );
    await ctx.store.deleteFiles(REPO, ['x.py', 'not-there.py']);
    expect(await ctx.store.getPattern(p.id)).toBeNull();
    expect((await ctx.store.references(REPO)).map((r) => r.fromPath)).toEqual(['y.py']);
    expect([...(await ctx.store.fileStates(REPO)).keys()]).toEqual(['y.py']);
  });

  it('references are replaced per file and duplicate targets summed', async () => {
    const ref = (targetName: string, sites: number) => ({ targetModule: 'pkg.db.tx', targetName, sites });
    await ctx.store.writeFile(REPO, makeFile('a.py'), [], [ref('commit', 1), ref('x', 4)]);
    await ctx.store.writeFile(
      REPO,
      makeFile('a.py'),
      [],
      [ref('commit', 2), ref('commit', 3), ref('Tx.run', 1)],
    );
    expect(await ctx.store.references(REPO)).toEqual([
      { fromPath: 'a.py', targetModule: 'pkg.db.tx', targetName: 'Tx.run', sites: 1 },
      { fromPath: 'a.py', targetModule: 'pkg.db.tx', targetName: 'commit', sites: 5 },
    ]);
  });

  it('usageInputs return stored components and weights; applyUsage rescores', async () => {
    const p = makePattern({ quality: makeQuality(0.5) });
    await ctx.store.writeFile(REPO, makeFile(FILE), [p], []);
    const [input] = await ctx.store.usageInputs(REPO);
    expect(input).toEqual({
      id: p.id,
      filePath: FILE,
      qualifiedName: p.qualifiedName,
      kind: 'method',
      components: {
        complexity: 0.5,
        documentation: 0.5,
        test_coverage: null,
        reusability: 0.5,
        maintainability: 0.5,
      },
      weights: {
        complexity: 0.25,
        documentation: 0.2,
        test_coverage: 0.2,
        reusability: 0.15,
        maintainability: 0.2,
      },
      usageCount: 0,
      usageFiles: 0,
      reusabilityEvidence: 'reusability evidence → 0.5',
    });
    await ctx.store.applyUsage([
      {
        id: p.id,
        usageCount: 9,
        usageFiles: 4,
        reusabilityScore: 1,
        reusabilityEvidence: '9 uses',
        qualityScore: 0.6,
      },
    ]);
    const after = (await ctx.store.getPattern(p.id))!;
    expect(after.usageCount).toBe(9);
    expect(after.usageFiles).toBe(4);
    expect(after.quality.total).toBe(0.6);
    expect(after.quality.components.reusability).toEqual({
      ...p.quality.components.reusability,
      score: 1,
      evidence: '9 uses',
    });
    expect((await ctx.store.usageInputs(REPO))[0]?.components.reusability).toBe(1);
    // The same figures again leave the row alone: no new row version (xmin), same updated_at.
    const version = () =>
      ctx.t.sql.query<{ v: string }>('SELECT xmin::text AS v FROM patterns WHERE id = $1', [p.id]);
    const before = await version();
    await ctx.store.applyUsage([
      {
        id: p.id,
        usageCount: 9,
        usageFiles: 4,
        reusabilityScore: 1,
        reusabilityEvidence: '9 uses',
        qualityScore: 0.6,
      },
    ]);
    expect(await version()).toEqual(before);
    expect((await ctx.store.getPattern(p.id))?.updatedAt).toBe(after.updatedAt);
    expect((await ctx.store.listPatterns({ minQuality: 0.55 })).map((r) => r.id)).toEqual([p.id]);
  });

  it('applyUsage with grewInRun sets the run start as last use, which the facts refresh then leaves alone', async () => {
    const p = makePattern({ quality: makeQuality(0.5) });
    await ctx.store.writeFile(REPO, makeFile(FILE), [p], []);
    const runId = await ctx.store.beginRun(REPO, '/root');
    const update = {
      id: p.id,
      usageCount: 3,
      usageFiles: 2,
      reusabilityScore: 0.6,
      reusabilityEvidence: '3 uses',
      qualityScore: 0.55,
    };
    await ctx.store.applyUsage([{ ...update, grewInRun: runId }]);
    const run = (await ctx.store.lastRun())!;
    expect(run.id).toBe(runId);
    expect((await ctx.store.getPattern(p.id))?.lastUsedAt).toBe(run.startedAt);
    // The history point of the growth, then the refresh: it derives the same time and rewrites nothing.
    await ctx.store.graph.appendUsageHistory([{ patternId: p.id, runId, usageCount: 3, usageFiles: 2 }]);
    const version = () =>
      ctx.t.sql.query<{ v: string }>('SELECT xmin::text AS v FROM patterns WHERE id = $1', [p.id]);
    const before = await version();
    await ctx.store.graph.refreshUsageFacts(REPO);
    expect(await version()).toEqual(before);
    expect((await ctx.store.getPattern(p.id))?.lastUsedAt).toBe(run.startedAt);
    // Without grewInRun the last use stays as it is.
    await ctx.store.applyUsage([{ ...update, usageCount: 4 }]);
    expect((await ctx.store.getPattern(p.id))?.lastUsedAt).toBe(run.startedAt);
  });

  it('a failing writeFile leaves the previous state of the file intact', async () => {
    const good = makePattern({ qualifiedName: 'good' });
    const ref = { targetModule: 'pkg', targetName: 'x', sites: 1 };
    await ctx.store.writeFile(REPO, makeFile(FILE), [good], [ref]);
    // The second pattern breaks CHECK (line_end >= line_start) once the first one is already in.
    const bad = makePattern({ qualifiedName: 'bad', lineRange: [9, 3] });
    const replacement = makePattern({ qualifiedName: 'replacement' });
    const error = await ctx.store
      .writeFile(REPO, makeFile(FILE, { contentHash: 'new' }), [replacement, bad], [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('query');
    expect((error as StorageError).message).toMatch(/check constraint/);
    expect(bare(await ctx.store.getPattern(good.id))).toEqual(good);
    expect(await ctx.store.getPattern(replacement.id)).toBeNull();
    expect((await ctx.store.fileStates(REPO)).get(FILE)?.contentHash).toBe(makeFile(FILE).contentHash);
    expect(await ctx.store.references(REPO)).toEqual([{ fromPath: FILE, ...ref }]);
  });

  it('writeFile refuses two patterns with one id or one qualified name, and patterns of another file', async () => {
    const p = makePattern();
    await expect(ctx.store.writeFile(REPO, makeFile(FILE), [p, { ...p }], [])).rejects.toThrow(
      /share the id/,
    );
    // A property setter redefines its getter's qualified name: the extractor has to tell them apart.
    const setter = { ...p, id: 'another-id' };
    await expect(ctx.store.writeFile(REPO, makeFile(FILE), [p, setter], [])).rejects.toThrow(
      /share the qualified name Session\.commit/,
    );
    await expect(ctx.store.writeFile(REPO, makeFile('other.py'), [p], [])).rejects.toThrow(/belongs to/);
  });
}
