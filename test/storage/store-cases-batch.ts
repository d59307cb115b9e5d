/**
 * Store cases about `writeFiles`, the indexer's batch write: it must leave exactly what writing the
 * same files one by one leaves (rows, references, vectors, carried timestamps), and fail as a whole.
 * Registered by `storeSuite` for every backend.
 */
import { expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { FileWrite, VectorEntry } from '../../server/src/core/ports';
import { VECTOR_DIMENSIONS } from '../../server/src/core/similarity/features';
import { makeFile, makePattern } from '../helpers/storage';
import { bare, REPO, type SuiteContext } from './store-context';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withPrint(p: PatternRecord, seed: number): PatternRecord {
  const vector = new Float32Array(VECTOR_DIMENSIONS);
  for (let i = 0; i < vector.length; i++) vector[i] = Math.sin(seed * 17 + i) / 7.7;
  return {
    ...p,
    fingerprint: { vector, astHash: `h${seed % 2}`, statements: seed, tokens: 40 + seed, model: 'm' },
  };
}

async function vectors(ctx: SuiteContext): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for await (const page of ctx.store.similarity.vectorEntries(50) as AsyncIterable<VectorEntry[]>) {
    for (const e of page) out.set(e.payload.patternId, [...e.vector]);
  }
  return out;
}

/** Three files: two with patterns, fingerprints and references, one skipped (no patterns). */
function threeFiles(hash: string): FileWrite[] {
  const a1 = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'f' }), 1);
  const a2 = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'g' }), 2);
  const b1 = withPrint(makePattern({ filePath: 'pkg/b.py', qualifiedName: 'Session' }), 3);
  const ref = { targetModule: 'pkg.b', targetName: 'Session', sites: 2 };
  return [
    { file: makeFile('pkg/b.py', { contentHash: `b-${hash}` }), patterns: [b1], references: [] },
    { file: makeFile('a.py', { contentHash: `a-${hash}` }), patterns: [a1, a2], references: [ref] },
    {
      file: makeFile('big.py', { contentHash: `c-${hash}`, skipReason: 'too_large' }),
      patterns: [],
      references: [],
    },
  ];
}

/** Register the batch-write cases against the suite's store. */
export function batchCases(ctx: SuiteContext): void {
  it('writeFiles leaves what writing the files one by one leaves', async () => {
    const files = threeFiles('1');
    for (const f of files) await ctx.store.writeFile(REPO, f.file, f.patterns, f.references);
    const oneByOne = {
      patterns: (await ctx.store.listPatterns({ sort: 'name' })).map(bare),
      states: await ctx.store.fileStates(REPO),
      references: await ctx.store.references(REPO),
      vectors: await vectors(ctx),
    };
    await ctx.t.reset();
    await ctx.store.writeFiles!(REPO, threeFiles('1'));
    expect((await ctx.store.listPatterns({ sort: 'name' })).map(bare)).toEqual(oneByOne.patterns);
    expect(await ctx.store.fileStates(REPO)).toEqual(oneByOne.states);
    expect(await ctx.store.references(REPO)).toEqual(oneByOne.references);
    expect(await vectors(ctx)).toEqual(oneByOne.vectors);
    expect(oneByOne.vectors.size).toBe(3);
  });

  it('writeFiles replaces earlier versions and carries created_at of surviving ids', async () => {
    const first = threeFiles('1');
    await ctx.store.writeFiles!(REPO, first);
    const kept = first[1]!.patterns[0]!;
    const before = (await ctx.store.getPattern(kept.id))!;
    await sleep(15);
    // a.py loses g and gains h; b.py keeps its pattern with another score; big.py is gone from the batch.
    const h = withPrint(makePattern({ filePath: 'a.py', qualifiedName: 'h' }), 4);
    const b1 = first[0]!.patterns[0]!;
    const rescored = { ...b1, quality: { ...b1.quality, total: 0.123 } };
    await ctx.store.writeFiles!(REPO, [
      { file: makeFile('a.py', { contentHash: 'a-2' }), patterns: [kept, h], references: [] },
      { file: makeFile('pkg/b.py', { contentHash: 'b-2' }), patterns: [rescored], references: [] },
    ]);
    const same = (await ctx.store.getPattern(kept.id))!;
    expect(same.createdAt).toBe(before.createdAt);
    expect(same.updatedAt).toBe(before.updatedAt);
    expect(await ctx.store.getPattern(first[1]!.patterns[1]!.id)).toBeNull();
    const moved = (await ctx.store.getPattern(b1.id))!;
    expect(moved.quality.total).toBe(0.123);
    expect(moved.updatedAt! > before.updatedAt!).toBe(true);
    expect(await ctx.store.references(REPO)).toEqual([]);
    expect([...(await vectors(ctx)).keys()].sort()).toEqual([kept.id, h.id, b1.id].sort());
    const states = await ctx.store.fileStates(REPO);
    expect(states.get('a.py')?.contentHash).toBe('a-2');
    expect(states.get('big.py')?.skipReason).toBe('too_large');
  });

  it('a failing writeFiles changes none of its files', async () => {
    const first = threeFiles('1');
    await ctx.store.writeFiles!(REPO, first);
    const snapshot = (await ctx.store.listPatterns({ sort: 'name' })).map(bare);
    const states = await ctx.store.fileStates(REPO);
    // b.py's new version is fine; a.py's breaks CHECK (line_end >= line_start) inside the COPY.
    const bad = makePattern({ filePath: 'a.py', qualifiedName: 'bad', lineRange: [9, 3] });
    const error = await ctx.store.writeFiles!(REPO, [
      { file: makeFile('pkg/b.py', { contentHash: 'b-2' }), patterns: [], references: [] },
      { file: makeFile('a.py', { contentHash: 'a-2' }), patterns: [bad], references: [] },
    ]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/check constraint/);
    expect((await ctx.store.listPatterns({ sort: 'name' })).map(bare)).toEqual(snapshot);
    expect(await ctx.store.fileStates(REPO)).toEqual(states);
    expect((await vectors(ctx)).size).toBe(3);
  });

  it('writeFiles refuses a file twice and patterns of another file, before writing anything', async () => {
    const f = threeFiles('1');
    await expect(ctx.store.writeFiles!(REPO, [f[0]!, f[0]!])).rejects.toThrow(/twice/);
    const stray = { ...f[1]!, patterns: [f[0]!.patterns[0]!] };
    await expect(ctx.store.writeFiles!(REPO, [f[0]!, stray])).rejects.toThrow(/belongs to/);
    expect(await ctx.store.fileStates(REPO)).toEqual(new Map());
  });
}
