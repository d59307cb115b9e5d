/**
 * Motif's custom LSP methods (`motif/…`), shared by the language server and the VS Code client: one
 * namespace per method with a sentence on who sends it, the shapes it carries, and the commands the
 * server names in CodeLenses and code actions. `docs/protocol.md` documents this file; a test
 * checks a hash of it against the doc, so change both together.
 */
import {
  type Location,
  NotificationType,
  type Position,
  type Range,
  RequestType,
  RequestType0,
  type TextDocumentIdentifier,
  type WorkDoneProgressParams,
} from 'vscode-languageserver-protocol';
import type { DashboardCall } from './dashboard';

/**
 * `initializationOptions` the client sends with `initialize`. In Restricted Mode (`trusted: false`)
 * the server analyses locally and never connects to a store or Qdrant URL named by workspace-level
 * settings; only user-level values (which the client resolves and passes here) may name a server.
 */
export interface InitializationOptions {
  /** Whether the workspace is trusted (VS Code's `workspace.isTrusted`); absent means trusted. */
  trusted?: boolean;
  /** Store URL from user (not workspace) settings, used when untrusted; the client decides which scope. */
  userStoreUrl?: string;
  /** Database password from the client's SecretStorage, merged into a `postgres://` store URL. */
  databasePassword?: string;
  /** Skip the background index on start (tests, benchmarks, other editors that index themselves). */
  indexOnStart?: boolean;
}

/** Where the store is and whether it answers. */
export interface StoreStatus {
  kind: 'embedded' | 'postgres' | 'memory' | 'none';
  /** Location with any password redacted: safe to show. */
  location: string;
  reachable: boolean;
  /**
   * The embedded store's standing with a shared server (its offline outbox, filled by `motif index`
   * while the server was unreachable): changes queued, the server (redacted) and the last sync. Absent
   * until read, and for a PostgreSQL store (the server is the shared store itself).
   */
  sync?: SyncState;
}

/** The embedded store's outbox and last sync (see `motif status`). */
export interface SyncState {
  queued: number;
  server: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
}

/** What the server is doing, for the status bar. */
export interface StatusParams {
  /** `degraded`: the store is unreachable; lenses and hovers come from in-memory analysis of open files. */
  state: 'starting' | 'indexing' | 'ready' | 'degraded';
  /** Patterns in the store (null when unknown, e.g. degraded). */
  patterns: number | null;
  store: StoreStatus;
  /** Set while indexing: files done and total. */
  progress?: { done: number; total: number };
  /** A short human sentence (why degraded, last index summary). */
  message?: string;
  /** Whether the server honours Restricted Mode for this workspace. */
  trusted: boolean;
}

/** The server reports its state whenever it changes (start, indexing, ready, store lost or back). */
export namespace StatusNotification {
  export const method = 'motif/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

/** The client asks for the current state (e.g. when the status bar is created after start). */
export namespace StatusRequest {
  export const method = 'motif/getStatus' as const;
  export const type = new RequestType0<StatusParams, void>(method);
}

/** The server tells the client the stored patterns changed (after a save, an index or a deletion). */
export namespace PatternsChangedNotification {
  export const method = 'motif/patternsChanged' as const;
  export const type = new NotificationType<{ files: string[] }>(method);
}

/** A pattern as lists show it: enough for a tree item, a quick pick or a lens. */
export interface PatternSummary {
  id: string;
  name: string;
  qualifiedName: string;
  kind: 'function' | 'method' | 'class';
  patternType: string;
  patternName: string;
  category: string;
  /** File path relative to the repository root, and the file's URI. */
  filePath: string;
  uri: string;
  /** 0-based LSP range of the definition (decorators included). */
  range: Range;
  quality: number;
  usageCount: number;
  usageFiles: number;
  /** Design patterns the pattern takes part in (empty until the graph issue has landed). */
  designPatterns: string[];
}

/** One quality component as hover and details show it. */
export interface ComponentDetail {
  name: string;
  /** 0–1, or null when unknown (no coverage data). */
  score: number | null;
  weight: number;
  effectiveWeight: number;
  evidence: string;
}

/** A relationship of a pattern to another (from the graph issue; empty before it lands). */
export interface RelationshipDetail {
  kind: string;
  targetId: string | null;
  targetName: string;
  weight: number | null;
}

/** Everything about one pattern: the pattern-detail view's data. */
export interface PatternDetail extends PatternSummary {
  signature: string;
  docstring: string | null;
  tags: string[];
  dependencies: string[];
  components: ComponentDetail[];
  /** Covered share of executable lines, or null for "no coverage data". */
  coverage: number | null;
  metrics: Record<string, number | string | boolean | null>;
  relationships: RelationshipDetail[];
  /** The pattern's JSON as `motif show --json` prints it. */
  json: unknown;
}

/** Which pattern: by id, or the innermost definition at a position of a document. */
export type PatternRef = { id: string } | { textDocument: TextDocumentIdentifier; position: Position };

/** The client asks for one pattern (Show Pattern Details, the lens's breakdown); null if none. */
export namespace PatternRequest {
  export const method = 'motif/pattern' as const;
  export const type = new RequestType<PatternRef, PatternDetail | null, void>(method);
}

/** A pattern similar to another, with the similarity score. */
export interface SimilarPattern extends PatternSummary {
  similarity: number;
}

/** Result of `motif/similar`; `available: false` when this build has no similarity index. */
export interface SimilarResult {
  available: boolean;
  patterns: SimilarPattern[];
}

/** The client asks for patterns similar to one (Show Similar Patterns, the lens's "N similar"). */
export namespace SimilarRequest {
  export const method = 'motif/similar' as const;
  export const type = new RequestType<PatternRef & { limit?: number }, SimilarResult, void>(method);
}

/** The client asks where a pattern is used (the lens's "used N× in M files"): reference locations. */
export namespace UsagesRequest {
  export const method = 'motif/usages' as const;
  export const type = new RequestType<{ id: string }, Location[], void>(method);
}

/** Parameters of a workspace re-index. */
export interface ReindexParams extends WorkDoneProgressParams {
  /** Re-analyse every file, ignoring stored content hashes. */
  full?: boolean;
}

/** What a re-index did. */
export interface ReindexResult {
  status: 'completed' | 'interrupted' | 'cancelled';
  filesSeen: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  /** Files seen but not indexed (binary, not UTF-8, …): seen = indexed + unchanged + skipped once completed. */
  filesSkipped: number;
  syntaxErrors: number;
  patterns: number;
  durationMs: number;
}

/**
 * The client asks for a workspace re-index (Motif: Re-index Workspace). Progress goes to
 * `workDoneToken` as `$/progress` (begin/report/end, cancellable); `$/cancelRequest` or
 * `window/workDoneProgress/cancel` stops it between files and the result says `cancelled`.
 */
export namespace ReindexRequest {
  export const method = 'motif/reindex' as const;
  export const type = new RequestType<ReindexParams, ReindexResult, void>(method);
}

/** Store totals for the status bar and Motif: Show Statistics. */
export interface StatsResult {
  patterns: number;
  files: number;
  byType: Record<string, number>;
  byCategory: Record<string, number>;
  tiers: { high: number; medium: number; low: number };
  averageQuality: number | null;
  withCoverage: number;
  lastIndexedAt: string | null;
}

/** The client asks for store totals. */
export namespace StatsRequest {
  export const method = 'motif/stats' as const;
  export const type = new RequestType0<StatsResult, void>(method);
}

/** Parameters of an export: the server writes the file the client chose. */
export interface ExportParams {
  format: 'json' | 'jsonl' | 'csv';
  /** `file:` URI of the target file. */
  uri: string;
}

/** The client asks the server to export every pattern (Motif: Export Patterns). */
export namespace ExportRequest {
  export const method = 'motif/export' as const;
  export const type = new RequestType<ExportParams, { count: number; uri: string }, void>(method);
}

/** How the explorer groups patterns. */
export type PatternGrouping = 'type' | 'category' | 'designPattern';

/** Parameters of the explorer's listing. */
export interface PatternsParams {
  groupBy: PatternGrouping;
  sort: 'quality' | 'usage' | 'name';
  /** Patterns per group (default 200). */
  limit?: number;
}

/** One explorer group and its patterns, sorted as asked. */
export interface PatternGroup {
  key: string;
  label: string;
  count: number;
  patterns: PatternSummary[];
}

/** The client asks for the Pattern Explorer's tree data. */
export namespace PatternsRequest {
  export const method = 'motif/patterns' as const;
  export const type = new RequestType<PatternsParams, { groups: PatternGroup[] }, void>(method);
}

/** Parameters of a usage record: the suggested pattern and where it was used. */
export interface RecordUsageParams {
  patternId: string;
  textDocument?: TextDocumentIdentifier;
  position?: Position;
}

/** The client records that a suggested pattern was used (code action, Motif: Record Pattern Usage). */
export namespace RecordUsageRequest {
  export const method = 'motif/recordUsage' as const;
  export const type = new RequestType<RecordUsageParams, { recorded: boolean; message: string }, void>(
    method,
  );
}

/**
 * The client forwards its dashboard webview's queries: one `DashboardCall` of shared/dashboard.ts (method
 * and params of its request map), answered from the store with that method's result type.
 */
export namespace DashboardRequest {
  export const method = 'motif/dashboard' as const;
  export const type = new RequestType<DashboardCall, unknown, void>(method);
}

/**
 * Client-side commands the server names in CodeLenses and code actions, with their arguments. The
 * client registers them; arguments are LSP-typed (the client converts to VS Code types).
 */
export const ClientCommands = {
  /** Show a pattern's breakdown/details: `[patternId: string]`. */
  showPatternDetails: 'motif.showPatternDetails',
  /** Show where a pattern is used: `[uri: string, position: Position, patternId: string]`. */
  showUsages: 'motif.showUsages',
  /** Show similar patterns: `[patternId: string]`. */
  showSimilar: 'motif.showSimilar',
  /** Peek locations: `[uri: string, position: Position, locations: Location[]]`. */
  peekLocations: 'motif.peekLocations',
  /** Record that a suggested pattern was used: `[RecordUsageParams]`. */
  recordPatternUsage: 'motif.recordPatternUsage',
  /** Open the pattern dashboard on a pattern: `[patternId?: string]`. */
  openDashboard: 'motif.openDashboard',
} as const;

/** Diagnostic codes the server uses (each a rule that settings can switch off). */
export const DiagnosticCodes = {
  highComplexity: 'high-complexity',
  missingDocstring: 'missing-docstring',
  missingTypeHints: 'missing-type-hints',
  lowCoverage: 'low-coverage',
  similarExists: 'similar-pattern-exists',
} as const;

/** The `source` of every Motif diagnostic. */
export const DIAGNOSTIC_SOURCE = 'motif';
