/**
 * The index tells its `heapGrowth` once that the file phase is over: after the last file is written
 * and before the graph and SIMILAR_TO passes read anything. An interrupted run, which runs no pass,
 * does not tell it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nullLogger, type PatternStore } from '../../server/src/core/ports';
import {
  INDEX_SEMI_SPACE_FLAG,
  INDEX_YOUNG_GENERATION_MB,
  youngGenerationFromFlags,
} from '../../server/src/indexing/heap-growth';
import { indexWorkspace } from '../../server/src/indexing/index-workspace';
import { openTempStore, type TestStore } from '../helpers/storage';

const FIXTURE = path.resolve(__dirname, '../fixtures/graph-package');

/** `store` with each call of the named methods (on it and on its graph side) logged to `log`. */
function logged(store: PatternStore, log: string[]): PatternStore {
  const wrap = <T extends object>(target: T, names: string[], prefix: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof value !== 'function' || !names.includes(String(key))) return value;
        return (...args: unknown[]) => {
          log.push(`${prefix}${String(key)}`);
          return value.apply(object, args);
        };
      },
    });
  const graph = wrap(store.graph, ['graphFingerprint', 'graphInputs', 'similarBuilt'], 'graph.');
  return wrap(
    new Proxy(store, { get: (o, k, r) => (k === 'graph' ? graph : Reflect.get(o, k, r)) }),
    ['writeFile', 'writeFiles', 'references', 'usageInputs'],
    '',
  );
}

describe('heap growth after the file phase', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTempStore();
  });
  afterEach(async () => {
    await t.dispose();
  });

  /** Index the fixture with calls and the switch logged to `log`. */
  const index = (log: string[], signal?: AbortSignal) =>
    indexWorkspace({
      root: FIXTURE,
      store: logged(t.store, log),
      repository: 'fixture',
      jobs: 1,
      workerScript: null,
      logger: nullLogger,
      ...(signal ? { signal } : {}),
      heapGrowth: { forPasses: () => log.push('forPasses') },
    });

  it('is switched once, between the last file write and the first read of a pass', async () => {
    const log: string[] = [];
    await index(log);
    expect(log.filter((entry) => entry === 'forPasses')).toHaveLength(1);
    const at = log.indexOf('forPasses');
    expect(log.slice(0, at).some((entry) => entry.startsWith('writeFile'))).toBe(true);
    expect(log.slice(at + 1).some((entry) => entry.startsWith('writeFile'))).toBe(false);
    expect(log.slice(0, at).some((entry) => entry.startsWith('graph.'))).toBe(false);
    expect(log.slice(at + 1)).toEqual(
      expect.arrayContaining(['graph.graphInputs', 'references', 'usageInputs']),
    );
  });

  it('is not switched by a run interrupted before the passes', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const summary = await index(log, controller.signal);
    expect(summary.status).toBe('interrupted');
    expect(log).not.toContain('forPasses');
  });
});

describe('the index young generation as a V8 flag', () => {
  it('is read back from a command line, the last flag winning, and null without one', () => {
    expect(youngGenerationFromFlags([INDEX_SEMI_SPACE_FLAG])).toBe(INDEX_YOUNG_GENERATION_MB);
    expect(
      youngGenerationFromFlags(['--inspect', '--max-semi-space-size=8', '--max-semi-space-size=2']),
    ).toBe(6);
    expect(youngGenerationFromFlags(['--max-old-space-size=4096'])).toBeNull();
  });

  it('gives a new process the same young generation as the CLI index thread gets', () => {
    // V8 reports the heap limit as old + young generation: the flag lowers it by exactly the difference.
    const limitMb = (flags: string[]) =>
      Number(
        execFileSync(process.execPath, [
          ...flags,
          '--max-old-space-size=1000',
          '-e',
          'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit / 2 ** 20))',
        ]).toString(),
      );
    expect(limitMb([INDEX_SEMI_SPACE_FLAG])).toBe(1000 + INDEX_YOUNG_GENERATION_MB);
  });
});
