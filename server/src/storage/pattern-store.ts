/**
 * The `PatternStore` port over a `SqlClient`: the same code serves embedded PGlite and a PostgreSQL
 * server. Each method is one function in pattern-writes, pattern-queries, usage-reads, pattern-stats,
 * pattern-filter or index-runs.
 */
import type { PatternStore } from '../core/ports';
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

/** A store over an open, migrated client; `close()` closes the client. */
export function createPatternStore(sql: SqlClient): PatternStore {
  return {
    location: sql.location,
    fileStates: (repository) => fileStates(sql, repository),
    writeFile: (repository, file, patterns, refs) => writeFile(sql, repository, file, patterns, refs),
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
    close: () => sql.close(),
  };
}
