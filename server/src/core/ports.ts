/**
 * Ports the core defines and adapters implement: the pattern store, the logger and the clock.
 * Only composition roots (CLI main, server main, test helpers) choose the adapters.
 */

import type { GraphFile, GraphPattern } from './graph/resolve-targets';
import type { QualityComponent } from './model';
import type { OnexFacts } from './onex-profile';
import type { PatternRecord, UsageTrend } from './pattern';

/** A six-line logger (node-pg-migrate's shape); the CLI and server route it where they may write. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything, for tests and quiet runs. */
export const nullLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Time, so tests can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the store remembers of a file between runs. */
export interface FileState {
  path: string;
  contentHash: string | null;
  skipReason: string | null;
}

/** A file as indexed: stored even when skipped, so the summary and `stats` can say why. */
export interface FileRecord {
  path: string;
  /** sha256 of the bytes (plus a digest of its coverage lines when a report covers it); null if unread. */
  contentHash: string | null;
  sizeBytes: number;
  lineCount: number;
  parseErrors: number;
  /** Why the file yielded no patterns (binary, not UTF-8, too large, unreadable), or null. */
  skipReason: string | null;
  /** Module-level `from … import` bindings ([local, absolute module, name]), for re-exports. */
  reexports?: [string, string, string][];
}

/** A name a file references through its imports: `sites` reference sites to `module`.`name`. */
export interface FileReference {
  /** Absolute dotted module path, relative imports already resolved (`pkg.db.tx`). */
  targetModule: string;
  /** Top-level name in that module, or dotted `Class.method`; empty for the module itself. */
  targetName: string;
  sites: number;
}

/** The minimum the usage pass needs about each stored pattern. */
export interface UsageInput {
  id: string;
  filePath: string;
  qualifiedName: string;
  kind: PatternRecord['kind'];
  /** Component scores as stored (null = unknown), to recompute the total without reloading everything. */
  components: Record<QualityComponent, number | null>;
  weights: Record<QualityComponent, number>;
  usageCount: number;
  usageFiles: number;
  reusabilityEvidence: string;
}

/** New usage figures and the re-weighted quality for one pattern. */
export interface UsageUpdate {
  id: string;
  usageCount: number;
  usageFiles: number;
  reusabilityScore: number;
  reusabilityEvidence: string;
  qualityScore: number;
  /**
   * The index run in which the usage count grew, if it did: its start becomes the last-used time in the
   * same write, which the usage facts (derived from history and events afterwards) would set anyway.
   */
  grewInRun?: number;
}

/** One run of the indexer. */
export interface IndexRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  root: string;
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesSkipped: number;
  filesRemoved: number;
  patterns: number;
  durationMs: number | null;
}

/** The seed's ingestion filters (`motif index --min-quality Q --max-complexity N`). */
export interface PatternFilter {
  minQuality?: number;
  maxComplexity?: number;
}

/** Filters and order for listing patterns. */
export interface PatternQuery {
  type?: string;
  category?: string;
  minQuality?: number;
  filePath?: string;
  sort?: 'quality' | 'usage' | 'complexity' | 'name';
  limit?: number;
  offset?: number;
}

/** Totals for `motif stats`. */
export interface StoreStats {
  patterns: number;
  files: number;
  filesSkipped: number;
  byType: Record<string, number>;
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
  tiers: { high: number; medium: number; low: number };
  averageQuality: number | null;
  stddevQuality: number | null;
  withCoverage: number;
  lastRun: IndexRun | null;
}

/** Counts the validation gates are judged on (see core/validate.ts). */
export interface ValidationFacts {
  total: number;
  nullQuality: number;
  outOfRangeQuality: number;
  stddevQuality: number | null;
  patternTypes: number;
  duplicateIdentities: number;
  missingMetadata: number;
  missingCreatedAt: number;
  /** Pattern names that look like file names (`__init__.py`, `test_x.py`), up to a sample. */
  fileNameSamples: string[];
  fileNamePatterns: number;
  /**
   * Standard deviation of each component's score, over patterns scored with the default profile
   * (null when there are none; `testCoverage` null when no pattern has coverage): what the total's
   * spread is made of.
   */
  componentStddev: ComponentSpread | null;
}

/** Standard deviation of each default-profile quality component's score. */
export interface ComponentSpread {
  complexity: number;
  documentation: number;
  testCoverage: number | null;
  reusability: number;
  maintainability: number;
  /** Patterns whose test coverage is known (the rest leave the component out). */
  withCoverage: number;
  /** Patterns scored with the default profile (the spread is over these). */
  patterns: number;
}

/** One file's replacement, as `writeFile` takes it: for writing several files at once. */
export interface FileWrite {
  file: FileRecord;
  patterns: PatternRecord[];
  references: FileReference[];
}

/** The pattern store: embedded PGlite or a PostgreSQL server behind the same port. */
export interface PatternStore {
  /** Where the store is, with any password redacted: safe to print. */
  readonly location: string;
  fileStates(repository: string): Promise<Map<string, FileState>>;
  /** Replace one file's record, patterns and references in a single transaction. */
  writeFile(
    repository: string,
    file: FileRecord,
    patterns: PatternRecord[],
    references: FileReference[],
  ): Promise<void>;
  /**
   * Replace several files in one transaction (all or none). Optional: the indexer batches when a store
   * offers it and writes file by file otherwise.
   */
  writeFiles?(repository: string, files: FileWrite[]): Promise<void>;
  /** Remove files with their patterns and references. */
  deleteFiles(repository: string, paths: string[]): Promise<void>;
  /** Delete the repository's patterns with quality below `minQuality` or complexity above `maxComplexity`; returns how many. */
  deletePatternsOutside(repository: string, filter: PatternFilter): Promise<number>;
  usageInputs(repository: string): Promise<UsageInput[]>;
  /** Every reference of every file of the repository, with the referencing file. */
  references(repository: string): Promise<(FileReference & { fromPath: string })[]>;
  applyUsage(updates: UsageUpdate[]): Promise<void>;
  beginRun(repository: string, root: string): Promise<number>;
  finishRun(run: Omit<IndexRun, 'startedAt' | 'root'>): Promise<void>;
  lastRun(): Promise<IndexRun | null>;
  listPatterns(query: PatternQuery): Promise<PatternRecord[]>;
  getPattern(id: string): Promise<PatternRecord | null>;
  findByQualifiedName(name: string): Promise<PatternRecord[]>;
  /** Innermost patterns whose line range contains `line` in `filePath`. */
  findAt(filePath: string, line: number): Promise<PatternRecord[]>;
  search(text: string, limit: number): Promise<PatternRecord[]>;
  stats(): Promise<StoreStats>;
  validationFacts(): Promise<ValidationFacts>;
  /** Stream every pattern in a stable order, in pages. */
  exportPatterns(pageSize?: number): AsyncIterable<PatternRecord[]>;
  /** The pattern graph over the same database: relationships, usage history and events. */
  readonly graph: GraphStore;
  /** The similarity side of the same database: fingerprints and vectors (see `SimilarityStore`). */
  readonly similarity: SimilarityStore;
  close(): Promise<void>;
}

/** The seed's four relationship types; SIMILAR_TO is written by the similarity pass. */
export type RelationshipType = 'USES' | 'EXTENDS' | 'COMPOSED_OF' | 'SIMILAR_TO';

/** One edge of the pattern graph. */
export interface Relationship {
  sourceId: string;
  /** The target pattern's id when resolved; null for an external or unresolved name. */
  targetId: string | null;
  /** Dotted name of the target (`pkg.db.Session.commit`, `abc.ABC`). */
  targetName: string;
  type: RelationshipType;
  /** 1.0 when resolved through imports and definitions; lower for name-only guesses. */
  confidence: number;
  evidence: string;
  /** Whether the target was guessed from a name alone. */
  isGuess: boolean;
  /** Reference sites behind a USES edge (1 for the other types). */
  sites: number;
}

/** One use of a pattern from outside the code (an agent or the editor took it). */
export interface UsageEvent {
  id: number;
  patternId: string;
  agent: string;
  context: string | null;
  occurredAt: string;
}

/** An edge as shown: the relationship with both ends named (for `show`, `graph`, hovers). */
export interface RelationshipView extends Relationship {
  /** Qualified name and file of the source pattern. */
  sourceName: string;
  sourceFile: string;
  /** File of the target pattern, null for external targets. */
  targetFile: string | null;
}

/** What the graph pass reads about a repository (see core/graph/resolve-targets.ts). */
export interface GraphInputs {
  patterns: GraphPattern[];
  files: GraphFile[];
  /** Each pattern's stored trend, to write only the ones that changed. */
  trends: Map<string, UsageTrend | null>;
}

/** The stored facts a scoring profile reads about one pattern (see core/onex-profile.ts). */
export interface ProfileInput extends Omit<OnexFacts, 'methods'> {
  id: string;
  filePath: string;
  qualifiedName: string;
  qualityScore: number;
  qualityProfile: string;
  /** The stored components as JSON text, or null (default profile). */
  profileComponents: string | null;
}

/** A pattern's total under a profile, with the components as JSON text (null for the default profile). */
export interface ProfileUpdate {
  id: string;
  total: number;
  profile: string;
  components: string | null;
}

/** A pattern's static usage as of one run (rows are written when the figures change). */
export interface UsageHistoryPoint {
  patternId: string;
  runId: number;
  usageCount: number;
  usageFiles: number;
}

/** The pattern graph's store: relationships, usage history and events. Implemented in storage/graph-store.ts. */
export interface GraphStore {
  graphInputs(repository: string): Promise<GraphInputs>;
  /** External usage events per pattern id of the repository. */
  eventCounts(repository: string): Promise<Map<string, number>>;
  /** Replace the repository's edges of `types` with `edges`, writing only the difference; returns counts. */
  replaceEdges(
    repository: string,
    types: RelationshipType[],
    edges: Relationship[],
  ): Promise<{ added: number; removed: number; changed: number }>;
  /** The latest history point and the trend baseline of every pattern of the repository. */
  usageBaselines(
    repository: string,
    window: number,
  ): Promise<{ latest: Map<string, UsageHistoryPoint>; baseline: Map<string, UsageHistoryPoint> }>;
  appendUsageHistory(points: UsageHistoryPoint[]): Promise<void>;
  applyTrends(trends: { id: string; trend: UsageTrend | null }[]): Promise<void>;
  /** Re-derive event_count, used_by_agents and last_used_at (events, growth of static usage). */
  refreshUsageFacts(repository: string): Promise<void>;
  /** A fingerprint of the repository's files now, and the one its graph was last built from (or null). */
  graphFingerprint(repository: string): Promise<{ current: string; built: string | null }>;
  /** Record that the graph was built from files with `fingerprint` (after the pass's last write). */
  markGraphBuilt(repository: string, fingerprint: string, runId: number): Promise<void>;
  /**
   * Forget the recorded builds of the graph and of the SIMILAR_TO edges, so the next passes rebuild
   * (patterns were removed without a file write).
   */
  forgetGraphBuilt(repository: string): Promise<void>;
  /** The fingerprint the SIMILAR_TO pass last finished on (settings and files), or null. */
  similarBuilt(repository: string): Promise<string | null>;
  /** Record that the SIMILAR_TO pass finished on `fingerprint` (after its last write). */
  markSimilarBuilt(repository: string, fingerprint: string, runId: number): Promise<void>;
  /** Usage trends as of run `runId` from stored history alone (a skipped pass still moves the window). */
  refreshTrends(repository: string, window: number, runId: number): Promise<void>;
  /** What scoring profiles read, for every pattern (`all`) or those not scored by the default profile. */
  profileInputs(repository: string, all: boolean): Promise<ProfileInput[]>;
  /** Write profile totals and components. */
  applyProfileScores(updates: ProfileUpdate[]): Promise<void>;
  /** Edges touching a pattern: `out` (it is the source), `in` (the target), or both. */
  relationshipsOf(
    patternId: string,
    options?: { direction?: 'in' | 'out' | 'both'; types?: RelationshipType[]; limit?: number },
  ): Promise<RelationshipView[]>;
  /** Edge counts by type (all repositories). */
  edgeCounts(): Promise<Record<string, number>>;
  usageHistory(patternId: string): Promise<UsageHistoryPoint[]>;
  recordUsageEvent(patternId: string, agent: string, context: string | null): Promise<UsageEvent | null>;
  usageEvents(patternId: string, limit: number): Promise<UsageEvent[]>;
}

/** What a vector index keeps beside each vector, so searches can filter without the store. */
export interface VectorPayload {
  patternId: string;
  patternType: string;
  category: string;
  quality: number;
  repository: string;
  filePath: string;
}

/** One pattern's vector with its payload. */
export interface VectorEntry {
  vector: Float32Array;
  payload: VectorPayload;
}

/** Filters a vector search applies before ranking. */
export interface VectorFilter {
  minQuality?: number;
  patternType?: string;
  category?: string;
  repository?: string;
  /** Leave out patterns of this file (with `repository`, when given). */
  notFilePath?: string;
  notIds?: string[];
}

/** One search hit: a pattern id and its cosine similarity to the query. */
export interface VectorHit {
  id: string;
  similarity: number;
}

/**
 * Nearest-neighbour search over pattern vectors (cosine). Adapters: the embedded in-process index
 * over vectors loaded from the store, and Qdrant. The relational store stays the source of truth.
 */
export interface VectorIndex {
  /** Where the index is, safe to print. */
  readonly location: string;
  /** Insert or replace entries (by pattern id). */
  upsert(entries: readonly VectorEntry[]): Promise<void>;
  deleteIds(ids: readonly string[]): Promise<void>;
  /** Remove every entry of a file. */
  deleteFile(repository: string, filePath: string): Promise<void>;
  /** The `k` most similar entries passing `filter`, best first. */
  search(vector: Float32Array, options: { k: number; filter?: VectorFilter }): Promise<VectorHit[]>;
  /** Every pattern id in the index. */
  ids(): Promise<string[]>;
  close(): Promise<void>;
}

/** A stored fingerprint (see core/similarity/fingerprint.ts). */
export interface StoredFingerprint {
  patternId: string;
  vector: Float32Array;
  astHash: string;
  statements: number;
  tokens: number;
  model: string;
}

/** Clone group: patterns sharing a normalised-AST hash. */
export interface HashGroup {
  astHash: string;
  patternIds: string[];
}

/** The store's similarity side: fingerprints written with the patterns, read back for search. */
export interface SimilarityStore {
  /** Every stored vector with its payload, in pages (for loading an index or syncing Qdrant). */
  vectorEntries(pageSize?: number): AsyncIterable<VectorEntry[]>;
  fingerprints(ids: readonly string[]): Promise<Map<string, StoredFingerprint>>;
  /** Vectors of the patterns of some files (for upserting them into a vector index after a write). */
  fileEntries(repository: string, filePaths: readonly string[]): Promise<VectorEntry[]>;
  /** Groups of two or more patterns with equal normalised-AST hashes, with at least `minStatements`. */
  hashGroups(minStatements: number): Promise<HashGroup[]>;
  /** Ids of the patterns with at least `minStatements` statements. */
  idsWithStatements(minStatements: number): Promise<string[]>;
  /** Number of stored vectors. */
  count(): Promise<number>;
  /**
   * The repository's patterns that can have SIMILAR_TO edges (function and class patterns with at least
   * `minStatements`), with their vectors; `changed` when the file was written after the last completed
   * run other than `runId` finished (all of them when there is none). Patterns of `exceptFiles` are left
   * out (the indexer already holds those it wrote this run).
   */
  similarityInputs(
    repository: string,
    minStatements: number,
    runId: number,
    exceptFiles?: readonly string[],
  ): Promise<SimilarityInput[]>;
  /** The same patterns without their vectors (enough to tell whether anything must be searched). */
  similarityPatterns(
    repository: string,
    minStatements: number,
    runId: number,
    exceptFiles?: readonly string[],
  ): Promise<Omit<SimilarityInput, 'vector'>[]>;
  /** The repository's stored SIMILAR_TO edges. */
  similarEdges(repository: string): Promise<SimilarEdge[]>;
}

/** A pattern taking part in SIMILAR_TO (see core/similarity/similar-edges.ts). */
export interface SimilarityInput {
  id: string;
  filePath: string;
  qualifiedName: string;
  astHash: string;
  vector: Float32Array;
  /** Its file was written since the edges were last computed. */
  changed: boolean;
}

/** A stored SIMILAR_TO edge. */
export interface SimilarEdge {
  sourceId: string;
  targetId: string;
  similarity: number;
  evidence: string;
}
