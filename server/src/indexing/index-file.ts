/**
 * Indexes one file, as the language server does on open and on save: the indexer's per-file
 * pipeline (`processSource`), then the same write with usage carried over. The two halves are also
 * separate (`analyseFile`, `writeAnalysis`) so the editor can show an analysis before it is written.
 * Without a store the analysis is returned without being written, so the editor still shows it. The
 * usage pass that settles counts across files is separate (`runUsagePass`), so callers can batch it.
 */
import type { FileCoverage } from '../core/coverage';
import type { Problem, QualityWeights } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileRecord, FileReference, PatternStore } from '../core/ports';
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

/** An analysis not written yet: what `writeAnalysis` needs besides the patterns. */
export interface FileAnalysis {
  outcome: FileOutcome['kind'];
  patterns: PatternRecord[];
  problems: Problem[];
  /** The file record to write (null for unchanged or unreadable files). */
  file: FileRecord | null;
  references: FileReference[];
  /** Whether a skipped file's record is already stored (nothing to write). */
  stored?: boolean;
  detail?: string;
}

/**
 * Read (or take the buffer's text), hash-compare with `storedHash` and analyse one file, touching no
 * store: `unchanged` when the hash matches (the stored patterns stand), else the fresh analysis.
 */
export async function analyseFile(options: Omit<IndexFileOptions, 'store'>): Promise<FileAnalysis> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const task: FileTask = {
    path: options.path,
    absolutePath: options.absolutePath,
    storedHash: options.storedHash,
    repository: options.repository,
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
      return { outcome: outcome.kind, patterns: [], problems: [], file: null, references: [] };
    case 'unreadable':
      return {
        outcome: outcome.kind,
        patterns: [],
        problems: [],
        file: null,
        references: [],
        detail: outcome.detail,
      };
    case 'skipped':
      return {
        outcome: outcome.kind,
        patterns: [],
        problems: [],
        file: outcome.file,
        references: [],
        stored: outcome.stored,
        detail: outcome.detail,
      };
    case 'analysed':
      return {
        outcome: outcome.kind,
        patterns: outcome.patterns,
        problems: outcome.problems,
        file: outcome.file,
        references: outcome.references,
      };
  }
}

/**
 * Write an analysis of `path` with the usage its stored predecessors ended the last usage pass with;
 * returns the patterns as written (null when there was nothing to write).
 */
export async function writeAnalysis(
  store: PatternStore,
  repository: string,
  path: string,
  analysis: FileAnalysis,
): Promise<PatternRecord[] | null> {
  if (!analysis.file) return null;
  if (analysis.outcome === 'skipped') {
    if (analysis.stored) return null;
    await store.writeFile(repository, analysis.file, [], []);
    return [];
  }
  if (analysis.outcome !== 'analysed') return null;
  const previous = new Map(
    (await storedPatterns(store, repository, path)).map((p) => [p.id, carryOfRecord(p)]),
  );
  const patterns = analysis.patterns.map((p) => carryUsage(p, previous.get(p.id)));
  await store.writeFile(repository, analysis.file, patterns, analysis.references);
  return patterns;
}

/** Analyse one file and write it; reads the stored patterns when its content is unchanged. */
export async function indexFile(options: IndexFileOptions): Promise<IndexedFile> {
  const { store, repository } = options;
  const analysis = await analyseFile({ ...options, storedHash: store ? options.storedHash : null });
  const base = {
    outcome: analysis.outcome,
    problems: analysis.problems,
    ...(analysis.detail !== undefined ? { detail: analysis.detail } : {}),
  };
  if (analysis.outcome === 'unchanged') {
    const patterns = store ? await storedPatterns(store, repository, options.path) : [];
    return { ...base, patterns, file: null, written: false };
  }
  if (analysis.outcome === 'unreadable') return { ...base, patterns: [], file: null, written: false };
  const written = store ? await writeAnalysis(store, repository, options.path, analysis) : null;
  return { ...base, patterns: written ?? analysis.patterns, file: analysis.file, written: written !== null };
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
