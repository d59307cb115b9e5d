/**
 * Benchmark section `similarity`: the clone benchmark (docs/ACCURACY.md, "Clone detection") and the
 * similarity model's costs (docs/BENCHMARKS.md). It samples the standard library, makes Type-1, Type-2,
 * strong and moderate Type-3 copies of functions of ≥ 10 statements (bench/similarity/), indexes the
 * sample with the copies through the real indexer, then measures recall@5 of `similar`, recall and
 * false positives at the default threshold against the token 3-gram Jaccard baseline, query latency
 * over 100k vectors on the embedded index, and the vectors' share of index time.
 * Usage: npm run bench -- --only similarity [--files N (0 = all)] [--originals N] [--seed S] [--jobs N]
 *   [--negatives N] [--dump FILE (every scored pair, as JSON)]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { patternId } from '../../server/src/core/analyse-file';
import { nullLogger } from '../../server/src/core/ports';
import { pairSimilarity, similarPatterns } from '../../server/src/core/similarity/find-similar';
import { DEFAULT_SIMILARITY_THRESHOLD, similarityOf } from '../../server/src/core/similarity/fingerprint';
import { indexWorkspace } from '../../server/src/indexing/index-workspace';
import { sha256 } from '../../server/src/indexing/process-file';
import { loadMemoryIndex } from '../../server/src/storage/memory-index';
import { openStorage } from '../../server/src/storage/open-storage';
import { loadWasmParser } from '../../server/src/syntax/wasm-parser';
import { arg, machine, stdlibPath, today, writeSection } from '../common';
import { writeAccuracySection } from '../similarity/accuracy-doc';
import { CLASSES, type CloneClass } from '../similarity/clones';
import { type CorpusFunction, sampleCorpus, writeClones } from '../similarity/corpus';
import { edgeRecall } from '../similarity/edge-recall';
import { measureLatency } from '../similarity/latency';
import { rng, shuffle } from '../similarity/mutate';
import { jaccard, referenceSimilarity, trigrams } from '../similarity/reference';
import { cloneReport } from '../similarity/report';
import type { Scored } from '../similarity/scoring';

const FILES = Number(arg('--files', '0'));
const ORIGINALS = Number(arg('--originals', '400'));
const SEED = Number(arg('--seed', '4'));
const JOBS = Number(arg('--jobs', String(os.availableParallelism())));
const NEGATIVES = Number(arg('--negatives', '20000'));
const REPOSITORY = 'stdlib-bench';

const id = (filePath: string, qualifiedName: string) =>
  patternId(sha256, REPOSITORY, filePath, qualifiedName);

async function main(): Promise<void> {
  const parser = await loadWasmParser();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bench-sim-'));
  const root = path.join(work, 'corpus');
  try {
    const sample = await sampleCorpus(parser, stdlibPath(), root, { files: FILES, seed: SEED });
    const originals = shuffle(rng(SEED + 1), [...sample.functions]).slice(0, ORIGINALS);
    const made = writeClones(parser, root, originals, SEED);
    console.log(
      `${sample.files} files, ${sample.functions.length} functions ≥ 10 statements, ${made.clones.length} copies`,
    );

    const storage = await openStorage({ db: path.join(work, 'db'), logger: nullLogger });
    const summary = await indexWorkspace({
      root,
      store: storage.store,
      repository: REPOSITORY,
      jobs: JOBS,
      logger: nullLogger,
    });
    const index = await loadMemoryIndex(storage.similarity);
    console.log(
      `indexed ${summary.patternsWritten} patterns in ${summary.durationMs} ms; ${index.size} vectors`,
    );

    const positives = Object.fromEntries(
      CLASSES.map((c) => [c, [] as (Scored & { hit5: boolean; reference: number })[]]),
    ) as Record<CloneClass, (Scored & { hit5: boolean; reference: number })[]>;
    const queryMs: number[] = [];
    for (const clone of made.clones) {
      const copyId = id(clone.filePath, clone.qualifiedName);
      const originalId = id(clone.original.filePath, clone.original.qualifiedName);
      const started = performance.now();
      const top = await similarPatterns({ ...storage, index }, copyId, { k: 5 });
      queryMs.push(performance.now() - started);
      const pair = await pairSimilarity(storage.similarity, copyId, originalId);
      if (!top || !pair) throw new Error(`no vector for ${clone.filePath} or ${clone.original.filePath}`);
      positives[clone.cls].push({
        motif: pair.similarity,
        baseline: jaccard(trigrams(clone.raw), trigrams(clone.original.raw)),
        hit5: top.some((r) => r.pattern.id === originalId),
        reference: clone.reference,
      });
    }

    // Negative pairs: different functions of similar size (statements within a factor 1.25).
    const pool = sample.functions;
    const r = rng(SEED + 2);
    const randomPairs: Scored[] = [];
    const lookalikes: (Scored & { reference: number })[] = [];
    const vectorOf = (f: CorpusFunction) => index.vectorOf(id(f.filePath, f.qualifiedName));
    const score = (a: CorpusFunction, b: CorpusFunction): Scored | null => {
      const va = vectorOf(a);
      const vb = vectorOf(b);
      if (!va || !vb) return null;
      return { motif: similarityOf(va, vb), baseline: jaccard(trigrams(a.raw), trigrams(b.raw)) };
    };
    for (
      let tries = 0;
      tries < NEGATIVES * 20 && (randomPairs.length < NEGATIVES || lookalikes.length < NEGATIVES / 10);
      tries++
    ) {
      const a = pool[Math.floor(r() * pool.length)]!;
      const b = pool[Math.floor(r() * pool.length)]!;
      if (a === b || Math.max(a.statements, b.statements) > 1.25 * Math.min(a.statements, b.statements))
        continue;
      const reference = referenceSimilarity(a.blind, b.blind);
      // Pairs at 0.5 or above are clones of each other (the standard library has some): not negatives.
      if (reference >= 0.5) continue;
      const s = score(a, b);
      if (!s) continue;
      if (randomPairs.length < NEGATIVES) randomPairs.push(s);
      if (reference >= 0.3 && lookalikes.length < NEGATIVES / 10) lookalikes.push({ ...s, reference });
    }

    const latency = await measureLatency(index, 100_000, SEED);
    const edges = await edgeRecall(storage.similarity, REPOSITORY, summary.runId);
    await storage.store.close();
    const report = cloneReport({
      date: today(),
      machine: machine(),
      load: os.loadavg()[0]!,
      jobs: JOBS,
      files: sample.files,
      functions: sample.functions.length,
      originals: originals.length,
      failed: made.failed,
      positives,
      randomPairs,
      lookalikes,
      threshold: DEFAULT_SIMILARITY_THRESHOLD,
      summary,
      queryMs,
      corpusVectors: index.size,
      latency,
      edges,
      changes: made.clones.filter((c) => c.change).map((c) => c.change!),
    });
    // For threshold studies: every scored pair of the run (`--dump FILE`).
    const dump = arg('--dump', '');
    if (dump) fs.writeFileSync(dump, JSON.stringify({ positives, randomPairs, lookalikes }));
    writeAccuracySection('clone-detection', report.accuracy);
    writeSection('similarity', report.benchmarks);
    console.log(report.accuracy);
    console.log(report.benchmarks);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
