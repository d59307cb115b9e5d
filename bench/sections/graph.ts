/**
 * Benchmark section `graph`: what the relationship and usage pass (the graph pass) costs on the Python
 * standard library. Each full index of a copy of the corpus reports, from the same run, the whole run's
 * time and the pass's own time (and its steps), so the pass's share is measured in one process; then an
 * unchanged re-index (the pass is skipped) and re-indexes after editing one file (the pass runs over the
 * stored data). Medians of several runs. Edge counts by type and design-pattern detections by detector
 * from the store (a few instances of each printed for spot checks).
 * Usage: npm run bench -- --only graph [--runs N] [--corpus DIR] [--jobs N]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nullLogger } from '../../server/src/core/ports';
import { discoverPythonFiles } from '../../server/src/files/discover';
import { openSqlClient, openStore } from '../../server/src/storage/open-storage';
import { arg, machine, median, ROOT, stdlibPath, today, writeSection } from '../common';

const RUNS = Number(arg('--runs', '3'));
const JOBS = Number(arg('--jobs', String(os.availableParallelism())));
const CORPUS = stdlibPath();
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface GraphSummary {
  skipped: boolean;
  durationMs: number;
  steps: Record<string, number>;
  edges: { total: number; added: number; removed: number; changed: number };
}
interface Run {
  wallMs: number;
  /** User + system CPU seconds of the whole process (workers included), when /usr/bin/time exists. */
  cpuS: number | null;
  runMs: number;
  filesIndexed: number;
  graph: GraphSummary;
  /** The SIMILAR_TO pass that follows it in the same run (issue 4), when it ran. */
  similarToMs: number;
}

/** Run `motif index` on `root` into `db` (under /usr/bin/time when there is one). */
function index(root: string, db: string): Promise<Run> {
  const motif = [
    path.join(ROOT, 'bin/motif.js'),
    'index',
    root,
    '--db',
    db,
    '--jobs',
    String(JOBS),
    '--json',
  ];
  const [cmd, args] = TIME
    ? [TIME, ['-f', 'cpu %U %S', process.execPath, ...motif]]
    : [process.execPath, motif];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`motif index exited ${code}: ${stderr}`));
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      const summary = JSON.parse(stdout) as {
        durationMs: number;
        filesIndexed: number;
        graph?: GraphSummary;
        similarTo?: { durationMs: number };
      };
      if (!summary.graph) return reject(new Error('the run reported no graph pass'));
      resolve({
        wallMs,
        cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
        runMs: summary.durationMs,
        filesIndexed: summary.filesIndexed,
        graph: summary.graph,
        similarToMs: summary.similarTo?.durationMs ?? 0,
      });
    });
  });
}

/** Copy the files discovery finds in the corpus (so one can be edited), keeping their paths. */
async function copyCorpus(): Promise<{ dir: string; files: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bench-graph-corpus-'));
  const discovery = await discoverPythonFiles({ root: CORPUS });
  for (const f of discovery.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.copyFileSync(f.absolutePath, path.join(dir, f.path));
  }
  return { dir, files: discovery.files.length };
}

const s = (ms: number) => (ms / 1000).toFixed(1);
const list = (xs: number[]) => xs.map((x) => s(x)).join(', ');
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const corpus = await copyCorpus();
  console.log(`corpus copy of ${CORPUS}: ${corpus.files} files in ${corpus.dir}`);
  const full: Run[] = [];
  const dbs: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const db = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bench-graph-db-'));
    dbs.push(db);
    const run = await index(corpus.dir, db);
    full.push(run);
    console.log(
      `full index ${r + 1}: run ${s(run.runMs)} s, graph pass ${s(run.graph.durationMs)} s (${JSON.stringify(run.graph.steps)})`,
    );
  }
  const db = dbs[dbs.length - 1]!;
  const unchanged = await index(corpus.dir, db);
  console.log(`unchanged re-index: ${s(unchanged.runMs)} s, pass skipped: ${unchanged.graph.skipped}`);

  // One edited file: a function added to json/__init__.py that calls two of its own functions, then
  // taken out again, alternately (each re-index re-analyses that one file and runs the pass).
  const target = path.join(corpus.dir, 'json/__init__.py');
  const original = fs.readFileSync(target, 'utf8');
  const edited = `${original}\n\ndef _bench_probe(obj):\n    return loads(dumps(obj))\n`;
  const incremental: Run[] = [];
  for (let r = 0; r < RUNS; r++) {
    fs.writeFileSync(target, r % 2 === 0 ? edited : original);
    const run = await index(corpus.dir, db);
    if (run.filesIndexed !== 1) throw new Error(`expected one re-indexed file, got ${run.filesIndexed}`);
    incremental.push(run);
    console.log(`one-file re-index ${r + 1}: run ${s(run.runMs)} s, graph pass ${s(run.graph.durationMs)} s`);
  }
  fs.writeFileSync(target, original);

  const store = await openStore({ db, logger: nullLogger });
  const edges = await store.graph.edgeCounts();
  await store.close();
  const sql = await openSqlClient({ db, logger: nullLogger });
  const detections = await sql.query<{ detector: string; n: number }>(
    `SELECT design_detail->>'detector' AS detector, count(*)::int AS n FROM patterns
     WHERE pattern_type = 'design_pattern' GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  // A few instances of each detector, for spot checks (printed, not written).
  const samples = await sql.query<{ detector: string; at: string }>(
    `SELECT detector, at FROM (
       SELECT design_detail->>'detector' AS detector, file_path || ':' || line_start || ' ' || qualified_name AS at,
              row_number() OVER (PARTITION BY design_detail->>'detector' ORDER BY file_path, line_start) AS k
       FROM patterns WHERE pattern_type = 'design_pattern') AS s
     WHERE k <= 4 ORDER BY detector, at`,
  );
  await sql.close();
  for (const x of samples) console.log(`  ${x.detector}: ${x.at}`);
  for (const d of [...dbs, corpus.dir]) fs.rmSync(d, { recursive: true, force: true });
  const loadAfter = os.loadavg()[0]!;

  const passMs = median(full.map((r) => r.graph.durationMs));
  const runMs = median(full.map((r) => r.runMs));
  // Per run: the pass against the rest of the same run; the median of those ratios.
  const shares = full.map((r) => r.graph.durationMs / (r.runMs - r.graph.durationMs));
  const share = median(shares);
  // The same without the SIMILAR_TO pass in the rest (it is issue 4's, and also follows the graph pass).
  const sharesNoSim = full.map((r) => r.graph.durationMs / (r.runMs - r.graph.durationMs - r.similarToMs));
  const steps = Object.keys(full[0]!.graph.steps);
  const cpu = full.every((r) => r.cpuS !== null) ? median(full.map((r) => r.cpuS!)) : null;
  const shared = Math.max(loadBefore, loadAfter) > 1.5;
  const report = `## Relationship and usage pass (section \`graph\`)

Measured on ${today()}.
Machine: ${machine()}. 1-minute load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at
the end${shared ? ': **the machine was shared with other work while this ran**, so times are inflated and noisy' : ''}.
Corpus: a copy of the ${corpus.files.toLocaleString('en-US')} files \`motif index\` finds in the Python standard library
at \`${CORPUS}\` (a copy, so one file can be edited). Fresh embedded store per full run, --jobs ${JOBS}.
Figures are medians of ${RUNS} runs (individual runs in brackets).

The graph pass runs once per index run on the main thread, after every file is written: it reads the
stored outgoing references, resolves them across files, settles usage counts and reusability, writes
USES / EXTENDS / COMPOSED_OF edges by difference, usage history and trends. Its share is measured inside
each run (the run's own timing of the pass against the rest of the same run). The per-file part of the
graph work (each definition's outgoing references and the design-pattern detectors) runs inside file
analysis on the workers and is not separated here.

| measure | value | target |
|---|---:|---:|
| full index run, median | ${s(runMs)} s [${list(full.map((r) => r.runMs))}] | |
| of which the graph pass, median | ${s(passMs)} s [${list(full.map((r) => r.graph.durationMs))}] | |
| **time the pass adds to the rest of the run** (median of per-run ratios) | **${pct(share)}** [${shares.map(pct).join(', ')}] | ≤ 40 % |
| the same, the SIMILAR_TO pass (median ${s(median(full.map((r) => r.similarToMs)))} s) left out of the rest | ${pct(median(sharesNoSim))} [${sharesNoSim.map(pct).join(', ')}] | |
| whole process CPU (user + sys, workers included), median | ${cpu === null ? 'n/a' : `${cpu.toFixed(1)} s`} | |
| unchanged re-index (graph pass skipped: ${unchanged.graph.skipped ? 'yes' : 'no'}) | ${s(unchanged.runMs)} s | |
| re-index after editing one file, median | ${s(median(incremental.map((r) => r.runMs)))} s [${list(incremental.map((r) => r.runMs))}] | |
| of which the graph pass, median | ${s(median(incremental.map((r) => r.graph.durationMs)))} s [${list(incremental.map((r) => r.graph.durationMs))}] | |

Steps of the pass on a full index (medians, seconds): ${steps
    .map((k) => `${k} ${s(median(full.map((r) => r.graph.steps[k] ?? 0)))}`)
    .join(', ')}.
Steps after one edited file (medians, seconds): ${steps
    .map((k) => `${k} ${s(median(incremental.map((r) => r.graph.steps[k] ?? 0)))}`)
    .join(', ')}.

Design-pattern detections on the corpus: ${detections.map((d) => `${d.detector} ${d.n}`).join(', ')} (total ${detections
    .reduce((a, d) => a + d.n, 0)
    .toLocaleString('en-US')}).

Edges in the store by type: ${Object.entries(edges)
    .map(([type, n]) => `${type} ${n.toLocaleString('en-US')}`)
    .join(', ')} (total ${Object.values(edges)
    .reduce((a, b) => a + b, 0)
    .toLocaleString('en-US')}).
`;
  writeSection('graph', report);
  console.log(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
