/**
 * Indexes one file, as the language server does on open and on save: the indexer's per-file
 * pipeline (`processSource`), then the same write with usage carried over. Without a store the
 * analysis is returned without being written, so the editor still shows it. The usage pass that
 * settles counts across files is separate (`runUsagePass`), so callers can batch it.
 */
import type { FileCoverage } from '../core/coverage';
import type { Problem, QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileRecord, PatternStore } from '../core/ports';
import { DEFAULT_MAX_FILE_BYTES } from '../files/file-size';
import { decodeSource, readSource } from '../files/read-source';
import type { PythonParser } from '../syntax/python-parser';
import { carryOfRecord, carryUsage } from './carry-usage';
import { type FileOutcome, type FileTask, processSource } from './process-file';

/** One file to index. */
export interface IndexFileOptions {
  /** Null when the store is unreachable: analyse only. */
  store: PatternStore | null;
  repository: string;
  /** Path relative to the workspace root (the store's key). */
  path: string;
  absolutePath: string;
  parser: PythonParser;
  /** The stored analysis hash of the file, or null to analyse whatever is stored. */
  storedHash: string | null;
  /** Text of an editor buffer to analyse instead of reading the file from disk. */
  text?: string;
  coverage?: FileCoverage;
  weights?: QualityWeights;
  maxFileBytes?: number;
}

/** What indexing one file gave: its patterns as now stored (or analysed), and what happened. */
export interface IndexedFile {
  outcome: FileOutcome['kind'];
  patterns: PatternRecord[];
  problems: Problem[];
  /** The file record written (null when nothing was written). */
  file: FileRecord | null;
  written: boolean;
  /** Why the file yielded nothing (skipped or unreadable), if it did. */
  detail?: string;
}

/** Analyse one file and write it; reads the stored patterns when its content is unchanged. */
export async function indexFile(options: IndexFileOptions): Promise<IndexedFile> {
  const { store, repository } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const task: FileTask = {
    path: options.path,
    absolutePath: options.absolutePath,
    storedHash: store ? options.storedHash : null,
    repository,
    maxFileBytes,
    ...(options.coverage ? { coverage: options.coverage } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
  };
  const read =
    options.text !== undefined
      ? decodeSource(new TextEncoder().encode(options.text), { maxFileBytes })
      : await readSource(options.absolutePath, { maxFileBytes });
  const outcome = processSource(task, read, options.parser);
  switch (outcome.kind) {
    case 'unchanged':
      return {
        outcome: outcome.kind,
        patterns: store ? await storedPatterns(store, repository, options.path) : [],
        problems: [],
        file: null,
        written: false,
      };
    case 'unreadable':
      return {
        outcome: outcome.kind,
        patterns: [],
        problems: [],
        file: null,
        written: false,
        detail: outcome.detail,
      };
    case 'skipped':
      if (store && !outcome.stored) await store.writeFile(repository, outcome.file, [], []);
      return {
        outcome: outcome.kind,
        patterns: [],
        problems: [],
        file: outcome.file,
        written: store !== null && !outcome.stored,
        detail: outcome.detail,
      };
    case 'analysed': {
      if (!store) {
        return {
          outcome: outcome.kind,
          patterns: outcome.patterns,
          problems: outcome.problems,
          file: outcome.file,
          written: false,
        };
      }
      const previous = new Map(
        (await storedPatterns(store, repository, options.path)).map((p) => [p.id, carryOfRecord(p)]),
      );
      const patterns = outcome.patterns.map((p) => carryUsage(p, previous.get(p.id)));
      await store.writeFile(repository, outcome.file, patterns, outcome.references);
      return {
        outcome: outcome.kind,
        patterns,
        problems: outcome.problems,
        file: outcome.file,
        written: true,
      };
    }
  }
}

/** The stored patterns of one file of `repository`, in line order. */
export async function storedPatterns(
  store: PatternStore,
  repository: string,
  path: string,
): Promise<PatternRecord[]> {
  const rows = await store.listPatterns({ filePath: path, sort: 'name' });
  return rows.filter((p) => p.repository === repository).sort((a, b) => a.lineRange[0] - b.lineRange[0]);
}
