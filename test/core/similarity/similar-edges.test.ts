/** SIMILAR_TO edges: top-k above the threshold, and the incremental rule for what is searched again. */
import { describe, expect, it } from 'vitest';
import type { SimilarEdge } from '../../../server/src/core/ports';
import { type SimilarToSettings, similarEdges } from '../../../server/src/core/similarity/similar-edges';

const settings: SimilarToSettings = { threshold: 0.7, k: 2, minStatements: 5 };

/** A symmetric similarity table; the search answers best first, like an index. */
function world(table: Record<string, number>) {
  const sim = (a: string, b: string) => table[`${a}-${b}`] ?? table[`${b}-${a}`] ?? 0.1;
  const searched: string[] = [];
  return {
    searched,
    search: async (id: string, k: number, ids: string[]) => {
      searched.push(id);
      return ids
        .filter((o) => o !== id)
        .map((o) => ({ id: o, similarity: sim(id, o) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, k);
    },
    /** Every pattern at or above `min` (not recorded as a search: it is the incremental check). */
    above: async (id: string, min: number, ids: string[]) =>
      ids.filter((o) => o !== id && sim(id, o) >= min).map((o) => ({ id: o, similarity: sim(id, o) })),
  };
}

const input = (id: string, changed = false, astHash = id) => ({
  id,
  filePath: `pkg/${id}.py`,
  qualifiedName: id,
  astHash,
  changed,
});

const pairs = (edges: { sourceId: string; targetId: string | null }[]) =>
  edges.map((e) => `${e.sourceId}>${e.targetId}`).sort();

describe('SIMILAR_TO edges', () => {
  it('on a first run, links each pattern to its k nearest at or above the threshold', async () => {
    const w = world({ 'a-b': 0.9, 'a-c': 0.75, 'a-d': 0.72, 'b-c': 0.5, 'c-d': 0.69 });
    const inputs = ['a', 'b', 'c', 'd'].map((id) => input(id, true));
    const ids = inputs.map((p) => p.id);
    const result = await similarEdges(inputs, [], (id, k) => w.search(id, k, ids), settings, null);
    expect(result.full).toBe(true);
    expect(result.searched).toBe(4);
    // a: b and c (d is third); b: a; c: a (d at 0.69 is below); d: a.
    expect(pairs(result.edges)).toEqual(['a>b', 'a>c', 'b>a', 'c>a', 'd>a']);
    const ab = result.edges.find((e) => e.sourceId === 'a' && e.targetId === 'b')!;
    expect(ab).toMatchObject({ type: 'SIMILAR_TO', confidence: 0.9, targetName: 'pkg.b.b', isGuess: false });
    expect(ab.evidence).toMatch(/structural similarity 0\.90 \(5\+ statements, threshold 0\.7, 2 nearest\)$/);
  });

  it('scores copies with equal normalised-AST hashes 1.0', async () => {
    const w = world({ 'a-b': 0.95 });
    const inputs = [input('a', true, 'h'), input('b', true, 'h')];
    const result = await similarEdges(inputs, [], (id, k) => w.search(id, k, ['a', 'b']), settings, null);
    expect(result.edges.map((e) => e.confidence)).toEqual([1, 1]);
    expect(result.edges[0]!.evidence).toMatch(/^same normalised syntax tree/);
  });

  it('re-searches only the changed patterns, the sources pointing at changed or vanished ones and those a changed one now enters', async () => {
    const before = world({ 'a-b': 0.9, 'c-d': 0.8, 'e-f': 0.85, 'g-h': 0.8 });
    const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const first = await similarEdges(
      all.map((id) => input(id, true)),
      [],
      (id, k) => before.search(id, k, all),
      settings,
      null,
    );
    const stored: SimilarEdge[] = first.edges.map((e) => ({
      sourceId: e.sourceId,
      targetId: e.targetId!,
      similarity: e.confidence,
      evidence: e.evidence,
    }));
    // Now: `a` changed and is close to `g` instead of `b`; `f` vanished (its file was deleted).
    const now = all.filter((id) => id !== 'f');
    const after = world({ 'a-g': 0.88, 'a-b': 0.3, 'c-d': 0.8, 'g-h': 0.8 });
    const result = await similarEdges(
      now.map((id) => input(id, id === 'a')),
      stored,
      (id, k) => after.search(id, k, now),
      settings,
      (id, min) => after.above(id, min, now),
    );
    expect(result.full).toBe(false);
    // a (changed), b (pointed at a), e (pointed at vanished f), g (a now enters its k nearest).
    expect(after.searched.sort()).toEqual(['a', 'b', 'e', 'g']);
    expect(pairs(result.edges)).toEqual(['a>g', 'c>d', 'd>c', 'g>a', 'g>h', 'h>g']);
  });

  it('keeps an unchanged edge exactly as a full run cut it, its text written from the rounded score', async () => {
    // 0.87496 is stored as 0.875: the evidence must not read 0.87 when cut and 0.88 when kept.
    const w = world({ 'a-b': 0.87496, 'c-d': 0.8 });
    const all = ['a', 'b', 'c', 'd'];
    const first = await similarEdges(
      all.map((id) => input(id, true)),
      [],
      (id, k) => w.search(id, k, all),
      settings,
      null,
    );
    const stored: SimilarEdge[] = first.edges.map((e) => ({
      sourceId: e.sourceId,
      targetId: e.targetId!,
      similarity: e.confidence,
      evidence: e.evidence,
    }));
    const again = await similarEdges(
      all.map((id) => input(id, id === 'c')),
      stored,
      (id, k) => w.search(id, k, all),
      settings,
      (id, min) => w.above(id, min, all),
    );
    const ab = (r: typeof first) => r.edges.find((e) => e.sourceId === 'a' && e.targetId === 'b');
    expect(ab(again)).toEqual(ab(first));
    expect(ab(first)).toMatchObject({ confidence: 0.875 });
    expect(ab(first)!.evidence).toMatch(/^structural similarity 0\.88 /);
  });

  it('recomputes everything when the settings changed', async () => {
    const w = world({ 'a-b': 0.9 });
    const stored: SimilarEdge[] = [
      {
        sourceId: 'a',
        targetId: 'b',
        similarity: 0.9,
        evidence: 'structural similarity 0.90 (5+ statements, threshold 0.6, 2 nearest)',
      },
    ];
    const result = await similarEdges(
      [input('a'), input('b')],
      stored,
      (id, k) => w.search(id, k, ['a', 'b']),
      settings,
      null,
    );
    expect(result.full).toBe(true);
    expect(pairs(result.edges)).toEqual(['a>b', 'b>a']);
  });
});
