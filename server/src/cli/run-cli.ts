/**
 * The `motif` command line: parses arguments with commander, runs one command, and returns its
 * exit code. Errors become one clear line (stack with --verbose); passwords in URLs are redacted.
 */
import { Command, CommanderError, Option } from 'commander';
import type { PatternStore } from '../core/ports';
import type { Storage } from '../storage/open-storage';
import { redactUrl, StorageError } from '../storage/sql-client';
import { CliError, type CliIo, cliLogger, EXIT, openCliStorage, openCliStore } from './cli-context';
import { dashboardCommand } from './dashboard-command';
import { addDbCommands } from './db-command';
import { duplicatesCommand } from './duplicates-command';
import { graphCommand, recordUsageCommand } from './graph-command';
import { indexCommand } from './index-command';
import { addMigrateCommands } from './migrate-command';
import {
  exportCommand,
  patternsCommand,
  searchCommand,
  showCommand,
  statsCommand,
  validateCommand,
} from './query-commands';
import { similarCommand } from './similar-command';
import { syncCommand } from './sync-command';

const VERSION = '0.1.0';

type Global = { db?: string; verbose?: boolean };

/** What the entry point supplies that the CLI may not import itself (the language server). */
export interface CliExtras {
  /** Serve LSP on the transport named in the process arguments (`--stdio`, `--node-ipc`). */
  startLanguageServer?: () => void;
}

/** Run the CLI with `argv` (without node and script) and return the exit code. */
export async function runCli(argv: string[], io: CliIo, extras: CliExtras = {}): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('motif')
    .description('Learns the reusable code patterns of a Python codebase.')
    .version(VERSION)
    .option(
      '--db <url|dir>',
      'store: a postgres:// URL or an embedded store folder (default: .motif/ of the project)',
    )
    .option('--verbose', 'print debug lines and stacks')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One voice for every error: "motif: …", as for the errors Motif raises itself.
      outputError: (s, write) => write(`motif: ${s.replace(/^error: /, '')}`),
    });

  const withStore =
    (action: (store: PatternStore, ...args: never[]) => Promise<number>) =>
    async (...args: unknown[]) => {
      const global = program.opts<Global>();
      const logger = cliLogger(io, global.verbose ?? false);
      const store = await openCliStore(io, {
        ...(global.db ? { db: global.db } : {}),
        create: false,
        logger,
      });
      try {
        exitCode = await (action as (store: PatternStore, ...rest: unknown[]) => Promise<number>)(
          store,
          ...args,
        );
      } finally {
        await store.close();
      }
    };

  const withStorage =
    (action: (storage: Storage, ...args: never[]) => Promise<number>) =>
    async (...args: unknown[]) => {
      const global = program.opts<Global>();
      const logger = cliLogger(io, global.verbose ?? false);
      const storage = await openCliStorage(io, {
        ...(global.db ? { db: global.db } : {}),
        create: false,
        logger,
      });
      try {
        exitCode = await (action as (storage: Storage, ...rest: unknown[]) => Promise<number>)(
          storage,
          ...args,
        );
      } finally {
        await storage.store.close();
      }
    };

  program
    .command('index')
    .description('index a folder of Python code into the store')
    .argument('[path]', 'folder to index', '.')
    .option('--jobs <n>', 'worker threads (default: number of cores)')
    .option(
      '--coverage <file>',
      'coverage report: Cobertura XML, coverage.py JSON or LCOV (default: found at the root)',
    )
    .option(
      '--exclude <glob>',
      'skip paths matching this glob (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--follow-links', 'also index what symlinks leading outside the folder point to')
    .option('--repository <name>', 'repository identity (default: git remote, else folder name)')
    .option('--min-quality <q>', 'keep only patterns with quality ≥ q (re-analyses every file)')
    .option(
      '--max-complexity <n>',
      'keep only patterns with cyclomatic complexity ≤ n (re-analyses every file)',
    )
    .option('--full', 're-analyse every file, ignoring stored content hashes')
    .option('--qdrant <url>', 'mirror vectors into Qdrant after each file (or MOTIF_QDRANT_URL)')
    .option(
      '--similar-threshold <s>',
      'similarity (0–1) from which SIMILAR_TO edges are written (default 0.7)',
    )
    .addOption(new Option('--parser <backend>', 'tree-sitter binding').choices(['wasm', 'native']))
    .addOption(
      new Option('--profile <name>', 'scoring profile (docs/QUALITY.md)')
        .choices(['default', 'onex'])
        .default('default'),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (target: string, options) => {
      const global = program.opts<Global>();
      exitCode = await indexCommand(io, target, { ...options, ...global });
    });

  program
    .command('patterns')
    .description('list patterns')
    .option('--type <type>', 'function_pattern, class_pattern or design_pattern')
    .option('--category <category>', 'e.g. database_operations, io, validation')
    .option('--min-quality <q>', 'only patterns with quality ≥ q')
    .option('--sort <key>', 'quality | usage | complexity | name', 'quality')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(withStore((store, options: never) => patternsCommand(io, store, options)));

  program
    .command('show')
    .description('everything about one pattern, with its quality breakdown')
    .argument('<pattern>', 'id, file.py:line or qualified name')
    .option('--json', 'print JSON')
    .action(withStore((store, ref: never, options: never) => showCommand(io, store, ref, options)));

  program
    .command('search')
    .description('search names, qualified names, tags and docstrings')
    .argument('<text>', 'what to look for')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(withStore((store, text: never, options: never) => searchCommand(io, store, text, options)));

  program
    .command('stats')
    .description('totals, types, categories and quality tiers')
    .option('--json', 'print JSON')
    .action(withStore((store, options: never) => statsCommand(io, store, options)));

  program
    .command('export')
    .description('export every pattern')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'jsonl', 'csv']).default('json'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(withStore((store, options: never) => exportCommand(io, store, options)));

  program
    .command('validate')
    .description("check the seeds' gates; exit 1 if any fails")
    .option('--json', 'print JSON')
    .action(withStore((store, options: never) => validateCommand(io, store, options)));

  program
    .command('similar')
    .description('patterns most similar to a pattern, best first')
    .argument('[pattern]', 'id, file.py:line or qualified name')
    .option('--k <n>', 'how many', '10')
    .option('--min-quality <q>', 'only patterns with quality ≥ q')
    .option('--from <file>', 'answer one target a line (JSON lines {target, results})')
    .option('--pairs <file>', 'two targets a line (JSON lines {a, b, similarity, similar})')
    .option(
      '--qdrant <url>',
      'search a Qdrant collection instead of the embedded index (or MOTIF_QDRANT_URL)',
    )
    .option('--json', 'print JSON')
    .action(withStorage((storage, ref: never, options: never) => similarCommand(io, storage, ref, options)));

  program
    .command('sync')
    .description("compare the store's Qdrant collection with the store and repair drift")
    .option('--qdrant <url>', 'Qdrant server (or MOTIF_QDRANT_URL)')
    .option('--verify', 'only report drift; exit 1 if there is any')
    .option('--repair', 'repair drift (the default without --verify)')
    .option('--json', 'print JSON')
    .action(withStorage((storage, options: never) => syncCommand(io, storage, options)));

  program
    .command('duplicates')
    .description('clone groups: exact, renamed and near copies')
    .option('--min-similarity <s>', 'near copies at or above this similarity', '0.9')
    .option('--min-statements <n>', 'only definitions of at least n statements', '5')
    .option('--json', 'print JSON')
    .action(withStorage((storage, options: never) => duplicatesCommand(io, storage, options)));

  program
    .command('graph')
    .description('relationships of a pattern in both directions (USES, EXTENDS, COMPOSED_OF, SIMILAR_TO)')
    .argument('<pattern>', 'id, file.py:line or qualified name')
    .option('--depth <n>', 'how many steps out (1–5)', '1')
    .option(
      '--type <type>',
      'only these types (repeatable or comma-separated)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--limit <n>', 'edges per pattern at most', '200')
    .option('--json', 'print JSON')
    .action(withStore((store, ref: never, options: never) => graphCommand(io, store, ref, options)));

  program
    .command('record-usage')
    .description('record that an agent (or person) used a pattern')
    .argument('<pattern>', 'id, file.py:line or qualified name')
    .option('--agent <name>', 'who used it')
    .option('--context <text>', 'what for')
    .option('--json', 'print JSON')
    .action(withStore((store, ref: never, options: never) => recordUsageCommand(io, store, ref, options)));

  program
    .command('lsp')
    .description('run the language server for any editor (JSON-RPC on stdin/stdout)')
    .option('--stdio', 'talk LSP over stdin/stdout (the default)')
    .option('--node-ipc', 'talk LSP over a Node IPC channel')
    .action(() => {
      if (!extras.startLanguageServer) throw new CliError('this build of motif has no language server');
      extras.startLanguageServer();
    });

  addDbCommands(program, io, (code) => {
    exitCode = code;
  });
  addMigrateCommands(program, io, (code) => {
    exitCode = code;
  });
  program
    .command('dashboard')
    .description('serve the Pattern Dashboard on 127.0.0.1 (read-only, token in the printed URL)')
    .option('--port <n>', 'port (default: a free one)')
    .option('--open', 'open it in the browser')
    .action(async (options) => {
      const global = program.opts<Global>();
      exitCode = await dashboardCommand(
        io,
        { ...options, ...global },
        cliLogger(io, global.verbose ?? false),
      );
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(io, error, program.opts<Global>().verbose ?? argv.includes('--verbose'));
  }
}

function reportError(io: CliIo, error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they exit 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const message = redactUrl(error instanceof Error ? error.message : String(error));
  if (error instanceof CliError) {
    io.stderr.write(`motif: ${message}\n`);
    return error.exitCode;
  }
  if (error instanceof StorageError) {
    io.stderr.write(`motif: store ${error.kind}: ${message}\n`);
  } else {
    io.stderr.write(`motif: ${message}\n`);
  }
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${redactUrl(error.stack)}\n`);
  return EXIT.usage;
}
