/** `motif index [PATH]`: index a folder with a progress bar on a TTY, then print a summary. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { PatternStore } from '../core/ports';
import { SIMILAR_TO_DEFAULTS } from '../core/similarity/similar-edges';
import { findDefaultCoverageReport, readCoverage } from '../coverage/read-coverage';
import { DiscoveryError } from '../files/discovery-error';
import { repositoryIdentity } from '../files/repository-identity';
import type { IndexProfile } from '../indexing/apply-profile';
import { limitHeapGrowth } from '../indexing/heap-growth';
import { type IndexSummary, indexWorkspace } from '../indexing/index-workspace';
import { qdrantMirror } from '../indexing/vector-mirror';
import { CliError, type CliIo, cliLogger, EXIT, openCliStore, out } from './cli-context';
import { formatSummary } from './format-summary';
import { numberOption } from './query-commands';
import { chooseQdrant } from './vector-index-choice';

/** Options of `motif index`, as commander parses them. */
export interface IndexCommandOptions {
  db?: string;
  jobs?: string;
  coverage?: string;
  exclude?: string[];
  followLinks?: boolean;
  repository?: string;
  json?: boolean;
  verbose?: boolean;
  parser?: 'wasm' | 'native';
  minQuality?: string;
  maxComplexity?: string;
  full?: boolean;
  qdrant?: string;
  similarThreshold?: string;
  profile?: IndexProfile;
}

/** Run the index command; returns the exit code. */
export async function indexCommand(
  io: CliIo,
  target: string | undefined,
  options: IndexCommandOptions,
): Promise<number> {
  const heapGrowth = limitHeapGrowth();
  const root = path.resolve(io.cwd, target ?? '.');
  const logger = cliLogger(io, options.verbose ?? false);
  const jobs = options.jobs === undefined ? os.availableParallelism() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new CliError(`--jobs must be a whole number ≥ 1, got ${options.jobs}`);
  // Check the folder before opening a store: a store must never be created for a mistyped path.
  const rootStat = fs.statSync(root, { throwIfNoEntry: false });
  if (!rootStat) throw new CliError(`Root folder "${root}" does not exist`);
  if (!rootStat.isDirectory()) throw new CliError(`Root "${root}" is not a folder`);
  const minQuality = numberOption('--min-quality', options.minQuality, 0, 1);
  const maxComplexity = numberOption('--max-complexity', options.maxComplexity, 1);
  const similarThreshold = numberOption('--similar-threshold', options.similarThreshold, 0, 1);
  const coverage = await loadCoverage(io, root, options.coverage);
  // The CLI's store (for a server: with the offline outbox); its similarity side feeds the Qdrant mirror.
  const store = await openCliStore(io, {
    ...(options.db ? { db: options.db } : {}),
    root,
    create: true,
    logger,
  });
  const storage = { store, similarity: store.similarity };
  let qdrant: ReturnType<typeof chooseQdrant>;
  try {
    qdrant = chooseQdrant(io, storage, options);
  } catch (error) {
    await store.close();
    throw error;
  }
  const mirror = qdrant ? qdrantMirror(storage.similarity, qdrant, logger) : undefined;
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    io.stderr.write(
      '\nInterrupted: finishing the file being written; run `motif index` again to finish the job.\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = io.stderr.isTTY && !options.json ? progressBar(io) : null;
  let summary: IndexSummary;
  try {
    summary = await indexWorkspace({
      root,
      store,
      repository: repositoryIdentity(root, options.repository),
      jobs,
      exclude: options.exclude ?? [],
      ...(options.followLinks ? { followLinks: true } : {}),
      ...(coverage ? { coverage: coverage.files } : {}),
      ...(options.parser ? { backend: options.parser } : {}),
      signal: controller.signal,
      ...(options.full ? { full: true } : {}),
      profile: options.profile ?? 'default',
      filter: {
        ...(minQuality !== undefined ? { minQuality } : {}),
        ...(maxComplexity !== undefined ? { maxComplexity } : {}),
      },
      logger,
      heapGrowth,
      ...(mirror ? { vectorMirror: mirror } : {}),
      ...(similarThreshold !== undefined
        ? { similarTo: { ...SIMILAR_TO_DEFAULTS, threshold: similarThreshold } }
        : {}),
      onProgress: (done, total) => {
        if (!bar) return;
        if (done === 1) bar.start(total, 0);
        bar.update(done);
      },
    });
    bar?.stop();
    if (mirror?.report && !options.json)
      io.stderr.write(`Qdrant ${qdrant!.location}: ${mirror.report.storeVectors} vectors mirrored\n`);
    await report(io, store, summary, {
      root,
      json: options.json ?? false,
      coverage: coverage?.source ?? null,
    });
  } catch (error) {
    bar?.stop();
    if (error instanceof DiscoveryError) throw new CliError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
  return summary.status === 'interrupted' ? EXIT.interrupted : EXIT.ok;
}

async function loadCoverage(io: CliIo, root: string, explicit: string | undefined) {
  const report = explicit ? path.resolve(io.cwd, explicit) : await findDefaultCoverageReport(root);
  if (!report) return null;
  try {
    return await readCoverage(report, { root });
  } catch (error) {
    throw new CliError(`cannot read coverage report: ${(error as Error).message}`);
  }
}

function progressBar(io: CliIo): SingleBar {
  return new SingleBar({
    format: 'Indexing [{bar}] {percentage}% | {value}/{total} files | ETA {eta_formatted}',
    stream: io.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
}

async function report(
  io: CliIo,
  store: PatternStore,
  summary: IndexSummary,
  context: { root: string; json: boolean; coverage: string | null },
): Promise<void> {
  const stats = await store.stats();
  if (context.json) {
    out(
      io,
      JSON.stringify(
        { root: context.root, store: store.location, coverage: context.coverage, ...summary, stats },
        null,
        2,
      ),
    );
    return;
  }
  out(
    io,
    formatSummary(summary, stats, { root: context.root, store: store.location, coverage: context.coverage }),
  );
}
