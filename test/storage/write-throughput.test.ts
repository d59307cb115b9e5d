/**
 * Write throughput on PGlite in a temp folder, and the usage pass after it. With MOTIF_STORAGE_BENCH=1
 * it writes a synthetic index shaped like the Python standard library's (1,788 files, 71,952 patterns,
 * implementations of ~700 characters on average with classes up to 30 KB, 5–200 calls and references
 * per pattern) and prints the CPU seconds of each step; otherwise a 60-file sample checks that the path
 * works. Assertions are loose so a slow or busy machine does not fail.
 */
import { describe, expect, it } from 'vitest';
import type { PatternRecord } from '../../server/src/core/pattern';
import type { FileReference, PatternStore } from '../../server/src/core/ports';
import { computeUsage } from '../../server/src/core/usage';
import { makeFile, makePattern, makeQuality, openTempStore } from '../helpers/storage';

const full = process.env.MOTIF_STORAGE_BENCH === '1';
const FILES = full ? 1788 : 60;
const PATTERNS = full ? 71_952 : 2400;

/** A small deterministic generator (mulberry32), so every run writes the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SyntheticFile {
  path: string;
  patterns: PatternRecord[];
  references: FileReference[];
}

/** Patterns per file, skewed like the stdlib's (median about a third of the mean, a few files huge). */
function fileSizes(next: () => number): number[] {
  const weights = Array.from({ length: FILES }, () => 0.05 + next() ** 4);
  const total = weights.reduce((s, w) => s + w, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / total) * PATTERNS)));
  sizes[0]! += PATTERNS - sizes.reduce((s, n) => s + n, 0);
  return sizes;
}

/** 5 + an exponential tail of mean `mean`, capped at 200; one pattern in a hundred has 100–200. */
function nameCount(next: () => number, mean: number): number {
  if (next() < 0.01) return 100 + Math.floor(next() * 101);
  return Math.min(200, 5 + Math.floor(-Math.log(1 - next()) * mean));
}

function names(next: () => number, count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}_${i}_${Math.floor(next() * 1e6).toString(36)}`);
}

/**
 * A synthetic index in the stdlib's proportions: of the top-level definitions 43% are functions and the
 * rest classes of 1–15 methods (3.8 on average), whose implementations hold their methods' text.
 */
function syntheticIndex(): SyntheticFile[] {
  const next = random(42);
  const topLevel: { module: string; name: string }[] = [];
  const files = fileSizes(next).map((size, f) => {
    const path = `pkg${f % 40}/module_${f}.py`;
    const module = path.replace(/\.py$/, '').replace(/\//g, '.');
    const patterns: PatternRecord[] = [];
    let line = 1;
    while (patterns.length < size) {
      const name = `${next() < 0.43 ? 'function' : 'Class'}_${patterns.length}`;
      topLevel.push({ module, name });
      if (name.startsWith('function') || patterns.length + 1 === size) {
        const fn = member(next, path, name, line);
        patterns.push({ ...fn, kind: 'function' });
        line = fn.lineRange[1] + 2;
        continue;
      }
      const start = line;
      const methods: PatternRecord[] = [];
      const count = Math.min(1 + Math.floor(next() ** 10 * 40), size - patterns.length - 1);
      for (let m = 0; m < count; m++) {
        methods.push(member(next, path, `${name}.method_${m}`, line + 1));
        line = methods[m]!.lineRange[1] + 1;
      }
      const header = `class ${name}(Base):\n    """A class."""\n`;
      patterns.push({
        ...member(next, path, name, start),
        kind: 'class',
        patternType: 'class_pattern',
        implementation: (header + methods.map((m) => m.implementation).join('\n')).slice(0, 30_000),
        lineRange: [start, line],
      });
      patterns.push(...methods);
      line += 2;
    }
    return { path, patterns, references: [] as FileReference[] };
  });
  // About 26 imported names per file on average, most of them to the earlier (older, core) modules.
  for (const file of files) {
    const count = Math.floor(next() ** 2 * 80);
    for (let i = 0; i < count; i++) {
      const at = next() ** 8;
      const target = topLevel[Math.floor(at * topLevel.length)]!;
      file.references.push({
        targetModule: target.module,
        targetName: target.name,
        sites: 1 + Math.floor(next() * 4),
      });
    }
  }
  return files;
}

/**
 * A function or method of 1–21 lines (6 on average) with 5–200 calls and references each: 10 and 14
 * on average, a hundred or more for one pattern in a hundred (the stdlib averages 4 and 9).
 */
function member(next: () => number, path: string, qualifiedName: string, line: number): PatternRecord {
  const name = qualifiedName.split('.').pop()!;
  const lines = 1 + Math.floor(next() ** 3 * 20);
  const body = Array.from(
    { length: lines },
    (_, i) => `        value_${i} = compute_${i}(argument, other["key"], count + ${i})  # step\n`,
  ).join('');
  // As analysed: no usage known yet, so the usage pass changes only patterns something references.
  const quality = makeQuality(Math.round(next() * 10_000) / 10_000, next() < 0.2 ? next() : null);
  quality.components.reusability = {
    ...quality.components.reusability,
    score: 0,
    evidence: 'no references found → 0.0',
  };
  return makePattern({
    filePath: path,
    qualifiedName,
    name,
    lineRange: [line, line + lines],
    implementation: `    def ${name}(self, argument, other, count=0):\n${body}`,
    calls: names(next, nameCount(next, 5), 'compute'),
    references: names(next, nameCount(next, 9), 'value'),
    quality,
    docstring: next() < 0.3 ? 'Do the thing, and explain at some length why the thing is done.' : null,
  });
}

/** CPU seconds (user + system, every thread) spent in `run`. */
async function cpu(run: () => Promise<unknown>): Promise<number> {
  const started = process.cpuUsage();
  await run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

async function writeAll(store: PatternStore, files: SyntheticFile[]): Promise<void> {
  for (const file of files) {
    await store.writeFile('repo', makeFile(file.path), file.patterns, file.references);
  }
}

describe('write throughput', () => {
  it(`writes ${FILES} files and ${PATTERNS} patterns, then runs the usage pass`, async () => {
    const files = syntheticIndex();
    const t = await openTempStore({ folder: true });
    try {
      const started = performance.now();
      const write = await cpu(() => writeAll(t.store, files));
      const seconds = (performance.now() - started) / 1000;
      let inputs: Awaited<ReturnType<PatternStore['usageInputs']>> = [];
      let references: Awaited<ReturnType<PatternStore['references']>> = [];
      const readInputs = await cpu(async () => {
        inputs = await t.store.usageInputs('repo');
      });
      const readReferences = await cpu(async () => {
        references = await t.store.references('repo');
      });
      const updates = computeUsage(inputs, references);
      const apply = await cpu(() => t.store.applyUsage(updates));
      const rewrite = await cpu(() => writeAll(t.store, files));
      const all = files.flatMap((f) => f.patterns);
      const chars = all.reduce((n, p) => n + p.implementation.length, 0);
      const largest = all.reduce((n, p) => Math.max(n, p.implementation.length), 0);
      const listed = all.reduce((n, p) => n + p.calls.length + p.references.length, 0);
      const s = (cpuSeconds: number) => `${cpuSeconds.toFixed(2)} CPU-s`;
      console.info(
        [
          `write throughput: ${FILES} files, ${PATTERNS} patterns`,
          `(implementations ${(chars / 1e6).toFixed(1)} M characters, largest ${largest};`,
          `${(listed / PATTERNS).toFixed(0)} calls and references per pattern):`,
          `writeFile ${s(write)} (${seconds.toFixed(2)} s wall);`,
          `usage pass: usageInputs ${s(readInputs)}, references ${s(readReferences)},`,
          `applyUsage(${updates.length}) ${s(apply)};`,
          `rewriting every file unchanged ${s(rewrite)}`,
        ].join(' '),
      );
      expect(inputs).toHaveLength(PATTERNS);
      expect((await t.store.stats()).patterns).toBe(PATTERNS);
      expect(updates.length).toBeGreaterThan(0);
    } finally {
      await t.dispose();
    }
  });
});
