/**
 * `motif migrate legacy`: re-ingest a legacy pattern table (or a Qdrant collection's payloads) through
 * the seeds' gates, with a backup first and a rollback on any failure (see indexing/migrate-legacy.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { migrateLegacy } from '../indexing/migrate-legacy';
import { readQdrantCollection } from '../storage/legacy-qdrant';
import { countLegacyEdges, type LegacyRow, readLegacyTable } from '../storage/legacy-source';
import { isPostgresUrl, openDatabase, openSqlClient } from '../storage/open-storage';
import { redactUrl } from '../storage/sql-client';
import { CliError, type CliIo, cliLogger, cliStoreOptions, EXIT, out } from './cli-context';
import { defaultBackupName } from './db-command';
import { numberOption } from './query-commands';

type Global = { db?: string; verbose?: boolean };

/** Options of `motif migrate legacy`, as commander parses them. */
interface LegacyOptions {
  from?: string;
  table: string;
  edges?: string;
  source: string[];
  batchSize: string;
  skipDuplicates?: boolean;
  minQuality?: string;
  validateEachBatch?: boolean;
  rollbackOnFailure?: boolean;
  backup?: string;
  jobs?: string;
  fromQdrant?: string;
  collection?: string;
}

/** Register `motif migrate legacy` on `program`; `setExit` receives the exit code. */
export function addMigrateCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const migrate = program
    .command('migrate')
    .description('move data from elsewhere into the store, through the gates');
  migrate
    .command('legacy')
    .description(
      're-ingest a legacy pattern table: report file-name rows, re-extract real patterns from the source, ingest in validated batches, roll back on any failure',
    )
    .option('--from <url|dir>', 'the legacy database: a postgres:// URL or an embedded store folder')
    .option('--table <name>', 'legacy patterns table', 'pattern_lineage_nodes')
    .option('--edges <name>', 'legacy edges table (reported; relationships are re-derived)')
    .option(
      '--source <dir>',
      'source folder to re-extract patterns from (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--batch-size <n>', 'patterns per batch (a file is never split)', '50')
    .option('--skip-duplicates', 'leave files the store already has alone instead of replacing them')
    .option('--min-quality <q>', 'ingest only patterns with quality ≥ q')
    .option(
      '--validate-each-batch',
      'check every batch inside its transaction (inserted, quality, type, file names, duplicates)',
    )
    .option(
      '--rollback-on-failure',
      "restore the backup on any failure (always on; accepted for the seeds' command line)",
    )
    .option('--backup <file>', 'where the pre-migration backup goes (default .motif/backups/)')
    .option('--jobs <n>', 'worker threads for the re-extraction (default: number of cores)')
    .option('--from-qdrant <url>', 'read the legacy payloads from a Qdrant collection instead of a table')
    .option('--collection <name>', 'the Qdrant collection (with --from-qdrant)')
    .action(async (options: LegacyOptions) => {
      setExit(await legacyCommand(io, program.opts<Global>(), options));
    });
}

async function legacyCommand(io: CliIo, global: Global, options: LegacyOptions): Promise<number> {
  const logger = cliLogger(io, global.verbose ?? false);
  if (!options.from && !options.fromQdrant)
    throw new CliError('pass --from URL (a legacy database) or --from-qdrant URL');
  if (options.fromQdrant && !options.collection) throw new CliError('--from-qdrant needs --collection NAME');
  if (options.source.length === 0)
    throw new CliError('pass at least one --source DIR to re-extract patterns from');
  const sources = options.source.map((s) => path.resolve(io.cwd, s));
  for (const s of sources) {
    if (!fs.statSync(s, { throwIfNoEntry: false })?.isDirectory())
      throw new CliError(`source folder ${s} does not exist`);
  }
  const batchSize = numberOption('--batch-size', options.batchSize, 1) ?? 50;
  if (!Number.isInteger(batchSize))
    throw new CliError(`--batch-size must be a whole number, got ${options.batchSize}`);
  const minQuality = numberOption('--min-quality', options.minQuality, 0, 1);
  const jobs = options.jobs === undefined ? os.availableParallelism() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new CliError(`--jobs must be a whole number ≥ 1, got ${options.jobs}`);

  const legacy = options.fromQdrant
    ? await readQdrant(options.fromQdrant, options.collection!)
    : await readLegacyDatabase(io, options, logger);
  const target = await openDatabase(
    cliStoreOptions(io, { ...(global.db ? { db: global.db } : {}), root: io.cwd, create: true, logger }),
  );
  try {
    const backupFile = options.backup
      ? path.resolve(io.cwd, options.backup)
      : path.join(io.cwd, '.motif', 'backups', `pre-migration-${defaultBackupName()}`);
    fs.mkdirSync(path.dirname(backupFile), { recursive: true });
    out(io, `Migrating into ${target.location}`);
    const result = await migrateLegacy({
      target,
      legacy,
      sources,
      batchSize,
      skipDuplicates: options.skipDuplicates ?? false,
      ...(minQuality !== undefined ? { minQuality } : {}),
      validateEachBatch: options.validateEachBatch ?? false,
      backupFile,
      openScratch: () => openDatabase({ db: 'memory://', logger }),
      jobs,
      logger,
      print: (line) => out(io, line),
    });
    if (result.ok) {
      out(
        io,
        `Migration complete: ${result.inserted} patterns ingested, ${result.replaced} replaced, ${result.skipped} skipped`,
      );
      return EXIT.ok;
    }
    io.stderr.write(
      `motif: migration failed and was rolled back: ${redactUrl(result.reason ?? 'unknown')}\n`,
    );
    return result.gateFailed ? EXIT.validation : EXIT.usage;
  } finally {
    await target.close();
  }
}

async function readLegacyDatabase(io: CliIo, options: LegacyOptions, logger: ReturnType<typeof cliLogger>) {
  const from = options.from!;
  const db = isPostgresUrl(from) ? from : path.resolve(io.cwd, from);
  if (!isPostgresUrl(from) && !fs.existsSync(db))
    throw new CliError(`legacy database folder ${db} does not exist`);
  const sql = await openSqlClient({ db, logger });
  try {
    const table = await readLegacyTable(sql, options.table);
    const edges = options.edges
      ? { source: options.edges, rows: await countLegacyEdges(sql, options.edges) }
      : undefined;
    return {
      source: `table ${options.table} at ${sql.location}`,
      rows: table.rows,
      ...(edges ? { edges } : {}),
    };
  } finally {
    await sql.close();
  }
}

async function readQdrant(url: string, collection: string): Promise<{ source: string; rows: LegacyRow[] }> {
  return {
    source: `Qdrant collection ${collection} at ${redactUrl(url)}`,
    rows: await readQdrantCollection(url, collection),
  };
}
