/**
 * Write throughput on PGlite in a temp folder: a synthetic stdlib-sized index (1,800 files × 33 patterns
 * with 1 KB implementations) when MOTIF_STORAGE_BENCH=1, a 60-file sample otherwise. It prints the
 * figure and the read timings on the result; the assertion is loose so a slow machine does not fail.
 */
import { describe, expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { PatternStore, UsageInput } from '../../server/src/core/ports';
import { makeFile, makePattern, openTempStore } from '../helpers/storage';

const full = process.env.MOTIF_STORAGE_BENCH === '1';
const FILES = full ? 1800 : 60;
const PER_FILE = 33;

function filePatterns(path: string): PatternRecord[] {
  return Array.from({ length: PER_FILE }, (_, i) => {
    const name = `function_${i}`;
    const body = `    value = compute_${i}(argument, other)\n`.repeat(24).slice(0, 1000);
    return makePattern({
      filePath: path,
      qualifiedName: i % 3 === 0 ? name : `Class_${Math.floor(i / 3)}.${name}`,
      lineRange: [i * 30 + 1, i * 30 + 28],
      implementation: `def ${name}(argument, other):\n${body}`,
    });
  });
}

/** Time the queries the editor and the usage pass run, on the store just written. */
async function readTimings(store: PatternStore, files: string[]): Promise<string> {
  const timings: string[] = [];
  const time = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    timings.push(`${label} ${(performance.now() - started).toFixed(1)} ms`);
  };
  const middle = files[Math.floor(files.length / 2)]!;
  await time('findAt', () => store.findAt(middle, 100));
  await time('search', () => store.search('function_1', 20));
  await time('listPatterns top 20', () => store.listPatterns({ limit: 20 }));
  await time('stats', () => store.stats());
  await time('validationFacts', () => store.validationFacts());
  let inputs: UsageInput[] = [];
  await time('usageInputs', async () => {
    inputs = await store.usageInputs('repo');
  });
  const updates = inputs.map((u) => ({
    id: u.id,
    usageCount: 3,
    usageFiles: 2,
    reusabilityScore: 0.9,
    reusabilityEvidence: '3 uses in 2 files',
    qualityScore: 0.75,
  }));
  await time(`applyUsage(${updates.length})`, () => store.applyUsage(updates));
  await time('exportPatterns', async () => {
    for await (const _page of store.exportPatterns(1000)) {
      // Drain every page.
    }
  });
  return timings.join(', ');
}

describe('write throughput', () => {
  it(`writes ${FILES} files × ${PER_FILE} patterns through writeFile`, async () => {
    const t = await openTempStore({ folder: true });
    try {
      const files = Array.from({ length: FILES }, (_, i) => `pkg${i % 40}/module_${i}.py`);
      const batches = files.map((path) => filePatterns(path));
      const started = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < files.length; i++) {
        const refs = [{ targetModule: 'pkg0.module_0', targetName: 'function_0', sites: 2 }];
        await t.store.writeFile('repo', makeFile(files[i]!), batches[i]!, refs);
      }
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      const patterns = FILES * PER_FILE;
      console.info(
        `write throughput: ${FILES} files, ${patterns} patterns in ${seconds.toFixed(2)} s ` +
          `(${cpuSeconds.toFixed(2)} s CPU, ${Math.round(patterns / seconds)} patterns/s)`,
      );
      expect((await t.store.stats()).patterns).toBe(patterns);
      expect(seconds).toBeLessThan(full ? 60 : 20);
      console.info(`read timings on that store: ${await readTimings(t.store, files)}`);
    } finally {
      await t.dispose();
    }
  });
});
