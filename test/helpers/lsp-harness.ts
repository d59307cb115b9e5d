/**
 * Speaks LSP to the real built server (`dist/server.cjs` over stdio) through
 * `vscode-languageserver-protocol` streams, playing the client: answers configuration, registration
 * and progress-creation requests, records notifications, and lets tests wait for one that matches —
 * never a fixed sleep (tailwindcss-intellisense's `tests/utils/connection.ts`, ruff's test server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeLens,
  createMessageConnection,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
} from 'vscode-languageserver-protocol/node';
import type { InitializationOptions, StatusParams } from '../../shared/protocol';

const ROOT = path.resolve(__dirname, '../..');
/** The built server the harness starts. */
export const SERVER_SCRIPT = process.env.MOTIF_LSP_SERVER ?? path.join(ROOT, 'dist/server.cjs');

/** One notification (or server request) as received. */
export interface Received {
  method: string;
  params: unknown;
  at: number;
}

/** Options of a test client. */
export interface HarnessOptions {
  root: string;
  initializationOptions?: InitializationOptions;
  /** The `motif` settings section answered to `workspace/configuration`. */
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Advertise `workspace/codeLens/refresh` support (default true). */
  codeLensRefresh?: boolean;
}

/** A running server with a client connection to it. */
export interface LspClient {
  connection: MessageConnection;
  process: ChildProcess;
  root: string;
  received: Received[];
  /** Server log lines (window/logMessage) and stderr, for failure messages. */
  log: string[];
  initializeResult: InitializeResult;
  /** Settings answered to the next `workspace/configuration` requests. */
  settings: Record<string, unknown>;
  uri(relative: string): string;
  /** Resolve with the first notification of `method` after index `since` matching `match`. */
  waitFor<T>(
    method: string,
    match?: (params: T) => boolean,
    options?: { since?: number; timeoutMs?: number },
  ): Promise<T>;
  /** The status once the server has connected its store (ready or degraded). */
  waitReady(): Promise<StatusParams>;
  open(relative: string, text?: string): Promise<void>;
  change(
    relative: string,
    edits: { range: import('vscode-languageserver-protocol').Range; text: string }[],
  ): void;
  save(relative: string): Promise<void>;
  close(relative: string): Promise<void>;
  codeLenses(relative: string): Promise<CodeLens[]>;
  /** Diagnostics of the next publish for a file after `since`. */
  diagnostics(relative: string, since: number): Promise<Diagnostic[]>;
  /** Record `$/progress` for `token` (server-created tokens are tracked automatically). */
  trackProgress(token: string | number): void;
  /** The diagnostics last published for a file so far (null if none). */
  lastDiagnostics(relative: string): Diagnostic[] | null;
  /** Stop the server politely and wait for it to exit. */
  stop(): Promise<number | null>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Start the server in `root`, initialize it, and return the client. */
export async function startServer(options: HarnessOptions): Promise<LspClient> {
  const child = spawn(
    process.execPath,
    [...(process.env.MOTIF_LSP_NODE_ARGS ?? '').split(' ').filter(Boolean), SERVER_SCRIPT, '--stdio'],
    {
      cwd: options.root,
      env: { ...process.env, MOTIF_DATABASE_URL: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const received: Received[] = [];
  const log: string[] = [];
  const listeners = new Set<() => void>();
  const versions = new Map<string, number>();
  const push = (method: string, params: unknown) => {
    received.push({ method, params, at: performance.now() });
    for (const l of [...listeners]) l();
  };
  child.stderr!.on('data', (d: Buffer) => log.push(`stderr: ${d.toString()}`));
  connection.onNotification((method: string, params: unknown) => {
    if (method === 'window/logMessage') log.push((params as { message: string }).message);
    push(method, params);
  });
  const client: LspClient = {
    connection,
    process: child,
    root: options.root,
    received,
    log,
    initializeResult: undefined as never,
    settings: options.settings ?? {},
    uri: (relative) => pathToFileURL(path.join(options.root, relative)).href,
    waitFor<T>(
      method: string,
      match?: (params: T) => boolean,
      o: { since?: number; timeoutMs?: number } = {},
    ) {
      return new Promise<T>((resolve, reject) => {
        let next = o.since ?? 0;
        const check = () => {
          for (; next < received.length; next++) {
            const r = received[next]!;
            if (r.method === method && (!match || match(r.params as T))) {
              done();
              resolve(r.params as T);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `no ${method} within ${o.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms; server log:\n${log.join('\n')}`,
            ),
          );
        }, o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const exited = () => {
          done();
          reject(new Error(`server exited while waiting for ${method}; log:\n${log.join('\n')}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', exited);
        };
        listeners.add(check);
        child.once('exit', exited);
        check();
      });
    },
    waitReady: () =>
      client.waitFor<StatusParams>('motif/status', (s) => s.state === 'ready' || s.state === 'degraded'),
    async open(relative, text) {
      const uri = client.uri(relative);
      versions.set(uri, 1);
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri,
          languageId: 'python',
          version: 1,
          text: text ?? fs.readFileSync(path.join(options.root, relative), 'utf8'),
        },
      });
    },
    change(relative, edits) {
      const uri = client.uri(relative);
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: edits,
      });
    },
    async save(relative) {
      await connection.sendNotification('textDocument/didSave', {
        textDocument: { uri: client.uri(relative) },
      });
    },
    async close(relative) {
      await connection.sendNotification('textDocument/didClose', {
        textDocument: { uri: client.uri(relative) },
      });
    },
    codeLenses: (relative) =>
      connection.sendRequest('textDocument/codeLens', {
        textDocument: { uri: client.uri(relative) },
      }) as Promise<CodeLens[]>,
    async diagnostics(relative, since) {
      const uri = client.uri(relative);
      const published = await client.waitFor<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri,
        { since },
      );
      return published.diagnostics;
    },
    trackProgress(token) {
      connection.onProgress(WorkDoneProgress.type, token, (value) => push('$/progress', { token, value }));
    },
    lastDiagnostics(relative) {
      const uri = client.uri(relative);
      const last = received.findLast(
        (r) =>
          r.method === 'textDocument/publishDiagnostics' &&
          (r.params as PublishDiagnosticsParams).uri === uri,
      );
      return last ? (last.params as PublishDiagnosticsParams).diagnostics : null;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        // A server that dies while shutting down never answers: its exit ends the wait (and the test
        // sees the exit code) instead of hanging until the test times out.
        await Promise.race([connection.sendRequest('shutdown'), exited]);
        if (child.exitCode === null) await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'motif' ? client.settings : null)),
  );
  connection.onRequest('client/registerCapability', (params: unknown) => {
    push('client/registerCapability', params);
    return null;
  });
  connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    client.trackProgress(params.token);
    push('window/workDoneProgress/create', params);
    return null;
  });
  connection.onRequest('workspace/codeLens/refresh', () => {
    push('workspace/codeLens/refresh', null);
    return null;
  });
  // Progress for tokens nobody tracks is dropped by the connection; tracked tokens become `$/progress` entries.
  connection.onUnhandledProgress((params) => push('$/progress (untracked)', params));
  connection.listen();
  client.initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(options.root).href,
    workspaceFolders: [{ uri: pathToFileURL(options.root).href, name: path.basename(options.root) }],
    initializationOptions: options.initializationOptions ?? { indexOnStart: false },
    capabilities: {
      workspace: {
        configuration: true,
        codeLens: { refreshSupport: options.codeLensRefresh ?? true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
      },
      window: { workDoneProgress: true },
      textDocument: { synchronization: { didSave: true, dynamicRegistration: false } },
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});
  return client;
}

/** Copy a fixture folder into a fresh temporary workspace (the server writes `.motif/` into it). */
export function makeWorkspace(files: Record<string, string> = {}, fixture?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-lsp-'));
  if (fixture) fs.cpSync(fixture, root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** The `$/progress` values reported for `token`, in order. */
export function progressOf(
  client: LspClient,
  token: string | number,
): { kind: string; message?: string; percentage?: number; cancellable?: boolean }[] {
  return client.received
    .filter((r) => r.method === '$/progress' && (r.params as { token: unknown }).token === token)
    .map((r) => (r.params as { value: { kind: string } }).value);
}
