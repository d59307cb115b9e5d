/** The clone benchmark's figures as markdown: the accuracy section and the cost/latency section. */

import { SIMILAR_TO_DEFAULTS } from '../../server/src/core/similarity/similar-edges';
import type { IndexSummary } from '../../server/src/indexing/index-workspace';
import { median, percentile } from '../common';
import { CLASSES, type CloneClass } from './clones';
import type { EdgeRecall } from './edge-recall';
import type { Latency } from './latency';
import { atFpBudget, mean, pct, rate, type Scored, youden } from './scoring';

/** Everything one run measured. */
export interface CloneRun {
  date: string;
  machine: string;
  load: number;
  jobs: number;
  files: number;
  functions: number;
  originals: number;
  failed: Record<string, number>;
  positives: Record<CloneClass, (Scored & { hit5: boolean; reference: number })[]>;
  randomPairs: Scored[];
  lookalikes: (Scored & { reference: number })[];
  threshold: number;
  summary: IndexSummary;
  queryMs: number[];
  corpusVectors: number;
  latency: Latency;
  edges: EdgeRecall;
  changes: string[];
}

const NAMES: Record<CloneClass, string> = {
  type1: 'Type-1 (layout, comments)',
  type2: 'Type-2 (renamed, literals)',
  strong3: 'strong Type-3 (0.70–0.90)',
  moderate3: 'moderate Type-3 (0.50–0.70)',
};

export function cloneReport(run: CloneRun): { accuracy: string; benchmarks: string } {
  const t = run.threshold;
  const m = (k: CloneClass) => run.positives[k].map((p) => p.motif);
  const b = (k: CloneClass) => run.positives[k].map((p) => p.baseline);
  const lookM = run.lookalikes.map((p) => p.motif);
  const lookB = run.lookalikes.map((p) => p.baseline);
  const randM = run.randomPairs.map((p) => p.motif);
  const randB = run.randomPairs.map((p) => p.baseline);
  const baseJ = youden(b('moderate3'), lookB);
  const base1 = atFpBudget(b('moderate3'), lookB, 0.01);
  const motifJ = youden(m('moderate3'), lookM);
  const row = (k: CloneClass) => {
    const ps = run.positives[k];
    return `| ${NAMES[k]} | ${ps.length} | ${mean(ps.map((p) => p.reference)).toFixed(2)} | ${pct(mean(ps.map((p) => (p.hit5 ? 1 : 0))))} | **${pct(rate(m(k), t))}** | ${mean(m(k)).toFixed(2)} | ${pct(rate(b(k), baseJ.t))} | ${pct(rate(b(k), base1.t))} |`;
  };
  const counts = new Map<string, number>();
  for (const c of run.changes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const changes = [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
  const accuracy = `## Clone detection

Measured by \`npm run bench -- --only similarity\` (\`bench/sections/similarity.ts\`) on ${run.date}: ${run.files} files of
the Python standard library sampled with a fixed seed, ${run.functions} functions of at least 10 statements, ${run.originals}
of them copied in four classes by the mutation program in \`bench/similarity/\` (tree-sitter-guided text edits,
seeded), and everything indexed together by the real indexer.

**The measure that defines the classes** (reference similarity, BigCloneBench-style): both functions are read by
tree-sitter and each source line blindly normalised (every identifier → \`ID\`, every literal → \`LIT\`; comments,
blank lines and indentation dropped); the similarity is the length of the longest common subsequence of these lines
over the longer function's line count. Type-1 and Type-2 copies score
1.0 by construction; a Type-3 copy is kept only inside its band (strong 0.70–0.90, moderate 0.50–0.70), else made
again with the next seed. Strong Type-3: Type-2 plus 2–4 statement edits (insert, delete, modify an operator or a
call's arguments, swap adjacent independent statements). Moderate Type-3: Type-2, one structural change
(${changes}) and 2–8 statement edits. Copies that found no band (too long or too short for the edits, or no place
for a structural change): ${Object.entries(run.failed)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}.

**Motif** scores a pair by the cosine of the two stored vectors (1.0 when the normalised-AST hashes are equal), as
\`motif similar --pairs\` does; its default threshold is **${t}**. **Baseline**: Jaccard similarity of the sets of token
3-grams, tokens as written (identifiers and literals verbatim). Its threshold is chosen after the fact, twice: where
it best separates moderate Type-3 copies from look-alikes (Youden's J, t = ${baseJ.t.toFixed(2)}), and the lowest
threshold with at most 1 % look-alike false positives (t = ${base1.t.toFixed(2)}).

| class | copies | mean reference similarity | Motif recall@5 | **Motif recall at ${t}** | Motif mean similarity | baseline recall (t = ${baseJ.t.toFixed(2)}) | baseline recall (t = ${base1.t.toFixed(2)}) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${CLASSES.map(row).join('\n')}

| negative pairs | pairs | **Motif false positives at ${t}** | Motif mean similarity | baseline (t = ${baseJ.t.toFixed(2)}) | baseline (t = ${base1.t.toFixed(2)}) |
| --- | ---: | ---: | ---: | ---: | ---: |
| random, similar size (statements within ×1.25, reference < 0.5) | ${run.randomPairs.length} | **${pct(rate(randM, t))}** (${Math.round(rate(randM, t) * randM.length)}) | ${mean(randM).toFixed(2)} | ${pct(rate(randB, baseJ.t))} | ${pct(rate(randB, base1.t))} |
| look-alikes (reference 0.30–0.50) | ${run.lookalikes.length} | **${pct(rate(lookM, t))}** (${Math.round(rate(lookM, t) * lookM.length)}) | ${mean(lookM).toFixed(2)} | ${pct(rate(lookB, baseJ.t))} | ${pct(rate(lookB, base1.t))} |

Recall@5: the original is among the five patterns \`similar\` returns for the copy, out of all ${run.corpusVectors} patterns
of the run (the other copies of the same original compete for those places). For reference, Motif's own best
Youden threshold on moderate Type-3 against look-alikes would be ${motifJ.t.toFixed(2)} (recall ${pct(motifJ.recall)},
look-alike false positives ${pct(motifJ.fp)}).

Targets at the default threshold: recall ≥ 99 % (Type-1, Type-2), ≥ 95 % (strong Type-3), ≥ 70 % (moderate
Type-3); false positives ≤ 1 % on look-alikes and ≤ 0.1 % on random pairs. ${targetsLine(run, t)}
`;
  const s = run.summary;
  const share = s.similarityMs / Math.max(1, s.analysisMs);
  const pass = s.similarTo;
  const passMs = pass?.durationMs ?? 0;
  // Wall-clock share: fingerprint time spread over the workers, plus the (serial) SIMILAR_TO pass.
  const vectorWall = s.similarityMs / Math.max(1, run.jobs) + passMs;
  const wallShare = vectorWall / Math.max(1, s.durationMs);
  const benchmarks = `## Similarity (\`similarity\`)

${run.date}, ${run.machine}; load average ${run.load.toFixed(1)} at the end of the run (the machine is shared with
other work: figures are from one run and noisy).

- **Vector cost:** indexing ${run.files} files (${s.patternsWritten} patterns) took ${(s.durationMs / 1000).toFixed(1)} s
  with ${run.jobs} workers. Fingerprints: the workers spent ${(s.analysisMs / 1000).toFixed(1)} s reading, parsing and
  analysing files, of which ${(s.similarityMs / 1000).toFixed(2)} s computing fingerprints (**${pct(share)} of the analysis
  time**). SIMILAR_TO pass (main-thread time; a full search runs on a worker during the graph pass): ${pass ? `${(passMs / 1000).toFixed(2)} s for ${pass.patterns} patterns of ≥ ${SIMILAR_TO_DEFAULTS.minStatements} statements, ${pass.edges.total} edges (${pass.full ? 'full run' : 'incremental'})` : 'not run'}.
  **Whole vector cost ≈ ${pct(wallShare)} of the wall-clock index time** (fingerprint time ÷ ${run.jobs} workers + the
  pass, over the run's ${(s.durationMs / 1000).toFixed(1)} s). Target ≤ 15 %.
- **SIMILAR_TO completeness:** the pass searches a cluster index (√n k-means lists, 12 probed, int8 scan, exact
  re-rank, each list merged with the patterns that found it); against exact float32 search for ${run.edges.checked} of the
  ${run.edges.patterns} patterns (evenly spread; k = ${SIMILAR_TO_DEFAULTS.k}, similarity ≥ ${SIMILAR_TO_DEFAULTS.threshold}): **recall ${pct(run.edges.recall)}** of their ${run.edges.exactEdges} exact edges
  (${run.edges.storedEdges} edges stored in all; the exact searches took ${(run.edges.exactMs / 1000).toFixed(1)} s, the pass's whole run ${(passMs / 1000).toFixed(1)} s).
- **Query latency, embedded index (in-process, 256 dimensions, k = 10):** over ${run.latency.size.toLocaleString('en')}
  vectors (${run.latency.realVectors.toLocaleString('en')} real, the rest perturbed copies of them), ${run.latency.queries} queries,
  ${run.latency.fast ? 'quantised path (int8 scan by the WebAssembly SIMD kernel, exact float32 re-rank of k + 32 candidates)' : 'exact float32 loop (no WebAssembly SIMD here)'}:
  **p50 ${run.latency.p50.toFixed(1)} ms, p95 ${run.latency.p95.toFixed(1)} ms**; with a filter (quality ≥ 0.8, not in one
  file) p50 ${run.latency.filteredP50.toFixed(1)} ms, p95 ${run.latency.filteredP95.toFixed(1)} ms. Target: p95 ≤ 10 ms.
  Recall@10 against exact search on the same queries: **${(run.latency.recall * 100).toFixed(2)} %** unfiltered,
  ${(run.latency.filteredRecall * 100).toFixed(2)} % filtered. The exact float32 loop alone on the same queries: p50
  ${run.latency.exactP50.toFixed(1)} ms, p95 ${run.latency.exactP95.toFixed(1)} ms.
- \`similar\` through the service (vector lookup, search, loading 5 patterns from PGlite) over the run's
  ${run.corpusVectors.toLocaleString('en')} patterns: p50 ${median(run.queryMs).toFixed(1)} ms, p95 ${percentile(run.queryMs, 95).toFixed(1)} ms.
`;
  return { accuracy, benchmarks };
}

function targetsLine(run: CloneRun, t: number): string {
  const rec = (k: CloneClass) =>
    rate(
      run.positives[k].map((p) => p.motif),
      t,
    );
  const checks: [string, boolean][] = [
    ['Type-1 recall', rec('type1') >= 0.99],
    ['Type-2 recall', rec('type2') >= 0.99],
    ['strong Type-3 recall', rec('strong3') >= 0.95],
    ['moderate Type-3 recall', rec('moderate3') >= 0.7],
    [
      'look-alike false positives',
      rate(
        run.lookalikes.map((p) => p.motif),
        t,
      ) <= 0.01,
    ],
    [
      'random-pair false positives',
      rate(
        run.randomPairs.map((p) => p.motif),
        t,
      ) <= 0.001,
    ],
  ];
  const missed = checks.filter(([, ok]) => !ok).map(([name]) => name);
  return missed.length === 0 ? 'All met in this run.' : `**Not met in this run:** ${missed.join(', ')}.`;
}
