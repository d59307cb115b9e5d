/**
 * One file, start to finish, outside the store: read safely, skip if unchanged, parse, analyse.
 * Shared by the worker threads and the in-process path so both behave the same.
 */
import crypto from 'node:crypto';
import { analyseFile } from '../core/analyse-file';
import type { FileCoverage } from '../core/coverage';
import type { Problem, QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference } from '../core/ports';
import { readSource, type SourceRead } from '../files/read-source';
import { type PythonParser, parseBudgetMs } from '../syntax/python-parser';
import { addFingerprints } from './fingerprint-step';

/** What the indexer asks about one file. */
export interface FileTask {
  path: string;
  absolutePath: string;
  storedHash: string | null;
  /** Why the stored version of this file was skipped, if it was. */
  storedSkipReason?: string | null;
  repository: string;
  maxFileBytes: number;
  coverage?: FileCoverage;
  weights?: QualityWeights;
}

/** The answer: unchanged, skipped (with a reason), or analysed. */
export type FileOutcome =
  | { kind: 'unchanged'; path: string }
  | { kind: 'unreadable'; path: string; detail: string }
  /** `stored`: the same skipped content is already recorded, so nothing needs writing. */
  | { kind: 'skipped'; path: string; file: FileRecord; detail: string; stored: boolean }
  | {
      kind: 'analysed';
      path: string;
      file: FileRecord;
      patterns: PatternRecord[];
      references: FileReference[];
      problems: Problem[];
      /** Time spent on this file: parsing and analysis in all, and the similarity step alone. */
      timings: { totalMs: number; similarityMs: number };
    };

// One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as a Hash object for short strings.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text) : crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * What decides whether a file must be analysed again: its bytes, and the coverage lines a report
 * gives for it (a new report changes scores without changing code). Stored as the file's hash.
 */
export function analysisHash(contentHash: string, coverage: FileCoverage | undefined): string {
  if (!coverage) return contentHash;
  const lines = `${[...coverage.executable].sort((a, b) => a - b)}|${[...coverage.covered].sort((a, b) => a - b)}`;
  return `${contentHash}+coverage:${sha256(lines).slice(0, 16)}`;
}

function skippedRecord(
  task: FileTask,
  hash: string | null,
  sizeBytes: number,
  lineCount: number,
  reason: string,
): FileRecord {
  return { path: task.path, contentHash: hash, sizeBytes, lineCount, parseErrors: 0, skipReason: reason };
}

/** Why a file's analysis failed, in words for the summary. */
function analysisFailure(error: unknown): string {
  // Recursive steps of the analysis follow the syntax tree's depth; CPython refuses such code too
  // (more than 200 nested parentheses, or a compiler recursion error), so this is not real Python.
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return 'nested too deeply to analyse (the analysis ran out of stack)';
  const message = error instanceof Error ? error.message : String(error);
  return `analysis failed: ${message.split('\n')[0]}`;
}

/**
 * The outcome for a file whose analysis failed. A file whose analysis threw keeps its hash, so an
 * unchanged file is not retried (the same content fails the same way) until it changes or `--full`;
 * a crashed worker's file gets none (see `crashedOutcome`).
 */
function failedOutcome(
  task: FileTask,
  hash: string | null,
  sizeBytes: number,
  lineCount: number,
  detail: string,
): FileOutcome {
  const file = skippedRecord(task, hash, sizeBytes, lineCount, 'analysis_failed');
  return { kind: 'skipped', path: task.path, file, detail, stored: false };
}

/**
 * The outcome for a file on which an analysis worker crashed (out of memory, or worse), read again
 * here for its size. Recorded without a hash, unlike a file whose analysis threw: a crash can come
 * from the machine (memory short at the time), so the next run tries the file again.
 */
export async function crashedOutcome(task: FileTask, detail: string): Promise<FileOutcome> {
  const read = await readSource(task.absolutePath, { maxFileBytes: task.maxFileBytes });
  if (!read.ok) return unreadOutcome(task, read);
  return failedOutcome(task, null, read.sizeBytes, read.lineCount, detail);
}

/** The outcome for a file that could not be read as Python text. */
function unreadOutcome(task: FileTask, read: Extract<SourceRead, { ok: false }>): FileOutcome {
  if (read.reason === 'unreadable') return { kind: 'unreadable', path: task.path, detail: read.detail };
  const file = skippedRecord(task, read.contentHash, read.sizeBytes, 0, read.reason);
  // Still skipped for the same content: report it again, but there is nothing to write.
  const stored = read.contentHash !== null && read.contentHash === task.storedHash;
  return { kind: 'skipped', path: task.path, file, detail: read.detail, stored };
}

/** Read, hash-compare, parse and analyse one file. Never throws for bad input. */
export async function processFile(task: FileTask, parser: PythonParser): Promise<FileOutcome> {
  return processSource(
    task,
    await readSource(task.absolutePath, { maxFileBytes: task.maxFileBytes }),
    parser,
  );
}

/**
 * Hash-compare, parse and analyse a file already read (from disk, or an editor buffer through
 * `decodeSource`): the same steps as `processFile` after reading.
 */
export function processSource(task: FileTask, read: SourceRead, parser: PythonParser): FileOutcome {
  if (!read.ok) return unreadOutcome(task, read);
  const hash = analysisHash(read.contentHash, task.coverage);
  if (hash === task.storedHash) {
    if (!task.storedSkipReason) return { kind: 'unchanged', path: task.path };
    const file = skippedRecord(task, hash, read.sizeBytes, read.lineCount, task.storedSkipReason);
    return {
      kind: 'skipped',
      path: task.path,
      file,
      detail: `unchanged, still skipped (${task.storedSkipReason})`,
      stored: true,
    };
  }
  try {
    return analyseSource(task, read, hash, parser);
  } catch (error) {
    // One file the analysis cannot handle is reported and skipped; the run goes on.
    return failedOutcome(task, hash, read.sizeBytes, read.lineCount, analysisFailure(error));
  }
}

function analyseSource(
  task: FileTask,
  read: Extract<SourceRead, { ok: true }>,
  hash: string,
  parser: PythonParser,
): FileOutcome {
  const started = performance.now();
  const budget = parseBudgetMs(read.text);
  const tree = parser.parseWithin(read.text, budget);
  if (!tree) {
    const file = skippedRecord(task, hash, read.sizeBytes, read.lineCount, 'parse_timeout');
    const detail = `parsing took longer than ${(budget / 1000).toFixed(1)} s (tree-sitter-python is slow on some long comment runs)`;
    return { kind: 'skipped', path: task.path, file, detail, stored: false };
  }
  const analysis = analyseFile(tree, {
    filePath: task.path,
    repository: task.repository,
    hash: sha256,
    ...(task.coverage ? { coverage: task.coverage } : {}),
    ...(task.weights ? { weights: task.weights } : {}),
  });
  const similarityMs = addFingerprints(tree, analysis.patterns);
  const timings = { totalMs: performance.now() - started, similarityMs };
  const file: FileRecord = {
    path: task.path,
    contentHash: hash,
    sizeBytes: read.sizeBytes,
    lineCount: read.lineCount,
    parseErrors: tree.errorCount,
    skipReason: null,
    reexports: analysis.reexports,
  };
  return { kind: 'analysed', path: task.path, file, ...analysis, timings };
}
