/**
 * The `PatternStore` port over a `SqlClient`: the same code serves embedded PGlite and a PostgreSQL
 * server. Each method is one function in pattern-writes, pattern-queries, usage-reads, pattern-stats,
 * pattern-filter or index-runs.
 */
import type { PatternStore } from '../core/ports';
import { writeFiles } from './batch-writes';
import { createGraphStore } from './graph-store';
import { beginRun, finishRun, lastRun } from './index-runs';
import { deletePatternsOutside } from './pattern-filter';
import {
  exportPatterns,
  fileStates,
  findAt,
  findByQualifiedName,
  getPattern,
  listPatterns,
  search,
} from './pattern-queries';
import { stats, validationFacts } from './pattern-stats';
import { applyUsage, deleteFiles, writeFile } from './pattern-writes';
import type { SqlClient } from './sql-client';
import { references, usageInputs } from './usage-reads';
import { createSimilarityStore } from './vector-reads';

// The client behind each store, for read-only views that query it directly (the dashboard's SQL).
const clients = new WeakMap<PatternStore, SqlClient>();

/** The SQL client a store made by `createPatternStore` runs on (undefined for other stores). */
export function sqlClientOf(store: PatternStore): SqlClient | undefined {
  return clients.get(store);
}

/** A store over an open, migrated client; `close()` closes the client. */
export function createPatternStore(sql: SqlClient): PatternStore {
  const store: PatternStore = {
    location: sql.location,
    fileStates: (repository) => fileStates(sql, repository),
    writeFile: (repository, file, patterns, refs) => writeFile(sql, repository, file, patterns, refs),
    writeFiles: (repository, files) => writeFiles(sql, repository, files),
    deleteFiles: (repository, paths) => deleteFiles(sql, repository, paths),
    deletePatternsOutside: (repository, filter) => deletePatternsOutside(sql, repository, filter),
    usageInputs: (repository) => usageInputs(sql, repository),
    references: (repository) => references(sql, repository),
    applyUsage: (updates) => applyUsage(sql, updates),
    beginRun: (repository, root) => beginRun(sql, repository, root),
    finishRun: (run) => finishRun(sql, run),
    lastRun: () => lastRun(sql),
    listPatterns: (query) => listPatterns(sql, query),
    getPattern: (id) => getPattern(sql, id),
    findByQualifiedName: (name) => findByQualifiedName(sql, name),
    findAt: (filePath, line) => findAt(sql, filePath, line),
    search: (text, limit) => search(sql, text, limit),
    stats: () => stats(sql),
    validationFacts: () => validationFacts(sql),
    exportPatterns: (pageSize) => exportPatterns(sql, pageSize),
    graph: createGraphStore(sql),
    similarity: createSimilarityStore(sql),
    close: () => sql.close(),
  };
  clients.set(store, sql);
  return store;
}
