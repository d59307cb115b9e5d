/**
 * `motif db backup [--out FILE]` and `motif db restore FILE`: a portable dump of the store's data
 * tables (gzipped JSON lines, see storage/backup.ts), restorable into an embedded store or a server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type BackupSummary, backupToFile, restoreFromFile } from '../storage/backup';
import { openDatabase } from '../storage/open-storage';
import { CliError, type CliIo, cliLogger, cliStoreOptions, out } from './cli-context';

type Global = { db?: string; verbose?: boolean };

/** A file name for a backup taken now: `motif-backup-20261121-051500.jsonl.gz`. */
export function defaultBackupName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `motif-backup-${stamp}.jsonl.gz`;
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
    .description('write every Motif table to a gzipped JSON-lines file (default: .motif/backups/)')
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

function dbOption(global: Global): { db?: string } {
  return global.db ? { db: global.db } : {};
}
