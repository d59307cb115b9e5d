/**
 * `motif db backup [--out FILE]`, `motif db restore FILE` (a portable dump of the store's data tables,
 * see storage/backup.ts), `motif db sync` (replay the offline outbox) and `motif status`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { settleRepository } from '../indexing/settle-repository';
import { type BackupSummary, backupToFile } from '../storage/backup';
import { restoreFromFile } from '../storage/backup-restore';
import { defaultStoreDir, isPostgresUrl, openDatabase } from '../storage/open-storage';
import { syncStatus } from '../storage/outbox';
import { syncWithRetry } from '../storage/outbox-sync';
import { openPg } from '../storage/pg-client';
import { redactUrl } from '../storage/sql-client';
import { CliError, type CliIo, cliLogger, cliStoreOptions, localStoreOf, out } from './cli-context';

type Global = { db?: string; verbose?: boolean };

/** A file name for a backup taken now: `motif-backup-20261121-051500.gz`. */
export function defaultBackupName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `motif-backup-${stamp}.gz`;
}

/** One line per table: `patterns 1,234 rows`. */
export function describeTables(summary: BackupSummary): string {
  return summary.tables.map((t) => `${t.name} ${t.rows.toLocaleString('en-US')}`).join(' · ');
}

/** Register `motif db …` on `program`; `setExit` receives each command's exit code. */
export function addDbCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const db = program.command('db').description('back up and restore the store');
  const global = () => program.opts<Global>();
  const logger = () => cliLogger(io, global().verbose ?? false);

  db.command('backup')
    .description('write every Motif table to a gzipped backup file (default: .motif/backups/)')
    .option('--out <file>', 'where to write the backup')
    .action(async (options: { out?: string }) => {
      const file = options.out
        ? path.resolve(io.cwd, options.out)
        : path.join(io.cwd, '.motif', 'backups', defaultBackupName());
      const sql = await openDatabase(
        cliStoreOptions(io, { ...dbOption(global()), create: false, logger: logger() }),
      );
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const summary = await backupToFile(sql, file);
        out(io, `Backup of ${sql.location} written to ${file}`);
        out(io, `  ${describeTables(summary)} rows; schema of ${summary.migrations} migration(s)`);
      } finally {
        await sql.close();
      }
      setExit(0);
    });

  db.command('sync')
    .description('send changes queued while the server was unreachable (retries with backoff)')
    .option('--retries <n>', 'attempts in all', '4')
    .action(async (options: { retries: string }) => {
      const attempts = Number(options.retries);
      if (!Number.isInteger(attempts) || attempts < 1)
        throw new CliError(`--retries must be a whole number ≥ 1, got ${options.retries}`);
      const chosen = cliStoreOptions(io, { ...dbOption(global()), create: false, logger: logger() });
      if (!chosen.db || !isPostgresUrl(chosen.db))
        throw new CliError('motif db sync needs a server: pass --db postgres://… or set MOTIF_DATABASE_URL');
      const url = chosen.db;
      const local = localStoreOf(io, { create: false }).db;
      if (!fs.existsSync(local)) {
        out(io, `Nothing queued: no embedded store at ${local}`);
        return setExit(0);
      }
      const sql = await openDatabase({ db: local, logger: logger() });
      try {
        const queued = (await syncStatus(sql)).queued;
        const result = await syncWithRetry(sql, () => openDatabase({ db: url, logger: logger() }), {
          logger: logger(),
          server: redactUrl(url),
          attempts,
          settle: settleRepository,
        });
        out(
          io,
          `Synced ${result.sent} of ${queued} queued change(s) to ${redactUrl(url)} (${result.files} file(s); ${result.alreadyApplied} already there); ${result.remaining} left`,
        );
      } finally {
        await sql.close();
      }
      setExit(0);
    });

  program
    .command('status')
    .description('which store, whether the server answers, queued changes and the last sync')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await storeStatus(io, global());
      out(io, options.json ? JSON.stringify(report, null, 2) : formatStatus(report));
      setExit(0);
    });

  db.command('restore')
    .description("replace the store's tables with a backup (one transaction: all or nothing)")
    .argument('<file>', 'a backup written by `motif db backup`')
    .action(async (fileArg: string) => {
      const file = path.resolve(io.cwd, fileArg);
      if (!fs.existsSync(file)) throw new CliError(`backup file ${file} does not exist`);
      const sql = await openDatabase(
        cliStoreOptions(io, { ...dbOption(global()), root: io.cwd, create: true, logger: logger() }),
      );
      try {
        const summary = await restoreFromFile(sql, file);
        out(io, `Restored ${file} into ${sql.location}`);
        out(io, `  ${describeTables(summary)} rows; checksums verified`);
      } finally {
        await sql.close();
      }
      setExit(0);
    });
}

/** What `motif status` reports. */
export interface StatusReport {
  store: string;
  kind: 'server' | 'embedded';
  reachable: boolean | null;
  error: string | null;
  local: string | null;
  queued: number;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  syncedTotal: number;
}

/** Gather the status without changing anything: the server is only asked `SELECT 1`. */
export async function storeStatus(io: CliIo, global: Global): Promise<StatusReport> {
  const logger = cliLogger(io, global.verbose ?? false);
  const chosen = cliStoreOptions(io, { ...dbOption(global), create: true, logger });
  const url = chosen.db && isPostgresUrl(chosen.db) ? chosen.db : null;
  const report: StatusReport = {
    store: url ? redactUrl(url) : (chosen.db ?? defaultStoreDir(chosen.root ?? io.cwd)),
    kind: url ? 'server' : 'embedded',
    reachable: null,
    error: null,
    local: null,
    queued: 0,
    lastSyncAt: null,
    lastAttemptAt: null,
    lastError: null,
    syncedTotal: 0,
  };
  if (url) {
    try {
      await (await openPg(url, { logger, connectTimeoutMs: 3000 })).close();
      report.reachable = true;
    } catch (error) {
      report.reachable = false;
      report.error = redactUrl(error instanceof Error ? error.message : String(error));
    }
  }
  const local = url ? localStoreOf(io, { create: false }).db : report.store;
  if (!fs.existsSync(local)) return report;
  report.local = local;
  const sql = await openDatabase({ db: local, logger });
  try {
    const sync = await syncStatus(sql);
    Object.assign(report, {
      queued: sync.queued,
      lastSyncAt: sync.lastSyncAt,
      lastAttemptAt: sync.lastAttemptAt,
      lastError: sync.lastError === null ? null : redactUrl(sync.lastError),
      syncedTotal: sync.syncedTotal,
    });
  } finally {
    await sql.close();
  }
  return report;
}

/** The status as the lines `motif status` prints. */
export function formatStatus(r: StatusReport): string {
  const lines = [
    `Store      ${r.store} (${r.kind}${r.kind === 'server' ? (r.reachable ? ', reachable' : ', UNREACHABLE') : ''})`,
  ];
  if (r.error) lines.push(`           ${r.error}`);
  if (r.local && r.kind === 'server') lines.push(`Local      ${r.local} (used offline)`);
  lines.push(`Queue      ${r.queued} change(s) waiting for the server`);
  lines.push(
    `Last sync  ${r.lastSyncAt ?? 'never'}${r.syncedTotal ? ` (${r.syncedTotal} change(s) sent in all)` : ''}`,
  );
  if (r.lastError) lines.push(`Last error ${r.lastError} (at ${r.lastAttemptAt})`);
  return lines.join('\n');
}

function dbOption(global: Global): { db?: string } {
  return global.db ? { db: global.db } : {};
}
