/**
 * The shared store with an offline fallback: a `PatternStore` that works on the PostgreSQL server while
 * it answers and on the embedded store (`<root>/.motif/db`) when it does not. Offline, every file change,
 * usage event and index run is written locally and queued in the outbox in one local transaction; the
 * queue is replayed (see outbox-sync.ts) when the store opens, every so often during a run (with
 * exponential backoff), and on close.
 */
import fs from 'node:fs';
import type { GraphStore, Logger, PatternStore, SimilarityStore, VectorEntry } from '../core/ports';
import { beginRun } from './index-runs';
import { enqueue, syncStatus } from './outbox';
import { finishRunOffline, recordEventOffline } from './outbox-records';
import { type SyncOptions, type SyncResult, syncWithRetry } from './outbox-sync';
import { createPatternStore } from './pattern-store';
import { deleteFiles, writeFile } from './pattern-writes';
import { isConfigurationError } from './pg-client';
import { redactUrl, type SqlClient, StorageError } from './sql-client';

/** Options for `openSharedStore`. */
export interface SharedStoreOptions {
  /** The server's `postgres://` URL. */
  url: string;
  /** The embedded store folder used offline (`<root>/.motif/db`). */
  localDb: string;
  /** May an embedded store be created when none exists (indexing: yes; reading: no). */
  createLocal: boolean;
  logger: Logger;
  /** Opens (and migrates) a client: the server's or the embedded store's. */
  open(db: string): Promise<SqlClient>;
  /** Sync retries on close (default 3) and the first pause (default 500 ms); during a run one try per backoff step. */
  retry?: { attempts?: number; baseDelayMs?: number; sleep?: (ms: number) => Promise<void> };
  /** The longest pause between reconnection attempts during a run (default 30 s). */
  maxBackoffMs?: number;
  /** Passed to the sync: settles a repository on the server after its queued files arrived. */
  settle?: SyncOptions['settle'];
}

/** A store that is online (the server) or offline (embedded, with a queue). */
export interface SharedStore extends PatternStore {
  mode(): 'online' | 'offline';
  /** Replay the outbox now, with retries; a no-op returning zeros when nothing is queued. */
  sync(): Promise<SyncResult | null>;
}

const isOutage = (error: unknown) =>
  error instanceof StorageError && error.kind === 'unavailable' && !isConfigurationError(error);

/**
 * Open the shared store. Online first (after replaying anything queued); when the server cannot be
 * reached, offline on the embedded store, or an error if there is none and `createLocal` is false.
 */
export async function openSharedStore(options: SharedStoreOptions): Promise<SharedStore> {
  const { logger } = options;
  const server = redactUrl(options.url);
  let remote: SqlClient | null = null;
  let local: SqlClient | null = null;
  let nextAttempt = 0;
  let backoff = options.retry?.baseDelayMs ?? 500;
  const localExists = () => fs.existsSync(options.localDb);

  const openLocal = async (): Promise<SqlClient> => {
    if (!local) local = await options.open(options.localDb);
    return local;
  };
  const syncNow = async (attempts: number): Promise<SyncResult | null> => {
    if (!local && !localExists()) return null;
    const sql = await openLocal();
    const { queued } = await syncStatus(sql);
    if (queued === 0) return null;
    const result = await syncWithRetry(sql, () => options.open(options.url), {
      logger,
      server,
      attempts,
      ...(options.settle ? { settle: options.settle } : {}),
      ...(options.retry?.baseDelayMs !== undefined ? { baseDelayMs: options.retry.baseDelayMs } : {}),
      ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
    });
    logger.info(`synced ${result.sent} queued change(s) to ${server}`);
    return result;
  };
  const goOffline = async (error: unknown) => {
    if (remote) await remote.close().catch(() => {});
    remote = null;
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn(`${redactUrl(reason)}; working offline on ${options.localDb}, changes are queued`);
    nextAttempt = Date.now() + backoff;
    await openLocal();
  };

  try {
    // Anything queued by an earlier offline run goes first, so newer writes are not overwritten by it.
    if (localExists()) await syncNow(1);
    remote = await options.open(options.url);
  } catch (error) {
    if (!isOutage(error)) throw error;
    if (!options.createLocal && !localExists()) throw error;
    await goOffline(error);
  }

  /** While offline, try the server again once the backoff has passed; back online after a full sync. */
  const maybeReconnect = async () => {
    if (remote || Date.now() < nextAttempt) return;
    try {
      await syncNow(1);
      remote = await options.open(options.url);
      logger.info(`${server} is back: working online`);
      backoff = options.retry?.baseDelayMs ?? 500;
    } catch (error) {
      if (!isOutage(error)) throw error;
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 30_000);
      nextAttempt = Date.now() + backoff;
    }
  };

  /** Run `online` on the server; if the server has gone, switch offline and run `offline` instead. */
  const route = async <T>(
    online: (store: PatternStore) => Promise<T>,
    offline: (sql: SqlClient) => Promise<T>,
  ) => {
    await maybeReconnect();
    if (remote) {
      try {
        return await online(createPatternStore(remote));
      } catch (error) {
        if (!isOutage(error)) throw error;
        await goOffline(error);
      }
    }
    return offline(local!);
  };
  const read = <T>(fn: (store: PatternStore) => Promise<T>) =>
    route(fn, (sql) => fn(createPatternStore(sql)));

  // Graph reads and writes follow the same route as the pattern store's: the server, or offline the
  // embedded store; a usage event recorded offline is queued as well.
  const recordUsageEvent: GraphStore['recordUsageEvent'] = (patternId, agent, context) =>
    route(
      (s) => s.graph.recordUsageEvent(patternId, agent, context),
      (sql) => recordEventOffline(sql, patternId, agent, context),
    );
  const graph = new Proxy({} as GraphStore, {
    get: (_target, method: keyof GraphStore) =>
      method === 'recordUsageEvent'
        ? recordUsageEvent
        : (...args: unknown[]) =>
            read((s) => (s.graph[method] as (...a: unknown[]) => Promise<unknown>)(...args)),
  });

  // Runs by id: where each began (a run's id belongs to the store that numbered it) and for which repository.
  const runs = new Map<number, { repository: string; begunOffline: boolean }>();

  // So does the similarity side; vector pages are read in one go from whichever store is current.
  const similarity = new Proxy({} as SimilarityStore, {
    get: (_target, method: keyof SimilarityStore) =>
      method === 'vectorEntries'
        ? (pageSize?: number) => vectorPages(read, pageSize)
        : (...args: unknown[]) =>
            read((s) => (s.similarity[method] as (...a: unknown[]) => Promise<unknown>)(...args)),
  });

  return {
    graph,
    similarity,
    get location() {
      return remote ? server : `${options.localDb} (offline; server ${server})`;
    },
    mode: () => (remote ? 'online' : 'offline'),
    sync: async () => {
      const result = await syncNow(options.retry?.attempts ?? 3);
      if (!remote && result) remote = await options.open(options.url).catch(() => null);
      return result;
    },
    fileStates: (repository) => read((s) => s.fileStates(repository)),
    writeFile: (repository, file, patterns, refs) =>
      route(
        (s) => s.writeFile(repository, file, patterns, refs),
        (sql) =>
          sql.transaction(async (tx) => {
            await writeFile(tx, repository, file, patterns, refs);
            await enqueue(tx, 'write', repository, [{ path: file.path, contentHash: file.contentHash }]);
          }),
      ),
    deleteFiles: (repository, paths) =>
      route(
        (s) => s.deleteFiles(repository, paths),
        (sql) =>
          sql.transaction(async (tx) => {
            await deleteFiles(tx, repository, paths);
            await enqueue(
              tx,
              'delete',
              repository,
              paths.map((path) => ({ path, contentHash: null })),
            );
          }),
      ),
    // Offline, filters and usage apply locally; the server recomputes usage after a sync.
    deletePatternsOutside: (repository, filter) => read((s) => s.deletePatternsOutside(repository, filter)),
    usageInputs: (repository) => read((s) => s.usageInputs(repository)),
    references: (repository) => read((s) => s.references(repository)),
    applyUsage: (updates) => read((s) => s.applyUsage(updates)),
    beginRun: async (repository, root) => {
      let begunOffline = false;
      const id = await route(
        (s) => s.beginRun(repository, root),
        (sql) => {
          begunOffline = true;
          return beginRun(sql, repository, root);
        },
      );
      runs.set(id, { repository, begunOffline });
      return id;
    },
    // A run begun offline stays in the embedded store (queued when it ends), even if the server is back;
    // a run begun on the server is finished there, or queued if the server has gone meanwhile.
    finishRun: async (run) => {
      const origin = runs.get(run.id);
      if (origin?.begunOffline) return finishRunOffline(await openLocal(), run, origin);
      return route(
        (s) => s.finishRun(run),
        (sql) => (origin ? finishRunOffline(sql, run, origin) : createPatternStore(sql).finishRun(run)),
      );
    },
    lastRun: () => read((s) => s.lastRun()),
    listPatterns: (query) => read((s) => s.listPatterns(query)),
    getPattern: (id) => read((s) => s.getPattern(id)),
    findByQualifiedName: (name) => read((s) => s.findByQualifiedName(name)),
    findAt: (filePath, line) => read((s) => s.findAt(filePath, line)),
    search: (text, limit) => read((s) => s.search(text, limit)),
    stats: () => read((s) => s.stats()),
    validationFacts: () => read((s) => s.validationFacts()),
    exportPatterns: (pageSize) => {
      const sql = remote ?? local!;
      return createPatternStore(sql).exportPatterns(pageSize);
    },
    async close() {
      try {
        if (local) {
          const { queued } = await syncStatus(local);
          if (queued > 0) {
            try {
              await syncNow(options.retry?.attempts ?? 3);
            } catch (error) {
              if (!isOutage(error)) throw error;
              logger.warn(
                `${queued} change(s) stay queued in ${options.localDb}: ${server} is still unreachable; they are sent on the next run or \`motif db sync\``,
              );
            }
          }
        }
      } finally {
        await remote?.close().catch(() => {});
        await local?.close().catch(() => {});
      }
    },
  };
}

/** Every vector page of the current store, read inside one routed call. */
async function* vectorPages(
  read: <T>(fn: (store: PatternStore) => Promise<T>) => Promise<T>,
  pageSize: number | undefined,
): AsyncIterable<VectorEntry[]> {
  const pages = await read(async (s) => {
    const out: VectorEntry[][] = [];
    for await (const page of s.similarity.vectorEntries(pageSize)) out.push(page);
    return out;
  });
  yield* pages;
}
