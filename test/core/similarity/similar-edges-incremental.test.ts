/**
 * With exact searches, an incremental SIMILAR_TO run must cut exactly the edges a full run cuts on the
 * same patterns: the stored edges it keeps are the ones a full run would find again.
 */
import { describe, expect, it } from 'vitest';
import type { SimilarEdge } from '../../../server/src/core/ports';
import { type SimilarToSettings, similarEdges } from '../../../server/src/core/similarity/similar-edges';

const settings: SimilarToSettings = { threshold: 0.7, k: 3, minStatements: 5 };

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/**
 * Patterns in a few groups; a pair's similarity is drawn once, high within a group and low across. The
 * search breaks ties by id, as a full run's merge does (with another order a tie at the k-th place
 * may keep either pattern; both are right).
 */
class World {
  readonly group = new Map<string, number>();
  readonly hash = new Map<string, string>();
  private readonly drawn = new Map<string, number>();
  readonly searched: string[] = [];
  constructor(private readonly next: () => number) {}

  add(id: string, group: number, hash = id): void {
    this.group.set(id, group);
    this.hash.set(id, hash);
  }
  /** The pattern's code changed: new group, new similarities. */
  change(id: string, group: number): void {
    for (const key of [...this.drawn.keys()]) if (key.split('|').includes(id)) this.drawn.delete(key);
    this.group.set(id, group);
  }
  remove(id: string): void {
    this.group.delete(id);
  }
  similarity(a: string, b: string): number {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let value = this.drawn.get(key);
    if (value === undefined) {
      value = (this.group.get(a) === this.group.get(b) ? 0.62 : 0.1) + this.next() * 0.36;
      this.drawn.set(key, value);
    }
    return value;
  }
  private ranked(id: string) {
    return [...this.group.keys()]
      .filter((o) => o !== id)
      .map((o) => ({ id: o, similarity: this.similarity(id, o) }))
      .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  }
  readonly search = async (id: string, k: number) => {
    this.searched.push(id);
    return this.ranked(id).slice(0, k);
  };
  readonly above = async (id: string, min: number) => this.ranked(id).filter((h) => h.similarity >= min);
  inputs(changed: ReadonlySet<string> | 'all') {
    return [...this.group.keys()].map((id) => ({
      id,
      filePath: `pkg/${id}.py`,
      qualifiedName: id,
      astHash: this.hash.get(id)!,
      changed: changed === 'all' || changed.has(id),
    }));
  }
}

const pairs = (edges: { sourceId: string; targetId: string | null; confidence: number }[]) =>
  edges.map((e) => `${e.sourceId}>${e.targetId} ${e.confidence}`).sort();

const storedOf = (edges: Awaited<ReturnType<typeof similarEdges>>['edges']): SimilarEdge[] =>
  edges.map((e) => ({
    sourceId: e.sourceId,
    targetId: e.targetId!,
    similarity: e.confidence,
    evidence: e.evidence,
  }));

async function full(world: World) {
  return similarEdges(world.inputs('all'), [], world.search, settings, null);
}

describe('incremental SIMILAR_TO edges', () => {
  it('match a full run after 300 random rounds of changed, added and removed patterns', async () => {
    let differing = 0;
    let searchedAgain = 0;
    let patterns = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const world = new World(next);
      for (let i = 0; i < 30; i++) world.add(`p${i}`, Math.floor(next() * 5));
      let stored = storedOf((await full(world)).edges);
      // Three runs in a row, each keeping what the one before wrote.
      for (let run = 0; run < 3; run++) {
        const changed = new Set<string>();
        const ids = [...world.group.keys()];
        world.remove(ids[Math.floor(next() * ids.length)]!);
        const added = `n${run}`;
        world.add(added, Math.floor(next() * 5));
        changed.add(added);
        for (let c = 0; c < 2; c++) {
          const id = ids[Math.floor(next() * ids.length)]!;
          if (!world.group.has(id)) continue;
          world.change(id, Math.floor(next() * 5));
          changed.add(id);
        }
        world.searched.length = 0;
        const incremental = await similarEdges(
          world.inputs(changed),
          stored,
          world.search,
          settings,
          world.above,
        );
        expect(incremental.full).toBe(false);
        searchedAgain += incremental.searched;
        patterns += world.group.size;
        const fresh = await full(world);
        if (pairs(incremental.edges).join() !== pairs(fresh.edges).join()) differing++;
        stored = storedOf(incremental.edges);
      }
    }
    expect(differing).toBe(0);
    // It stays incremental: far fewer searches than patterns.
    expect(searchedAgain / patterns).toBeLessThan(0.6);
  });

  it("adds a new pattern to an unchanged pattern's k nearest even when it is not among the new one's", async () => {
    const world = new World(() => 0);
    // a1…a4 alike; `x` will be closest to a1…a3, and a4's best match.
    for (const id of ['a1', 'a2', 'a3', 'a4']) world.add(id, 0);
    const table: Record<string, number> = {
      'a1|a2': 0.95,
      'a1|a3': 0.94,
      'a2|a3': 0.93,
      'a1|a4': 0.75,
      'a2|a4': 0.74,
      'a3|a4': 0.73,
      'a4|x': 0.8,
      'a1|x': 0.99,
      'a2|x': 0.98,
      'a3|x': 0.97,
    };
    world.similarity = (a, b) => table[a < b ? `${a}|${b}` : `${b}|${a}`] ?? 0.1;
    const stored = storedOf((await full(world)).edges);
    world.add('x', 0);
    const incremental = await similarEdges(
      world.inputs(new Set(['x'])),
      stored,
      world.search,
      settings,
      world.above,
    );
    // x's own three nearest are a1, a2, a3; a4 now has x (0.8) among its three nearest instead of a3.
    expect(pairs(incremental.edges).filter((e) => e.startsWith('a4>'))).toEqual([
      'a4>a1 0.75',
      'a4>a2 0.74',
      'a4>x 0.8',
    ]);
    expect(pairs(incremental.edges)).toEqual(pairs((await full(world)).edges));
  });

  it('refuses an incremental run without the search above the threshold', async () => {
    const world = new World(random(7));
    for (let i = 0; i < 6; i++) world.add(`p${i}`, 0);
    const stored = storedOf((await full(world)).edges);
    world.change('p0', 1);
    await expect(
      similarEdges(world.inputs(new Set(['p0'])), stored, world.search, settings, null),
    ).rejects.toThrow(/search of every pattern above the threshold/);
  });
});
