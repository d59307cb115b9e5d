/**
 * The graph's commands on the multi-file fixture package: `graph` (both directions, depth, types,
 * JSON), `record-usage` through the trigger, `show` with relationships, design patterns and usage,
 * `patterns --type design_pattern` with participants, `stats` with edge counts, and bad input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motif, motifJson, removeTemps, tempDir, withEmptyStore } from '../helpers/cli';

const FIXTURE = path.resolve(__dirname, '../fixtures/graph-package');
let root: string;

beforeAll(async () => {
  root = path.join(tempDir(), 'package');
  fs.cpSync(FIXTURE, root, { recursive: true });
  // A context manager, so the package has a design pattern to list.
  fs.writeFileSync(
    path.join(root, 'shop', 'session.py'),
    'class Session:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, kind, value, tb):\n        return False\n',
  );
  await withEmptyStore(root);
  const run = await motif(root, ['index', '--jobs', '1', '.']);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(removeTemps);

interface GraphJson {
  pattern: { qualified_name: string };
  edges: {
    depth: number;
    type: string;
    source: string;
    target: string;
    confidence: number;
    guess: boolean;
  }[];
}

describe('motif graph', () => {
  it('lists neighbours in both directions', async () => {
    const g = await motifJson<GraphJson>(root, ['graph', 'charge', '--json']);
    const edges = g.edges
      .map((e) => `${e.type} ${e.source} → ${e.target}${e.guess ? ' (guess)' : ''}`)
      .sort();
    expect(edges).toEqual(
      [
        'USES charge → shop.models.Item.total (guess)',
        'USES charge → shop.models.Order',
        'USES charge → shop.models.Order.total (guess)',
        'USES charge → shop.util.fee',
        'USES main → shop.services.billing.charge',
        'USES refund → shop.services.billing.charge',
      ].sort(),
    );
  });

  it('follows more steps with --depth and keeps only --type', async () => {
    const one = await motifJson<GraphJson>(root, ['graph', 'SpecialOrder', '--json', '--type', 'extends']);
    expect(one.edges.map((e) => `${e.source} → ${e.target}`)).toEqual(['SpecialOrder → shop.models.Order']);
    const two = await motifJson<GraphJson>(root, [
      'graph',
      'SpecialOrder',
      '--json',
      '--type',
      'EXTENDS',
      '--depth',
      '2',
    ]);
    expect(two.edges.map((e) => `${e.depth} ${e.source} → ${e.target}`).sort()).toEqual(
      ['1 SpecialOrder → shop.models.Order', '2 Order → shop.models.Base'].sort(),
    );
  });

  it('prints a readable list', async () => {
    const run = await motif(root, ['graph', 'Base.save']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('USES → shop.models.Base.validate');
    expect(run.stdout).toContain('USES ← SpecialOrder.add');
    expect(run.stdout).toContain('COMPOSED_OF ← Base');
  });

  it('refuses a bad type, depth or an unknown pattern with one clear line', async () => {
    expect((await motif(root, ['graph', 'charge', '--type', 'CALLS'])).stderr).toMatch(
      /--type must be one of/,
    );
    expect((await motif(root, ['graph', 'charge', '--depth', '9'])).stderr).toMatch(/--depth must be/);
    const missing = await motif(root, ['graph', 'nope']);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'motif: no pattern matches "nope" (give an id, file.py:line or a qualified name)\n',
    ]);
  });
});

describe('motif record-usage', () => {
  it('counts a use through the trigger and lists the agent once', async () => {
    const before = await motifJson<{ usage_count: number }>(root, ['show', 'fee', '--json']);
    await motif(root, ['record-usage', 'fee', '--agent', 'claude', '--context', 'billing fix']);
    const run = await motifJson<{ usage_count: number; used_by_agents: string[] }>(root, [
      'record-usage',
      'fee',
      '--agent',
      'claude',
      '--json',
    ]);
    expect(run.usage_count).toBe(before.usage_count + 2);
    expect(run.used_by_agents).toEqual(['claude']);
    const shown = await motifJson<{
      last_used_at: string | null;
      usage_events: { agent: string; context: string | null }[];
    }>(root, ['show', 'fee', '--json']);
    expect(shown.last_used_at).not.toBeNull();
    expect(shown.usage_events.map((e) => e.context)).toEqual(expect.arrayContaining(['billing fix', null]));
  });

  it('keeps recorded uses across a re-index', async () => {
    await motif(root, ['index', '--jobs', '1', '--full', '.']);
    const after = await motifJson<{ usage_count: number; used_by_agents: string[] }>(root, [
      'show',
      'fee',
      '--json',
    ]);
    expect([after.usage_count, after.used_by_agents]).toEqual([1 + 2, ['claude']]);
  });

  it('needs an agent', async () => {
    const run = await motif(root, ['record-usage', 'fee']);
    expect([run.code, run.stderr]).toEqual([2, 'motif: --agent NAME is required (who used the pattern)\n']);
  });
});

describe('show, patterns and stats', () => {
  it('show lists relationships, usage and design-pattern roles', async () => {
    const run = await motif(root, ['show', 'Session']);
    expect(run.stdout).toContain('Takes part in\n  Context manager as context manager (confidence 0.95)');
    // Composed of its two methods, and part of the design-pattern record that names it.
    expect(run.stdout).toContain('Relationships (3)\n  COMPOSED_OF ← Session@context_manager');
    expect(run.stdout).toContain('COMPOSED_OF → shop.session.Session.__enter__');
    const json = await motifJson<{ design_patterns: unknown[]; relationships: unknown[] }>(root, [
      'show',
      'Session',
      '--json',
    ]);
    expect(json.design_patterns).toEqual([
      { name: 'Context manager', role: 'context manager', confidence: 0.95 },
    ]);
    expect(json.relationships).toHaveLength(3);
  });

  it('patterns --type design_pattern lists detections with their participants', async () => {
    const run = await motif(root, ['patterns', '--type', 'design_pattern']);
    expect(run.stdout).toContain('Context manager');
    expect(run.stdout).toContain('    enter                  Session.__enter__');
  });

  it('stats counts edges by type', async () => {
    const stats = await motifJson<{ edges: Record<string, number> }>(root, ['stats', '--json']);
    expect(stats.edges).toMatchObject({ EXTENDS: 4, USES: 16 });
    expect(stats.edges.COMPOSED_OF).toBeGreaterThanOrEqual(9);
  });
});
