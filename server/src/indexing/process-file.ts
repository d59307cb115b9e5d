/**
 * One file, start to finish, outside the store: read safely, skip if unchanged, parse, analyse.
 * Shared by the worker threads and the in-process path so both behave the same.
 */
import { createHash } from 'node:crypto';
import { analyseFile } from '../core/analyse-file';
import type { FileCoverage } from '../core/coverage';
import type { Problem, QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference } from '../core/ports';
import { readSource } from '../files/read-source';
import type { PythonParser } from '../syntax/python-parser';

/** What the indexer asks about one file. */
export interface FileTask {
  path: string;
  absolutePath: string;
  storedHash: string | null;
  repository: string;
  maxFileBytes: number;
  coverage?: FileCoverage;
  weights?: QualityWeights;
}

/** The answer: unchanged, skipped (with a reason), or analysed. */
export type FileOutcome =
  | { kind: 'unchanged'; path: string }
  | { kind: 'unreadable'; path: string; detail: string }
  | { kind: 'skipped'; path: string; file: FileRecord; detail: string }
  | {
      kind: 'analysed';
      path: string;
      file: FileRecord;
      patterns: PatternRecord[];
      references: FileReference[];
      problems: Problem[];
    };

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Read, hash-compare, parse and analyse one file. Never throws for bad input. */
export async function processFile(task: FileTask, parser: PythonParser): Promise<FileOutcome> {
  const read = await readSource(task.absolutePath, { maxFileBytes: task.maxFileBytes });
  if (!read.ok) {
    if (read.reason === 'unreadable') return { kind: 'unreadable', path: task.path, detail: read.detail };
    if (read.contentHash !== null && read.contentHash === task.storedHash)
      return { kind: 'unchanged', path: task.path };
    const file: FileRecord = {
      path: task.path,
      contentHash: read.contentHash,
      sizeBytes: read.sizeBytes,
      lineCount: 0,
      parseErrors: 0,
      skipReason: read.reason,
    };
    return { kind: 'skipped', path: task.path, file, detail: read.detail };
  }
  if (read.contentHash === task.storedHash) return { kind: 'unchanged', path: task.path };
  const tree = parser.parse(read.text);
  const analysis = analyseFile(tree, {
    filePath: task.path,
    repository: task.repository,
    hash: sha256,
    ...(task.coverage ? { coverage: task.coverage } : {}),
    ...(task.weights ? { weights: task.weights } : {}),
  });
  const file: FileRecord = {
    path: task.path,
    contentHash: read.contentHash,
    sizeBytes: read.sizeBytes,
    lineCount: read.lineCount,
    parseErrors: tree.errorCount,
    skipReason: null,
  };
  return { kind: 'analysed', path: task.path, file, ...analysis };
}
