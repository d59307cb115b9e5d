/**
 * Indexes a folder into a store: discover, analyse changed files on worker threads, write the files
 * in batches (one transaction each), remove vanished files, then run the usage pass. Interrupting (the
 * signal) stops between batches: what was written stays consistent and the next run finishes the job.
 */
import type { FileCoverage } from '../core/coverage';
import type { QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type {
  FileReference,
  FileWrite,
  Logger,
  PatternFilter,
  PatternStore,
  UsageInput,
} from '../core/ports';
import { SIMILAR_TO_DEFAULTS, type SimilarToSettings } from '../core/similarity/similar-edges';
import { discoverPythonFiles } from '../files/discover';
import { DEFAULT_MAX_FILE_BYTES } from '../files/file-size';
import type { ParserBackend } from '../syntax/python-parser';
import { applyProfile, type IndexProfile } from './apply-profile';
import { carryOfInput, carryUsage } from './carry-usage';
import { type GraphPassSummary, runGraphPass } from './graph-pass';
import type { HeapGrowth } from './heap-growth';
import type { FileOutcome, FileTask } from './process-file';
import { collectFreshInputs } from './similar-to-inputs';
import {
  runSimilarToPass,
  type SimilarToSummary,
  similarFingerprint,
  skippedSimilarTo,
  startSimilarToPass,
} from './similar-to-pass';
import type { VectorMirror } from './vector-mirror';
import { createFilePool } from './worker-pool';

/** How to run an index. */
export interface IndexOptions {
  root: string;
  store: PatternStore;
  repository: string;
  jobs: number;
  exclude?: string[];
  /** Index what symlinks out of the root lead to (default: skip them as `outside_root`). */
  followLinks?: boolean;
  maxFileBytes?: number;
  coverage?: Map<string, FileCoverage>;
  weights?: QualityWeights;
  backend?: ParserBackend;
  workerScript?: string | null;
  signal?: AbortSignal;
  /** Keep only patterns passing these (judged on final scores); implies `full`. */
  filter?: PatternFilter;
  /** Re-analyse every file, ignoring stored content hashes. */
  full?: boolean;
  logger: Logger;
  /** After each file is settled: written, found unchanged or skipped (not merely analysed). */
  onProgress?: (done: number, total: number, path: string) => void;
  /** Score with this profile after the graph pass (absent: leave each pattern's profile as stored). */
  profile?: IndexProfile;
  /** Told about every file write and removal, and the end of the run (a Qdrant mirror, see vector-mirror.ts). */
  vectorMirror?: VectorMirror;
  /** How SIMILAR_TO edges are cut (default SIMILAR_TO_DEFAULTS); false leaves them as stored. */
  similarTo?: SimilarToSettings | false;
  /**
   * The SIMILAR_TO search's worker script, null for the main thread (default: the built one, but the main
   * thread when `jobs` ≤ 1 or `workerScript` is null).
   */
  searchWorkerScript?: string | null;
  /** Told when the file phase is over, before the passes read their inputs (see heap-growth.ts). */
  heapGrowth?: HeapGrowth;
}

/** A file that yielded nothing, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
  detail: string;
}

/** What an index run did. */
export interface IndexSummary {
  runId: number;
  status: 'completed' | 'interrupted';
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  /** What was not indexed, with why: first the `walkSkipped` entries of the walk, then files found. */
  skipped: SkippedFile[];
  /**
   * How many of `skipped` the walk left out before reading anything (folders, links, files too large or
   * excluded): they are not among `filesSeen`, which is indexed + unchanged + the rest of `skipped`.
   */
  walkSkipped: number;
  syntaxErrors: { path: string; errors: number; message: string }[];
  patternsWritten: number;
  usageUpdates: number;
  /** The usage and relationship pass (absent when the run was interrupted before it). */
  graph?: GraphPassSummary;
  /** The SIMILAR_TO pass (absent when interrupted or turned off). */
  similarTo?: SimilarToSummary;
  /** The scoring profile applied after the pass, and how many patterns' scores it changed. */
  profile?: { name: IndexProfile; updated: number };
  /** Patterns dropped by `filter`. */
  filteredOut: number;
  durationMs: number;
  /** Worker time: parsing and analysing the indexed files, and the similarity step's part of it. */
  analysisMs: number;
  similarityMs: number;
}

// Analysed files waiting for the (single) store connection; bounds memory on big trees.
const MAX_QUEUED_WRITES = 64;
// A batch stops growing at this many patterns (a big file still goes in whole) or files: small batches
// keep progress (counted per batch) moving in small steps.
const MAX_BATCH_PATTERNS = 4000;
const MAX_BATCH_FILES = 16;

/** The patterns of the analysed files in `queue`. */
function queuedPatterns(queue: readonly FileOutcome[]): number {
  let count = 0;
  for (const outcome of queue) if (outcome.kind === 'analysed') count += outcome.patterns.length;
  return count;
}

/** The next batch from the head of `queue`: whole files, up to `MAX_BATCH_PATTERNS` patterns. */
function takeBatch(queue: FileOutcome[]): FileOutcome[] {
  let count = 0;
  let n = 0;
  while (n < queue.length) {
    const outcome = queue[n]!;
    const size = outcome.kind === 'analysed' ? outcome.patterns.length : 0;
    if (n > 0 && (count + size > MAX_BATCH_PATTERNS || n >= MAX_BATCH_FILES)) break;
    count += size;
    n++;
  }
  return queue.splice(0, n);
}

/** Index `root` into `store`. Throws only for failed I/O on the store or an unusable root. */
export async function indexWorkspace(options: IndexOptions): Promise<IndexSummary> {
  const started = performance.now();
  const { store, repository, logger } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const discovery = await discoverPythonFiles({
    root: options.root,
    exclude: options.exclude ?? [],
    maxFileBytes,
    followExternalLinks: options.followLinks ?? false,
  });
  const states = await store.fileStates(repository);
  // Usage as of the last run, so a re-analysed but unchanged pattern is written exactly as stored
  // (its provisional score would otherwise lack usage until the usage pass, moving updated_at). Read
  // when the first file with a stored version is re-analysed: a run that re-analyses none (nothing
  // changed, or a first index) never reads it (the stdlib's 72,660 patterns: 0.6 s).
  let previous: Promise<Map<string, UsageInput>> | null = null;
  const previousUsage = () =>
    (previous ??= store.usageInputs(repository).then((inputs) => new Map(inputs.map((u) => [u.id, u]))));
  const runId = await store.beginRun(repository, options.root);
  const summary: IndexSummary = {
    runId,
    status: 'completed',
    filesSeen: discovery.files.length,
    filesIndexed: 0,
    filesUnchanged: 0,
    filesRemoved: 0,
    skipped: discovery.skipped.map((s) => ({ path: s.path, reason: s.reason, detail: s.detail })),
    walkSkipped: discovery.skipped.length,
    syntaxErrors: [],
    patternsWritten: 0,
    usageUpdates: 0,
    filteredOut: 0,
    durationMs: 0,
    analysisMs: 0,
    similarityMs: 0,
  };
  // A filtered store must match the current code exactly, so filtering re-analyses every file.
  const full = options.full === true || hasFilter(options.filter);
  // The SIMILAR_TO pass's inputs from the files written, as they are written (a filter deletes patterns
  // after the graph pass, so a filtered run reads them back then instead).
  const similarTo = options.similarTo === false ? null : (options.similarTo ?? SIMILAR_TO_DEFAULTS);
  const fresh =
    similarTo && store.writeFiles && !hasFilter(options.filter)
      ? collectFreshInputs(similarTo.minStatements)
      : undefined;
  const pool = await createFilePool({
    jobs: options.jobs,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.workerScript !== undefined ? { workerScript: options.workerScript } : {}),
  });
  // Interrupting must not wait for a long file: stop the workers at once.
  const stopWorkers = () => void pool.close();
  options.signal?.addEventListener('abort', stopWorkers, { once: true });
  // Analysed files queue here; one writer drains the queue a batch at a time, so the store pays per
  // batch, not per file. A store that writes batches waits for a full one (or the last files): a
  // batch's own cost (statements, commit) is about half an average file's rows (replaying the stdlib's
  // writes into PGlite: 13.3 CPU-s one file a batch, 8.8 CPU-s 16), and the workers go on meanwhile.
  const queue: FileOutcome[] = [];
  let lanesDone = false;
  const batchReady = () =>
    lanesDone ||
    !store.writeFiles ||
    queue.length >= MAX_BATCH_FILES ||
    queuedPatterns(queue) >= MAX_BATCH_PATTERNS;
  // `draining` is cleared in the same tick the queue is found empty, so a file queued later starts a
  // new drain; `drained` settles when the current one ends.
  let draining = false;
  let drained: Promise<void> = Promise.resolve();
  // Settles after every batch and when a drain ends, so lanes held back by a full queue resume as
  // soon as a batch is written rather than when the whole queue is.
  let wake = () => {};
  let progressed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const batchSettled = () => {
    wake();
    progressed = new Promise<void>((resolve) => {
      wake = resolve;
    });
  };
  let writeError: Error | null = null;
  let done = 0;
  let batches = 0;
  const drain = async () => {
    try {
      while (queue.length > 0 && batchReady() && !writeError && !options.signal?.aborted) {
        // PGlite answers without leaving the microtask queue, so without this turn of the event loop
        // the workers' answers that arrived during the last batch are never seen before the next is
        // taken, and every batch holds one file.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) break;
        try {
          const batch = takeBatch(queue);
          batches++;
          await recordBatch(batch);
        } catch (error) {
          writeError = error as Error;
        }
        batchSettled();
      }
    } finally {
      draining = false;
      batchSettled();
    }
  };
  const write = (outcome: FileOutcome) => {
    queue.push(outcome);
    if (draining || !batchReady()) return;
    draining = true;
    drained = drain();
  };
  const recordBatch = async (batch: FileOutcome[]) => {
    const writes: FileWrite[] = [];
    for (const outcome of batch) {
      switch (outcome.kind) {
        case 'unchanged':
          summary.filesUnchanged++;
          break;
        case 'unreadable':
          // Keep what is stored: an unreadable file may be readable again next time.
          summary.skipped.push({ path: outcome.path, reason: 'unreadable', detail: outcome.detail });
          break;
        case 'skipped':
          summary.skipped.push({
            path: outcome.path,
            reason: outcome.file.skipReason ?? 'skipped',
            detail: outcome.detail,
          });
          if (!outcome.stored) writes.push({ file: outcome.file, patterns: [], references: [] });
          break;
        case 'analysed': {
          // Only a file stored before has patterns whose usage can carry over (ids name their file).
          const before = states.has(outcome.path) ? await previousUsage() : null;
          writes.push({
            file: outcome.file,
            patterns: outcome.patterns.map((p) => carryForward(p, before?.get(p.id))),
            references: outcome.references as FileReference[],
          });
          break;
        }
      }
    }
    // Progress counts files settled in the store, so an interrupt at N % leaves N % written.
    const settled = (path: string) => options.onProgress?.(++done, discovery.files.length, path);
    if (store.writeFiles) {
      await store.writeFiles(repository, writes);
      for (const w of writes) fresh?.add(w.file.path, w.patterns);
      for (const outcome of batch) settled(outcome.path);
    } else {
      // File by file (a store that goes offline midway takes the rest locally): progress per file.
      const written = new Set(writes.map((w) => w.file.path));
      for (const outcome of batch) if (!written.has(outcome.path)) settled(outcome.path);
      for (const w of writes) {
        await store.writeFile(repository, w.file, w.patterns, w.references);
        settled(w.file.path);
      }
    }
    for (const w of writes) await options.vectorMirror?.fileWritten(repository, w.file.path);
    for (const outcome of batch) {
      if (outcome.kind !== 'analysed') continue;
      summary.filesIndexed++;
      summary.patternsWritten += outcome.patterns.length;
      summary.analysisMs += outcome.timings.totalMs;
      summary.similarityMs += outcome.timings.similarityMs;
      for (const p of outcome.problems) {
        if (p.kind === 'syntax_error') {
          summary.syntaxErrors.push({
            path: outcome.path,
            errors: outcome.file.parseErrors,
            message: p.message,
          });
        }
      }
    }
  };
  try {
    const tasks: FileTask[] = discovery.files.map((f) => ({
      path: f.path,
      absolutePath: f.absolutePath,
      storedHash: full ? null : (states.get(f.path)?.contentHash ?? null),
      storedSkipReason: states.get(f.path)?.skipReason ?? null,
      repository,
      maxFileBytes,
      ...(options.coverage?.get(f.path) ? { coverage: options.coverage.get(f.path)! } : {}),
      ...(options.weights ? { weights: options.weights } : {}),
    }));
    let next = 0;
    const lane = async () => {
      while (next < tasks.length && !options.signal?.aborted && !writeError) {
        const task = tasks[next++]!;
        let outcome: FileOutcome;
        try {
          outcome = await pool.run(task);
        } catch (error) {
          // Workers are terminated on interrupt; their unfinished files are simply not written.
          if (options.signal?.aborted) return;
          throw error;
        }
        write(outcome);
        while (queue.length > MAX_QUEUED_WRITES && draining && !writeError) await progressed;
      }
    };
    await Promise.all(Array.from({ length: pool.inFlight }, lane));
    lanesDone = true;
    if (!draining && queue.length > 0) {
      draining = true;
      drained = drain();
    }
    await drained;
  } finally {
    options.signal?.removeEventListener('abort', stopWorkers);
    await pool.close();
  }
  logger.debug(`file phase: ${done} files settled in ${batches} batches`);
  if (writeError) {
    await store
      .finishRun({
        ...runCounts(summary, runId, 'failed'),
        durationMs: Math.round(performance.now() - started),
      })
      .catch(() => {});
    throw writeError;
  }
  if (options.signal?.aborted) {
    summary.status = 'interrupted';
  } else {
    summary.filesRemoved = await removeVanished(options, states, discovery, summary);
    options.heapGrowth?.forPasses();
    // Read once, before either pass reads its inputs: a file written meanwhile makes the next run do
    // both again.
    const fingerprint = await store.graph.graphFingerprint(repository);
    const similarKey =
      similarTo && !hasFilter(options.filter) ? similarFingerprint(similarTo, fingerprint.current) : null;
    const similarCurrent = similarKey !== null && (await store.graph.similarBuilt(repository)) === similarKey;
    // Its search runs on a worker while the graph pass runs here; its edges are written after.
    const similar =
      fresh && !similarCurrent
        ? await startSimilarToPass(store, repository, runId, similarTo!, {
            fresh,
            logger,
            workerScript:
              options.searchWorkerScript !== undefined || (options.jobs > 1 && options.workerScript !== null)
                ? options.searchWorkerScript
                : null,
          })
        : null;
    const graph = await runGraphPass(store, repository, runId, { fingerprint });
    summary.usageUpdates = graph.usageUpdates;
    summary.graph = graph;
    logger.debug(
      graph.skipped
        ? `graph pass skipped: no file written or removed since the last one (trends refreshed in ${graph.durationMs} ms)`
        : `graph pass: ${graph.edges.total} edges (+${graph.edges.added} −${graph.edges.removed} ~${graph.edges.changed}), ${graph.usageUpdates} usage updates in ${graph.durationMs} ms (${Object.entries(
            graph.steps,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`,
    );
    if (options.profile) {
      const updated = await applyProfile(store, repository, options.profile);
      summary.profile = { name: options.profile, updated };
    }
    if (hasFilter(options.filter)) {
      summary.filteredOut = await store.deletePatternsOutside(repository, options.filter!);
      // Edges to the dropped patterns stay until a pass runs: make the next run's pass run.
      if (summary.filteredOut > 0) await store.graph.forgetGraphBuilt(repository);
    }
    if (similarTo && similarCurrent) summary.similarTo = skippedSimilarTo();
    else if (similarTo) {
      summary.similarTo = similar
        ? await similar.finish()
        : await runSimilarToPass(store, repository, runId, similarTo);
      if (similarKey !== null) await store.graph.markSimilarBuilt(repository, similarKey, runId);
    }
  }
  if (summary.status === 'completed') await options.vectorMirror?.runFinished();
  summary.durationMs = Math.round(performance.now() - started);
  await store.finishRun({ ...runCounts(summary, runId, summary.status), durationMs: summary.durationMs });
  logger.debug(`index run ${runId} ${summary.status} in ${summary.durationMs} ms`);
  return summary;
}

async function removeVanished(
  options: IndexOptions,
  states: Map<string, unknown>,
  discovery: Awaited<ReturnType<typeof discoverPythonFiles>>,
  summary: IndexSummary,
): Promise<number> {
  const present = new Set(discovery.files.map((f) => f.path));
  // Files under an unreadable folder are not "gone": keep them until the folder can be read again.
  const unreadable = discovery.skipped.filter((s) => s.reason === 'unreadable').map((s) => `${s.path}/`);
  const kept = new Set(summary.skipped.filter((s) => s.reason === 'unreadable').map((s) => s.path));
  const gone = [...states.keys()].filter(
    (p) => !present.has(p) && !kept.has(p) && !unreadable.some((dir) => p.startsWith(dir)),
  );
  if (gone.length > 0) await options.store.deleteFiles(options.repository, gone);
  for (const path of gone) await options.vectorMirror?.fileWritten(options.repository, path);
  return gone.length;
}

/** A freshly analysed pattern with the usage figures its previous version ended the last run with. */
function carryForward(pattern: PatternRecord, before: UsageInput | undefined): PatternRecord {
  return carryUsage(pattern, before && carryOfInput(before));
}

function hasFilter(filter: PatternFilter | undefined): boolean {
  return filter?.minQuality !== undefined || filter?.maxComplexity !== undefined;
}

function runCounts(s: IndexSummary, id: number, status: 'completed' | 'interrupted' | 'failed') {
  return {
    id,
    status,
    finishedAt: new Date().toISOString(),
    filesSeen: s.filesSeen,
    filesIndexed: s.filesIndexed,
    filesUnchanged: s.filesUnchanged,
    filesSkipped: s.skipped.length,
    filesRemoved: s.filesRemoved,
    patterns: s.patternsWritten,
    durationMs: s.durationMs,
  };
}
