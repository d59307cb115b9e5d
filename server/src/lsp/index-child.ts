/**
 * A workspace index run in a child process (`dist/server.cjs --index-child`) for a language server
 * whose store is embedded: PGlite's WASM memory grows with bulk writes and never shrinks, so the big
 * transient memory of a full index lives and dies with the child, not the long-lived server. The
 * parent closes its store first (PGlite has a single writer: the folder's lock), sends the options
 * over IPC, receives progress, log lines and the summary, and may ask it to cancel.
 */
import { existsSync } from 'node:fs';
import type { FileCoverage } from '../core/coverage';
import type { QualityWeights } from '../core/model';
import type { Logger } from '../core/ports';
import type { IndexProfile } from '../indexing/apply-profile';
import { type HeapGrowth, limitHeapGrowth, youngGenerationFromFlags } from '../indexing/heap-growth';
import { type IndexSummary, indexWorkspace } from '../indexing/index-workspace';
import { openStorage } from '../storage/open-storage';

/** What the parent sends to start the run. */
export interface IndexChildOptions {
  root: string;
  /** The store as the settings name it (absent: the workspace's default embedded store). */
  db?: string;
  repository: string;
  jobs: number;
  exclude: string[];
  followLinks: boolean;
  coverage?: Map<string, FileCoverage>;
  weights: QualityWeights;
  /** The scoring profile applied after the graph pass (the setting `motif.scoring.profile`). */
  profile?: IndexProfile;
  full: boolean;
  verbose: boolean;
}

/** Messages the child sends. */
export type IndexChildMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'log'; level: keyof Logger; message: string }
  /** `summary` is null for a usage pass. */
  | {
      type: 'done';
      summary: IndexSummary | null;
      maxRssMiB: number;
      /** The young generation the child's command line gave it (MB), null for V8's default. */
      youngGenerationMb: number | null;
    }
  | { type: 'error'; message: string };

/** Messages the parent sends after the options. */
export type IndexParentMessage = { type: 'cancel' };

/** The child's side: wait for the options, index, report, close the store and exit. */
export function runIndexChild(): void {
  // The same work as `motif index`, with the same memory trade.
  const heapGrowth = limitHeapGrowth();
  const send = (message: IndexChildMessage) => process.send?.(message);
  const controller = new AbortController();
  // The parent going away (editor closed) cancels the run between files.
  process.on('disconnect', () => controller.abort());
  process.on('message', (message: IndexChildOptions | IndexParentMessage) => {
    if ('type' in message) {
      if (message.type === 'cancel') controller.abort();
      return;
    }
    void run(message, controller.signal, send, heapGrowth).then(
      () => process.exit(0),
      (error) => {
        send({ type: 'error', message: (error as Error).message });
        process.exitCode = 1;
        setTimeout(() => process.exit(1), 100).unref();
      },
    );
  });
}

async function run(
  options: IndexChildOptions,
  signal: AbortSignal,
  send: (message: IndexChildMessage) => void,
  heapGrowth: HeapGrowth,
): Promise<void> {
  const log =
    (level: keyof Logger) =>
    (message: string): void =>
      send({ type: 'log', level, message });
  const logger: Logger = {
    debug: options.verbose ? log('debug') : () => {},
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  // The tests' hold on background work (see `whenIdle`) holds the child's start too.
  const hold = process.env.MOTIF_LSP_HOLD_BACKGROUND;
  while (hold && existsSync(hold) && !signal.aborted)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const storage = await openStorage({
    ...(options.db ? { db: options.db } : {}),
    root: options.root,
    logger,
  });
  try {
    const summary = await indexWorkspace({
      root: options.root,
      store: storage.store,
      repository: options.repository,
      jobs: options.jobs,
      exclude: options.exclude,
      followLinks: options.followLinks,
      ...(options.coverage ? { coverage: options.coverage } : {}),
      weights: options.weights,
      ...(options.profile ? { profile: options.profile } : {}),
      signal,
      ...(options.full ? { full: true } : {}),
      logger,
      heapGrowth,
      onProgress: (done, total) => send({ type: 'progress', done, total }),
    });
    const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    send({ type: 'done', summary, maxRssMiB, youngGenerationMb: youngGenerationFromFlags() });
  } finally {
    await storage.store.close();
  }
}
