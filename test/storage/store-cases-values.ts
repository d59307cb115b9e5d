/**
 * Store cases about values that travel awkwardly: text that needs quoting or escaping in some format,
 * long text, extreme numbers, timestamps to the microsecond, and values the schema refuses. Registered
 * by `storeSuite`, so the COPY path and the portable path meet the same cases.
 */
import { expect, it } from 'vitest';
import { StorageError } from '../../server/src/storage/sql-client';
import { makeFile, makePattern, makeQuality } from '../helpers/storage';
import { bare, FILE, REPO, type SuiteContext } from './store-context';

/** Characters that some encoding along the way has to quote, escape or count in more than one byte. */
const AWKWARD = "q\"uote 'single' back\\slash, comma; tab\there\r\nnewline \u0001soh {brace} é → 𝄞 ";

/** Register the value cases against the suite's store. */
export function valueCases(ctx: SuiteContext): void {
  it('writeFile round-trips awkward text, empty strings and lists, long text and extreme numbers', async () => {
    const quality = makeQuality(0.1 + 0.2, 5e-324);
    quality.components.maintainability.evidence = AWKWARD;
    const p = makePattern({
      qualifiedName: `Awkward.${AWKWARD.length}`,
      name: AWKWARD,
      patternName: AWKWARD,
      category: '',
      tags: ['', 'NULL', AWKWARD, '{}', '"'],
      dependencies: [],
      decorators: [],
      bases: [AWKWARD],
      calls: Array.from({ length: 300 }, (_, i) => `call_${i}`),
      references: [],
      signature: AWKWARD,
      docstring: '',
      returnAnnotation: AWKWARD,
      parameters: [{ name: AWKWARD, annotation: null, default: '"\\', kind: 'keyword_only' }],
      imports: [{ local: 'x', module: AWKWARD, name: null, level: 0, line: 1 }],
      // Past the 64 KB a COPY buffer starts with, and past PostgreSQL's 2 KB out-of-line threshold.
      implementation: `${AWKWARD}\n`.repeat(3000),
      metrics: {
        halsteadVolume: Number.MAX_VALUE,
        maintainabilityIndex: -0.000001,
        cyclomatic: 2_147_483_647,
        cognitive: -2_147_483_648,
        lcom4: 0,
        coverage: 5e-324,
      },
      quality,
      usageCount: 0,
    });
    await ctx.store.writeFile(REPO, makeFile(FILE), [p], []);
    expect(bare(await ctx.store.getPattern(p.id))).toEqual(p);
    const [found] = await ctx.store.findByQualifiedName(p.qualifiedName);
    expect(found?.docstring).toBe('');
    expect(found?.tags).toEqual(['', 'NULL', AWKWARD, '{}', '"']);
  });

  it('a rewrite carries created_at over to the microsecond', async () => {
    const p = makePattern();
    await ctx.store.writeFile(REPO, makeFile(FILE), [p], []);
    const stamps = () =>
      ctx.t.sql.query<{ c: string; u: string }>(
        'SELECT created_at::text AS c, updated_at::text AS u FROM patterns WHERE id = $1',
        [p.id],
      );
    const [before] = await stamps();
    await ctx.store.writeFile(REPO, makeFile(FILE, { contentHash: 'other' }), [p], []);
    expect(await stamps()).toEqual([before]);
    await ctx.store.writeFile(REPO, makeFile(FILE), [{ ...p, contentHash: 'edited' }], []);
    const [after] = await stamps();
    expect(after?.c).toBe(before?.c);
    expect(after?.u).not.toBe(before?.u);
  });

  it('writeFile refuses a metric that is not an integer and a reference without sites, changing nothing', async () => {
    const good = makePattern({ qualifiedName: 'good' });
    await ctx.store.writeFile(REPO, makeFile(FILE), [good], []);
    const fraction = makePattern({ qualifiedName: 'bad', metrics: { sloc: 1.5 } });
    const error = await ctx.store
      .writeFile(REPO, makeFile(FILE, { contentHash: 'new' }), [fraction], [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('query');
    expect((error as StorageError).message).toMatch(/integer/);
    await expect(
      ctx.store.writeFile(REPO, makeFile(FILE), [], [{ targetModule: 'pkg', targetName: 'x', sites: 0 }]),
    ).rejects.toThrow(/pkg:x has 0 sites/);
    expect(bare(await ctx.store.getPattern(good.id))).toEqual(good);
    expect((await ctx.store.fileStates(REPO)).get(FILE)?.contentHash).toBe(makeFile(FILE).contentHash);
  });
}
