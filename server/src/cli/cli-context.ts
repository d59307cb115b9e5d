/**
 * What every CLI command shares: where it writes, how errors become exit codes, and how the store
 * is chosen (`--db`, `MOTIF_DATABASE_URL`, or the nearest `.motif/` folder).
 */
import path from 'node:path';
import type { Logger, PatternStore } from '../core/ports';
import { settleRepository } from '../indexing/settle-repository';
import {
  defaultStoreDir,
  findEmbeddedStore,
  hasEmbeddedStore,
  type OpenStoreOptions,
  openDatabase,
  openStorage,
  openStore,
  type Storage,
} from '../storage/open-storage';
import { openSharedStore } from '../storage/shared-store';

/** Streams and environment, injectable so tests run the CLI in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 ok, 1 validation failed, 2 usage error or unreadable input, 130 interrupted. */
export const EXIT = { ok: 0, validation: 1, usage: 2, interrupted: 130 } as const;

/** An expected failure with its exit code and one clear line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** Write a line to stdout. */
export function out(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** A logger on stderr; debug lines only with --verbose. */
export function cliLogger(io: CliIo, verbose: boolean): Logger {
  const write = (level: string) => (message: string) => io.stderr.write(`${level}${message}\n`);
  return {
    debug: verbose ? write('debug: ') : () => {},
    info: write(''),
    warn: write('warning: '),
    error: write('error: '),
  };
}

/**
 * Open the store a command asks for. `root` is where an embedded store is created when nothing
 * else is named (`motif index PATH`); read commands pass `create: false` and look upwards instead.
 */
export async function openCliStore(
  io: CliIo,
  options: { db?: string; root?: string; create: boolean; logger: Logger },
): Promise<PatternStore> {
  const chosen = cliStoreOptions(io, options);
  if (chosen.db && isUrl(chosen.db)) {
    const url = chosen.db;
    const local = localStoreOf(io, options);
    return openSharedStore({
      url,
      localDb: local.db,
      createLocal: options.create,
      logger: options.logger,
      settle: settleRepository,
      open: (db) =>
        db === url
          ? openDatabase({ db, logger: options.logger })
          : openDatabase({ ...local.open, logger: options.logger }),
    });
  }
  return openStore(chosen);
}

/**
 * The embedded store a server-backed command falls back on when the server is unreachable: the indexed
 * root's `.motif/db`, else the nearest one above the current folder, else the current folder's.
 */
export function localStoreOf(
  io: CliIo,
  options: { root?: string; create: boolean },
): { db: string; open: { db?: string; root?: string } } {
  if (options.create) {
    const root = path.resolve(io.cwd, options.root ?? '.');
    return { db: defaultStoreDir(root), open: { root } };
  }
  const found = findEmbeddedStore(io.cwd);
  const db = found ?? defaultStoreDir(io.cwd);
  return { db, open: { db } };
}

/** Like `openCliStore`, with every port of the store (pattern store and similarity side). */
export async function openCliStorage(
  io: CliIo,
  options: { db?: string; root?: string; create: boolean; logger: Logger },
): Promise<Storage> {
  return openStorage(cliStoreOptions(io, options));
}

/** Where the store a command asks for is (see `openCliStore`), as options for `openStore`/`openDatabase`. */
export function cliStoreOptions(
  io: CliIo,
  options: { db?: string; root?: string; create: boolean; logger: Logger },
): OpenStoreOptions {
  const db = options.db ?? io.env.MOTIF_DATABASE_URL;
  if (db && isUrl(db)) return { db, logger: options.logger };
  if (db) {
    const folder = path.resolve(io.cwd, db);
    // Only a command that writes a new store may create one; a read of a mistyped folder is an error.
    if (!options.create && !hasEmbeddedStore(folder)) {
      throw new CliError(
        `no Motif store in ${folder}: run \`motif index\` with this --db first, or check the path`,
      );
    }
    return { db: folder, logger: options.logger };
  }
  if (options.create) return { root: path.resolve(io.cwd, options.root ?? '.'), logger: options.logger };
  const found = findEmbeddedStore(io.cwd);
  if (!found) {
    throw new CliError(
      `no Motif store found in ${io.cwd} or its parents: run \`motif index\` first, or pass --db`,
    );
  }
  return { db: found, logger: options.logger };
}

function isUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}
