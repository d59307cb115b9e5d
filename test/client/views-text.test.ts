/**
 * What the client shows, as text: the status-bar item for each server state, the re-index summary,
 * the Pattern Explorer's rows, and the pattern-detail document.
 */
import { describe, expect, it } from 'vitest';
import { groupNodes, patternNodes } from '../../client/src/explorer/tree-nodes';
import { renderPatternDetails } from '../../client/src/pattern-details';
import { reindexSummary } from '../../client/src/reindex-summary';
import { statusView } from '../../client/src/status-text';
import type { PatternDetail, PatternSummary, StatusParams } from '../../shared/protocol';

const ready: StatusParams = {
  state: 'ready',
  patterns: 71952,
  store: { kind: 'embedded', location: '.motif/db', reachable: true },
  trusted: true,
};

const summary: PatternSummary = {
  id: '3fdcc7f60d3d9878',
  name: 'raw_decode',
  qualifiedName: 'JSONDecoder.raw_decode',
  kind: 'method',
  patternType: 'function_pattern',
  patternName: 'Raw Decode Method with Error Handling',
  category: 'error_handling',
  filePath: 'json/decoder.py',
  uri: 'file:///lib/json/decoder.py',
  range: { start: { line: 342, character: 4 }, end: { line: 355, character: 0 } },
  quality: 0.744,
  usageCount: 1,
  usageFiles: 1,
  designPatterns: [],
};

describe('status bar', () => {
  it('shows the pattern count and the store when ready', () => {
    const v = statusView(ready);
    expect(v.text).toBe('$(database) Motif: 71,952 patterns');
    expect(v.tooltip).toContain('71,952 patterns · embedded store (.motif/db)');
    expect(v.warning).toBe(false);
  });

  it('shows indexing progress, degraded state and Restricted Mode', () => {
    expect(statusView({ ...ready, state: 'indexing', progress: { done: 120, total: 1790 } }).text).toBe(
      '$(sync~spin) Motif: indexing 120/1,790',
    );
    const degraded = statusView({
      ...ready,
      state: 'degraded',
      patterns: null,
      trusted: false,
      store: { kind: 'postgres', location: 'postgres://me:***@db/motif', reachable: false },
      message: 'connection refused',
    });
    expect(degraded.text).toBe('$(warning) Motif: degraded');
    expect(degraded.warning).toBe(true);
    expect(degraded.tooltip).toEqual([
      'Motif: degraded',
      'patterns unknown · shared PostgreSQL store (postgres://me:***@db/motif)',
      'store unreachable: lenses and hovers come from open files only',
      'Restricted Mode: local analysis only, no server from workspace settings',
      'connection refused',
      'Click for the Motif output',
    ]);
    expect(statusView(undefined).text).toBe('$(loading~spin) Motif');
  });

  it('shows the embedded store’s sync state with a shared server: queued changes and the last sync', () => {
    const never = { queued: 0, server: null, lastSyncAt: null, lastError: null };
    expect(statusView({ ...ready, store: { ...ready.store, sync: never } }).tooltip.join('\n')).not.toMatch(
      /sync/,
    );
    const queued = statusView({
      ...ready,
      store: {
        ...ready.store,
        sync: {
          queued: 3,
          server: 'postgres://me:***@db/motif',
          lastSyncAt: '2026-11-21 08:00:00+00',
          lastError: 'connection refused',
        },
      },
    });
    expect(queued.text).toBe('$(database) Motif: 71,952 patterns · 3 queued');
    expect(queued.tooltip).toContain(
      'sync: 3 change(s) queued for postgres://me:***@db/motif; last sync 2026-11-21 08:00:00+00 (last error: connection refused)',
    );
    const synced = statusView({
      ...ready,
      store: { ...ready.store, sync: { ...never, server: 'postgres://db/motif', lastSyncAt: '2026-11-21' } },
    });
    expect(synced.text).toBe('$(database) Motif: 71,952 patterns');
    expect(synced.tooltip).toContain('sync: nothing queued for postgres://db/motif; last sync 2026-11-21');
  });
});

describe('re-index summary', () => {
  it('counts what was done, and says when it was cancelled', () => {
    const r = {
      status: 'completed' as const,
      filesSeen: 12,
      filesIndexed: 3,
      filesUnchanged: 9,
      filesRemoved: 0,
      filesSkipped: 1,
      syntaxErrors: 0,
      patterns: 48,
      durationMs: 1234,
    };
    expect(reindexSummary(r)).toBe(
      'Motif: re-index finished: 12 files (3 indexed, 9 unchanged, 1 skipped) · 48 patterns · 1.2 s',
    );
    expect(reindexSummary({ ...r, status: 'cancelled' })).toMatch(/^Motif: re-index cancelled: /);
  });
});

describe('Pattern Explorer rows', () => {
  it('shows groups with counts, patterns with quality and usage', () => {
    const groups = groupNodes([
      { key: 'function_pattern', label: 'Function patterns', count: 3, patterns: [summary] },
      { key: 'class_pattern', label: 'Class patterns', count: 0, patterns: [] },
    ]);
    expect(groups.map((g) => [g.label, g.description])).toEqual([['Function patterns', '1 of 3']]);
    const [row] = patternNodes(groups[0]!);
    expect(row?.label).toBe('JSONDecoder.raw_decode');
    expect(row?.description).toBe('0.74 · used once');
    expect(row?.tooltip).toContain('json/decoder.py:343');
  });
});

describe('pattern-detail document', () => {
  it('renders the breakdown with evidence and unknown components', () => {
    const detail: PatternDetail = {
      ...summary,
      signature: 'def raw_decode(self, s, idx=0)',
      docstring: 'Decode a JSON document from ``s``.',
      tags: ['error_handling'],
      dependencies: [],
      components: [
        { name: 'complexity', score: 1, weight: 0.3, effectiveWeight: 0.375, evidence: 'CC 2 → 1' },
        {
          name: 'test_coverage',
          score: null,
          weight: 0.2,
          effectiveWeight: 0,
          evidence: 'no coverage data (left out, weights renormalised)',
        },
      ],
      coverage: null,
      metrics: { cyclomatic: 2, maintainability_index: 99.95, lcom4: null },
      relationships: [],
      json: {},
    };
    const text = renderPatternDetails(detail);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Pattern Raw Decode Method with Error Handling',
      '  method JSONDecoder.raw_decode · function_pattern · error_handling',
      '  json/decoder.py:343-356   id 3fdcc7f60d3d9878',
    ]);
    expect(text).toContain('Quality 0.744\n  component      score  weight  applied  evidence\n');
    expect(text).toContain('  complexity      1.00    0.30    0.375  CC 2 → 1\n');
    expect(text).toContain('  test_coverage      —    0.20    0.000  no coverage data');
    expect(text).toContain('  Unknown: test_coverage (left out, the other weights renormalised)');
    expect(text).toContain('Metrics\n  cyclomatic 2 · maintainability_index 100.0\n');
    expect(text).toContain('Usage\n  used 1× in 1 file\n');
  });
});
