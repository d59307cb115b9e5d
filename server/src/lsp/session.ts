/**
 * The language server's state for one workspace: settings, the parser, the store (or none, when it
 * is unreachable: "degraded"), the analysis of each open file, and the status shown to the client.
 * Handlers read it; only the functions here change the store connection and the status.
 */
import { existsSync } from 'node:fs';
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { InitializationOptions, StatusParams, StoreStatus, SyncState } from '../../../shared/protocol';
import { StatusNotification } from '../../../shared/protocol';
import { DEFAULT_SETTINGS, type MotifSettings } from '../../../shared/settings';
import type { FileCoverage } from '../core/coverage';
import type { Problem } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { Logger, PatternStore, SimilarityStore } from '../core/ports';
import { isPostgresUrl, openStorage, sqlClientOf } from '../storage/open-storage';
import { syncStatus } from '../storage/outbox';
import { MEMORY_LOCATION } from '../storage/pglite-client';
import { redactUrl, StorageError } from '../storage/sql-client';
import type { PythonParser } from '../syntax/python-parser';
import type { SimilarSuggestion } from './diagnostics';
import type { LineMap } from './line-map';
import { notify } from './messages';
import type { EditorSimilarity } from './similarity';

/** The last saved analysis of an open file and how its lines map to the buffer now. */
export interface FileView {
  uri: string;
  /** Path relative to the workspace root, or null for a file outside it (analysed, never stored). */
  path: string | null;
  patterns: PatternRecord[];
  problems: Problem[];
  lineMap: LineMap;
  /** Why the file has no analysis (skipped: too large, not UTF-8, …), if so. */
  skipped?: string;
}

/** Similar patterns of a stored pattern (the similarity issue's service), when the store has vectors. */
export interface SimilarityService {
  /** Up to `k` patterns most similar to `patternId`, best first; null when it has no vector. */
  similar(patternId: string, k: number): Promise<{ pattern: PatternRecord; similarity: number }[] | null>;
}

/** Everything the handlers share. */
export interface Session {
  connection: Connection;
  logger: Logger;
  root: string;
  repository: string;
  init: InitializationOptions;
  trusted: boolean;
  settings: MotifSettings;
  parser: PythonParser;
  store: PatternStore | null;
  storeStatus: StoreStatus;
  /** Why the store is unreachable, when it is. */
  storeError: string | null;
  /** Stored analysis hash of each file (kept in step with our own writes). */
  fileHashes: Map<string, string | null>;
  documents: Map<string, TextDocument>;
  views: Map<string, FileView>;
  /** Similar-pattern suggestions per open file, by pattern id (empty without a similarity index). */
  suggestions: Map<string, Map<string, SimilarSuggestion>>;
  /** How many similar patterns each pattern of an open file has (filled by the similarity service). */
  similarCounts: Map<string, number>;
  /** The loaded similarity index (null until loaded, or without a store). */
  similarity: EditorSimilarity | null;
  similarityStore: SimilarityStore | null;
  coverage: Map<string, FileCoverage> | undefined;
  state: StatusParams['state'];
  progress?: { done: number; total: number };
  message?: string;
  patternCount: number | null;
  /** Client capabilities that change what the server sends. */
  capabilities: { codeLensRefresh: boolean; workDoneProgress: boolean; watchedFilesDynamic: boolean };
  /** Opens and saves being handled, and when the last one started (see `whenIdle`). */
  filesInFlight: number;
  lastFileActivity: number;
  /** The running index, so a second request waits for it. */
  indexing: Promise<unknown> | null;
  /** The store is closed because a child process indexes into it (`delegated-index.ts`). */
  storeLent?: boolean;
  /** The background work after start (staleness check, index, vector index); usage passes wait for it. */
  startup?: Promise<void>;
  /** Start retrying the store now and then (set by the server; one retry loop at a time). */
  reconnect?: () => void;
  disposed: boolean;
}

/**
 * The store the settings name. Untrusted workspaces never use a server URL from settings (those may be
 * the workspace's own): only `userStoreUrl`, which the client took from user-level settings.
 */
export function storeTarget(
  session: Pick<Session, 'settings' | 'init' | 'trusted' | 'root'>,
): string | undefined {
  const configured = session.trusted ? session.settings.store.url : (session.init.userStoreUrl ?? '');
  const env = process.env.MOTIF_DATABASE_URL;
  const url = configured || (session.trusted ? env : undefined) || undefined;
  if (!url) return undefined;
  return withPassword(url, session.init.databasePassword);
}

/** Describe a store target for the status bar, password redacted. */
export function describeTarget(target: string | undefined, root: string): StoreStatus {
  if (!target) return { kind: 'embedded', location: `${root}/.motif/db`, reachable: false };
  if (target === MEMORY_LOCATION) return { kind: 'memory', location: target, reachable: false };
  if (isPostgresUrl(target)) return { kind: 'postgres', location: redactUrl(target), reachable: false };
  return { kind: 'embedded', location: target, reachable: false };
}

/**
 * Open (or re-open) the store; on failure the session is degraded and keeps working from open files.
 * Returns whether the store is reachable.
 */
export async function connectStore(session: Session): Promise<boolean> {
  const target = storeTarget(session);
  session.storeStatus = describeTarget(target, session.root);
  const started = performance.now();
  try {
    const storage = await openStorage({
      ...(target ? { db: target } : {}),
      root: session.root,
      logger: session.logger,
    });
    const store = storage.store;
    const old = session.store;
    session.store = store;
    session.similarityStore = storage.similarity;
    session.similarity = null;
    await old?.close().catch(() => {});
    session.storeStatus = { ...session.storeStatus, location: store.location, reachable: true };
    session.storeError = null;
    session.fileHashes = new Map(
      [...(await store.fileStates(session.repository)).values()].map((s) => [s.path, s.contentHash]),
    );
    session.logger.info(
      `store open at ${store.location} with ${session.fileHashes.size} files in ${Math.round(performance.now() - started)} ms`,
    );
    // Totals aggregate the whole store: counted in the background, never before the first lenses.
    session.patternCount = null;
    void countPatterns(session);
    return true;
  } catch (error) {
    markUnreachable(session, error);
    return false;
  }
}

/** Count the stored patterns (and read an embedded store's sync state) for the status, and send it. */
export async function countPatterns(session: Session): Promise<void> {
  await whenIdle(session);
  const count = await withStore(session, null, async (store) => (await store.stats()).patterns);
  if (count === null) return;
  session.patternCount = count;
  const sync = await withStore(session, undefined, (store) => readSyncState(store));
  if (sync) session.storeStatus = { ...session.storeStatus, sync };
  sendStatus(session);
}

// The outbox and last sync of an embedded store (PostgreSQL is the shared store itself: none).
async function readSyncState(store: PatternStore): Promise<SyncState | undefined> {
  const sql = sqlClientOf(store);
  if (sql?.kind !== 'pglite') return undefined;
  const status = await syncStatus(sql);
  return {
    queued: status.queued,
    server: status.server === null ? null : redactUrl(status.server),
    lastSyncAt: status.lastSyncAt,
    lastError: status.lastError === null ? null : redactUrl(status.lastError),
  };
}

/**
 * Resolve once no open, save or write has been handled for a moment: background work (totals, the
 * vector index, the staleness check, the usage pass, similar patterns) yields the store and the thread
 * to what the user is waiting for. Tests hold background work with `MOTIF_LSP_HOLD_BACKGROUND` (a
 * file: while it exists, nothing in the background starts), to check what never waits for it.
 */
export async function whenIdle(session: Session, quietMs = 1000): Promise<void> {
  const hold = process.env.MOTIF_LSP_HOLD_BACKGROUND;
  for (;;) {
    const since = performance.now() - session.lastFileActivity;
    const held = hold !== undefined && hold !== '' && existsSync(hold);
    if (session.filesInFlight === 0 && since >= quietMs && !held) return;
    const wait = held ? 100 : Math.max(50, quietMs - since);
    await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
  }
}

/** Resolve once no child process has the store (see `delegated-index.ts`). */
export async function storeBack(session: Session): Promise<void> {
  while (session.storeLent && !session.disposed) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Record that the store failed: degraded until it answers again. */
export function markUnreachable(session: Session, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  // Retries while degraded fail the same way: say it once.
  const repeated = session.state === 'degraded' && session.storeError === message;
  if (!repeated) session.logger.warn(`store unreachable: ${message}`);
  const store = session.store;
  session.store = null;
  session.similarity = null;
  session.similarityStore = null;
  void store?.close().catch(() => {});
  session.storeStatus = { ...session.storeStatus, reachable: false };
  session.storeError = message;
  session.patternCount = null;
  if (!repeated) {
    setState(session, 'degraded', `store unreachable (${message}); showing analysis of open files only`);
  }
  session.reconnect?.();
}

/**
 * Run `fn` against the store; when there is none, or it fails as unreachable, return `fallback` and
 * degrade. Other storage errors are logged and also answered with the fallback: handlers never throw.
 */
export async function withStore<T>(
  session: Session,
  fallback: T,
  fn: (store: PatternStore) => Promise<T>,
): Promise<T> {
  const store = session.store;
  if (!store) return fallback;
  try {
    return await fn(store);
  } catch (error) {
    if (isUnreachable(error)) markUnreachable(session, error);
    else session.logger.error(`store query failed: ${(error as Error).message}`);
    return fallback;
  }
}

/** Whether an error means the store cannot be reached (rather than one bad query). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof StorageError) return error.kind === 'unavailable';
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  return (
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P01|57P02|57P03|08\d\d\d)$/.test(code) ||
    /Connection terminated|connection.*(closed|ended)|not queryable|PGlite is closed/i.test(message)
  );
}

/** The status as the client sees it. */
export function statusOf(session: Session): StatusParams {
  return {
    state: session.state,
    patterns: session.patternCount,
    store: session.storeStatus,
    ...(session.progress ? { progress: session.progress } : {}),
    ...(session.message ? { message: session.message } : {}),
    trusted: session.trusted,
  };
}

/** Change the state and tell the client. */
export function setState(session: Session, state: StatusParams['state'], message?: string): void {
  session.state = state;
  session.message = message;
  if (state !== 'indexing') session.progress = undefined;
  sendStatus(session);
}

/** Send the current status. */
export function sendStatus(session: Session): void {
  if (session.disposed) return;
  void notify(session.connection, StatusNotification.type, statusOf(session));
}

/** Defaults for a session before `initialize` has told us anything. */
export function defaultSettings(): MotifSettings {
  return structuredClone(DEFAULT_SETTINGS);
}

// A password from SecretStorage goes into a postgres URL that has none.
function withPassword(url: string, password: string | undefined): string {
  if (!password || !isPostgresUrl(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password || !parsed.username) return url;
    parsed.password = password;
    return parsed.href;
  } catch {
    return url;
  }
}
