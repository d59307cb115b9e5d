/**
 * The language server: answers `initialize`, builds the session, registers one handler per LSP
 * method and custom request, connects the store (degrading when it is unreachable), and indexes the
 * workspace in the background when the store is empty or stale.
 */

import path from 'node:path';
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import {
  DashboardRequest,
  ExportRequest,
  type InitializationOptions,
  PatternRequest,
  PatternsRequest,
  RecordUsageRequest,
  ReindexRequest,
  SimilarRequest,
  StatsRequest,
  StatusRequest,
  UsagesRequest,
} from '../../../shared/protocol';
import type { Logger } from '../core/ports';
import { findDefaultCoverageReport, readCoverage } from '../coverage/read-coverage';
import { repositoryIdentity } from '../files/repository-identity';
import { loadPythonParser } from '../syntax/load-parser';
import type { PythonParser } from '../syntax/python-parser';
import { fsPathOf } from './convert';
import { stopChild } from './delegated-index';
import { loadSimilarity } from './file-analysis';
import { flushWrites } from './file-writes';
import { codeActions } from './handlers/code-action';
import { codeLenses } from './handlers/code-lens';
import { dashboard } from './handlers/dashboard';
import { exportPatterns } from './handlers/export';
import { hover } from './handlers/hover';
import { patternDetail } from './handlers/pattern';
import { patterns } from './handlers/patterns';
import { recordUsage } from './handlers/record-usage';
import { reindex } from './handlers/reindex';
import { similar } from './handlers/similar';
import { stats } from './handlers/stats';
import { didChange, didClose, didOpen, didSave } from './handlers/text-sync';
import { usages } from './handlers/usages';
import { didChangeWatchedFiles } from './handlers/watched-files';
import { onRequest, onRequest0 } from './messages';
import { requestParams } from './request-params';
import {
  connectStore,
  defaultSettings,
  type Session,
  setState,
  statusOf,
  storeBack,
  whenIdle,
} from './session';
import { fetchSettings } from './settings';
import { reloadSettings, scheduleReconnect } from './store-lifecycle';
import { isStale, reindexWorkspace } from './workspace-index';

/** A logger writing to the client's output through `window/logMessage`. */
export function connectionLogger(connection: Connection, verbose: boolean): Logger {
  return {
    debug: verbose ? (m) => connection.console.log(m) : () => {},
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
}

/** Wire every handler on `connection` and start listening. */
export function startServer(connection: Connection): void {
  let session: Session | undefined;
  let configurationSupported = false;
  let ready: Promise<void> = Promise.resolve();
  let parserLoading: ReturnType<typeof loadPythonParser>;
  const logger = connectionLogger(connection, process.env.MOTIF_LSP_VERBOSE === '1');

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const root = workspaceRoot(params);
    const caps = params.capabilities;
    configurationSupported = caps.workspace?.configuration === true;
    // The parser loads while the store opens (both compile WebAssembly); handlers wait for both.
    parserLoading = loadPythonParser();
    parserLoading.catch(() => {});
    session = {
      connection,
      logger,
      root,
      repository: repositoryIdentity(root),
      init,
      trusted: init.trusted !== false,
      settings: defaultSettings(),
      // Set by `start` once loaded: nothing parses before `ready`.
      parser: null as unknown as PythonParser,
      store: null,
      storeStatus: { kind: 'none', location: '', reachable: false },
      storeError: null,
      fileHashes: new Map(),
      documents: new Map(),
      views: new Map(),
      suggestions: new Map(),
      similarCounts: new Map(),
      similarity: null,
      similarityStore: null,
      coverage: undefined,
      state: 'starting',
      patternCount: null,
      capabilities: {
        codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
        workDoneProgress: caps.window?.workDoneProgress === true,
        watchedFilesDynamic: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      },
      indexing: null,
      filesInFlight: 0,
      lastFileActivity: 0,
      disposed: false,
    };
    session.reconnect = () => scheduleReconnect(session!);
    // Multi-root: one store and index per server, for the first folder (README, "Multi-root").
    const folders = params.workspaceFolders ?? [];
    if (folders.length > 1) {
      logger.warn(
        `${folders.length} workspace folders: Motif serves the first (${root}); files of the others get lenses from their own analysis only, without usage or similar patterns`,
      );
    }
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
      },
      serverInfo: { name: 'motif', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    const s = session!;
    ready = start(s, configurationSupported, parserLoading);
    // First lenses come from the open files' analysis; then an index if the store is stale, then
    // the vector index (an index that changed files loads it itself). Usage passes wait for this.
    s.startup = ready
      .then(async () => {
        await whenIdle(s);
        await startBackgroundIndex(s);
        if (!s.similarity) await loadSimilarity(s);
      })
      .catch(() => {});
  });

  const withSession =
    <A extends unknown[], R>(fn: (s: Session, ...args: A) => R, fallback: Awaited<R>) =>
    async (...args: A): Promise<Awaited<R>> => {
      if (!session) return fallback;
      await ready;
      try {
        return await fn(session, ...args);
      } catch (error) {
        logger.error(`${fn.name} failed: ${(error as Error).stack ?? error}`);
        throw error;
      }
    };

  // Each file's open/save runs after the previous one for that file, so views keep their order. An
  // open or save counts as editor activity from its arrival (background work waits for it, even
  // while the store is still opening).
  const queues = new Map<string, Promise<unknown>>();
  const serialised = (uri: string, task: () => Promise<unknown>) => {
    if (session) session.filesInFlight++;
    const counted = session;
    const done = () => {
      if (!counted) return;
      counted.filesInFlight--;
      counted.lastFileActivity = performance.now();
    };
    const run = () => task().finally(done);
    const next = (queues.get(uri) ?? Promise.resolve()).then(run, run);
    queues.set(
      uri,
      next.catch(() => {}),
    );
    return next;
  };
  connection.onDidOpenTextDocument((p) => {
    void serialised(p.textDocument.uri, () => withSession(didOpen, undefined)(p)).catch(() => {});
  });
  connection.onDidChangeTextDocument((p) => session && didChange(session, p));
  connection.onDidSaveTextDocument((p) => {
    void serialised(p.textDocument.uri, () => withSession(didSave, undefined)(p)).catch(() => {});
  });
  connection.onDidCloseTextDocument((p) => session && didClose(session, p));
  connection.onDidChangeWatchedFiles(
    (p) => void withSession(didChangeWatchedFiles, undefined)(p).catch(() => {}),
  );
  connection.onDidChangeConfiguration(
    () => void withSession(reloadSettings, undefined)(configurationSupported),
  );

  connection.onCodeLens((p) => (session ? codeLenses(session, p) : []));
  connection.onHover(withSession(hover, null));
  connection.onCodeAction((p) => (session ? codeActions(session, p) : []));

  onRequest0(connection, StatusRequest.type, () => statusOf(session!));
  onRequest(connection, PatternRequest.type, requestParams.pattern, withSession(patternDetail, null));
  onRequest(
    connection,
    SimilarRequest.type,
    requestParams.similar,
    withSession(similar, { available: false, patterns: [] }),
  );
  onRequest(connection, UsagesRequest.type, requestParams.usages, withSession(usages, []));
  onRequest(connection, ReindexRequest.type, requestParams.reindex, (params, token) =>
    withSession((s: Session) => reindex(s, connection, params, token), undefined as never)(),
  );
  onRequest0(connection, StatsRequest.type, withSession(stats, undefined as never));
  onRequest(
    connection,
    ExportRequest.type,
    requestParams.export,
    withSession(exportPatterns, undefined as never),
  );
  onRequest(connection, PatternsRequest.type, requestParams.patterns, withSession(patterns, { groups: [] }));
  onRequest(connection, DashboardRequest.type, requestParams.dashboard, withSession(dashboard, null));
  onRequest(
    connection,
    RecordUsageRequest.type,
    requestParams.recordUsage,
    withSession(recordUsage, { recorded: false, message: 'not ready' }),
  );

  connection.onShutdown(async () => {
    if (!session) return;
    // Writes of saved files land first (the lenses showed them already).
    await Promise.race([flushWrites(session), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    session.disposed = true;
    // A child process with the store finishes its transaction and closes it (cancelled between files).
    await stopChild(session);
    const closing = session.store?.close().catch(() => {});
    session.store = null;
    // The embedded store must finish its checkpoint (cut short, the next start replays its log for
    // many seconds); a server that vanished may never answer, so a remote close gets 2 s.
    if (session.storeStatus.kind === 'postgres') {
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } else await closing;
  });
  connection.listen();
}

async function start(
  session: Session,
  configurationSupported: boolean,
  parserLoading: ReturnType<typeof loadPythonParser>,
): Promise<void> {
  const { connection, logger } = session;
  const started = performance.now();
  const step = (what: string) =>
    logger.debug(
      `start: ${what} at ${Math.round(performance.now() - started)} ms (${Math.round(process.uptime() * 1000)} ms after the process started)`,
    );
  const parsing = parserLoading.then(({ parser, fallbackReason }) => {
    session.parser = parser;
    if (fallbackReason) logger.warn(fallbackReason);
    step('parser');
  });
  session.settings = await fetchSettings(session, configurationSupported);
  step('settings');
  if (configurationSupported) {
    void connection.client
      .register(DidChangeConfigurationNotification.type, { section: 'motif' })
      .catch(() => {});
  }
  if (session.capabilities.watchedFilesDynamic) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{py,pyi}' }] })
      .catch(() => {});
  }
  session.coverage = await loadCoverage(session);
  step('coverage');
  if (!session.trusted) logger.info('Restricted Mode: only user-level store settings are honoured');
  const connected = await connectStore(session);
  step('store');
  await parsing;
  // Background work starts after a quiet moment: the client's first opens come before it.
  session.lastFileActivity = performance.now();
  if (connected) setState(session, 'ready', `store at ${session.storeStatus.location}`);
}

async function startBackgroundIndex(session: Session): Promise<void> {
  await storeBack(session);
  if (session.init.indexOnStart === false || !session.settings.indexOnStartup || !session.store) return;
  try {
    if (!(await isStale(session))) return;
    const reporter = session.capabilities.workDoneProgress
      ? await session.connection.window.createWorkDoneProgress()
      : session.connection.window.attachWorkDoneProgress(undefined);
    const token = 'token' in reporter ? (reporter as WorkDoneProgressServerReporter).token : undefined;
    await reindexWorkspace(session, { reporter, ...(token ? { token } : {}) });
  } catch (error) {
    session.logger.error(`background index failed: ${(error as Error).message}`);
  }
}

async function loadCoverage(session: Session) {
  try {
    const report = await findDefaultCoverageReport(session.root);
    if (!report) return undefined;
    const data = await readCoverage(report, { root: session.root });
    session.logger.info(`coverage from ${path.relative(session.root, report)}`);
    return data.files;
  } catch (error) {
    session.logger.warn(`coverage report unreadable: ${(error as Error).message}`);
    return undefined;
  }
}

function workspaceRoot(params: InitializeParams): string {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  return (uri ? fsPathOf(uri) : null) ?? params.rootPath ?? process.cwd();
}
