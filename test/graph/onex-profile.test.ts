/**
 * The `onex` scoring profile on hand-checked examples (each total worked out in the comment beside it),
 * then applied by the indexer: `--profile onex` stores the profile's total and components, a later
 * default run turns them back, and `motif show` explains both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OnexFacts,
  onexCompliancePart,
  recencyPart,
  scoreOnex,
  usageFrequencyPart,
} from '../../server/src/core/onex-profile';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';

const NOW = new Date('2026-11-21T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const node: OnexFacts = {
  kind: 'class',
  name: 'NodeUserFetchEffect',
  cyclomatic: 3,
  hasDocstring: true,
  fullyTyped: true,
  usageCount: 4,
  bases: ['NodeEffect'],
  methods: [
    { name: '__init__', fullyTyped: false },
    { name: 'execute_effect', fullyTyped: true },
  ],
  updatedAt: daysAgo(10),
  lastUsedAt: null,
};

describe('the onex profile', () => {
  it('scores a compliant Effect node: 0.25 + 0.25 + 0.2 × 0.4 + 0.2 + 0.1 = 0.88', () => {
    const s = scoreOnex(node, NOW);
    expect(s.total).toBe(0.88);
    expect(s.components.usage_frequency!.score).toBe(0.4);
    expect(s.components.onex_compliance!.score).toBe(1);
    expect(s.components.onex_compliance!.evidence).toContain('entry point execute_effect ✓');
    expect(s.components.recency!.evidence).toBe('last changed 10 days ago → 1');
  });

  it('leaves ONEX compliance out of a function, renormalising: (0.7×0.25 + 0.5×0.25 + 1×0.2 + 0.5×0.1) / 0.8 = 0.6875', () => {
    const s = scoreOnex(
      {
        ...node,
        kind: 'function',
        name: 'load_rows',
        cyclomatic: 12,
        fullyTyped: false,
        usageCount: 25,
        bases: [],
        methods: [],
        updatedAt: daysAgo(400),
        lastUsedAt: daysAgo(100),
      },
      NOW,
    );
    expect(s.components.onex_compliance).toMatchObject({ score: null, effectiveWeight: 0 });
    expect(s.components.onex_compliance!.evidence).toContain('not applicable');
    expect(s.components.recency!.evidence).toBe('last used 100 days ago → 0.5');
    expect(s.components.complexity!.effectiveWeight).toBeCloseTo(0.3125, 10);
    expect(s.total).toBe(0.6875);
  });

  it('gives a quarter per ONEX mark: name, base, entry point, typed entry point', () => {
    // Named as a node, no Node<Kind> base, untyped entry point: 2 of 4.
    const named = onexCompliancePart({
      kind: 'class',
      name: 'NodePriceCompute',
      bases: ['object'],
      methods: [{ name: 'execute_compute', fullyTyped: false }],
    });
    expect(named.score).toBe(0.5);
    // A Node<Kind> base without the naming, typed `reduce`: 3 of 4.
    const based = onexCompliancePart({
      kind: 'class',
      name: 'CartReducer',
      bases: ['onex.nodes.NodeReducer'],
      methods: [{ name: 'reduce', fullyTyped: true }],
    });
    expect(based.score).toBe(0.75);
    expect(based.evidence).toContain('name Node<Name>Reducer ✗');
    // An ordinary class is no node at all.
    expect(onexCompliancePart({ kind: 'class', name: 'ZipFile', bases: [], methods: [] }).score).toBeNull();
  });

  it('saturates usage at ten uses and bands recency; no change or use known → left out', () => {
    expect(usageFrequencyPart(0).score).toBe(0);
    expect(usageFrequencyPart(10).score).toBe(1);
    expect(usageFrequencyPart(37).score).toBe(1);
    expect(recencyPart(daysAgo(45), null, NOW).score).toBe(0.75);
    expect(recencyPart(daysAgo(200), daysAgo(500), NOW).score).toBe(0.25);
    expect(recencyPart(daysAgo(800), null, NOW).score).toBe(0);
    expect(recencyPart(null, null, NOW).score).toBeNull();
  });
});

const NODE_FILE = `from onex.nodes import NodeEffect


class NodeUserFetchEffect(NodeEffect):
    """Fetch a user."""

    def execute_effect(self, user_id: int) -> dict:
        """Run the fetch."""
        return {"id": user_id}


def helper(x):
    return NodeUserFetchEffect().execute_effect(x)
`;

interface ShownJson {
  quality_score: number;
  quality: {
    profile: string;
    total: number;
    profile_components: Record<string, { score: number | null; effective_weight: number }> | null;
  };
}

describe('motif index --profile onex', () => {
  let root: string;
  beforeAll(async () => {
    root = path.join(tempDir(), 'onex');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'nodes.py'), NODE_FILE);
    await withEmptyStore(root);
  });
  afterAll(removeTemps);

  it('stores the onex total and its components, and show explains them', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '--profile', 'onex', '.']);
    expect(run.code, run.stderr).toBe(0);
    const shown = await motifJson<ShownJson>(root, ['show', 'NodeUserFetchEffect', '--json']);
    expect(shown.quality.profile).toBe('onex');
    const c = shown.quality.profile_components!;
    expect(Object.keys(c)).toEqual([
      'complexity',
      'documentation',
      'usage_frequency',
      'onex_compliance',
      'recency',
    ]);
    // Named, based, execute_effect typed: full compliance; used once (helper); just indexed.
    expect([c.onex_compliance!.score, c.usage_frequency!.score, c.recency!.score]).toEqual([1, 0.1, 1]);
    const expected =
      0.25 * c.complexity!.score! + 0.25 * c.documentation!.score! + 0.2 * 0.1 + 0.2 * 1 + 0.1 * 1;
    expect(shown.quality_score).toBeCloseTo(expected, 4);
    const text = await motif(root, ['show', 'NodeUserFetchEffect']);
    expect(text.stdout).toContain('(profile onex)');
    expect(text.stdout).toContain('onex_compliance');
    expect(text.stdout).toContain('Default profile (first seed)');
    const fn = await motifJson<ShownJson>(root, ['show', 'helper', '--json']);
    expect(fn.quality.profile_components!.onex_compliance).toMatchObject({
      score: null,
      effective_weight: 0,
    });
  });

  it('a default run scores with the default formula again', async () => {
    const run = await motif(root, ['index', '--jobs', '1', '.']);
    expect(run.code, run.stderr).toBe(0);
    const shown = await motifJson<ShownJson>(root, ['show', 'NodeUserFetchEffect', '--json']);
    expect(shown.quality.profile).toBe('default');
    expect(shown.quality.profile_components).toBeNull();
    const text = await motif(root, ['show', 'NodeUserFetchEffect']);
    expect(text.stdout).toContain('motif index --profile onex');
  });

  it('refuses an unknown profile', async () => {
    const run = await motif(root, ['index', '--profile', 'fancy', '.']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('fancy');
  });
});
