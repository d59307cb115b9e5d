/**
 * `motif migrate legacy`, the seeds' recovery plan done with gates: back the store up first; report the
 * legacy rows (file names, constant quality) instead of copying them; re-extract real patterns from the
 * source folders with the indexer (into a scratch store); ingest them batch by batch with the seeds'
 * progress lines and per-batch checks; validate before and after (the `motif validate` gates plus row
 * counts); on any failed gate or error restore the backup, so the store ends exactly as it began.
 */
import { judgeLegacyQuality, legacyFileNameReason } from '../core/legacy';
import type { Logger } from '../core/ports';
import { evaluateGates, type GateResult } from '../core/validate';
import { repositoryIdentity } from '../files/repository-identity';
import { backupToFile, tableCounts } from '../storage/backup';
import { restoreFromFile } from '../storage/backup-restore';
import { applyFile, type FileState, readFileState, sharedTables, type Tables } from '../storage/file-copy';
import type { LegacyRow } from '../storage/legacy-source';
import { legacyQualityFacts } from '../storage/legacy-source';
import { createPatternStore } from '../storage/pattern-store';
import type { SqlClient } from '../storage/sql-client';
import { indexWorkspace } from './index-workspace';

/** Options of a legacy migration. */
export interface LegacyMigrationOptions {
  /** The Motif store migrated into (open and migrated). */
  target: SqlClient;
  /** The legacy rows (from a table or a Qdrant collection) and where they came from, for the report. */
  legacy: { source: string; rows: LegacyRow[]; edges?: { source: string; rows: number } };
  sources: string[];
  batchSize: number;
  skipDuplicates: boolean;
  minQuality?: number;
  validateEachBatch: boolean;
  /** Where the pre-migration backup goes. */
  backupFile: string;
  /** A fresh, migrated scratch store for the re-extraction (embedded, in memory). */
  openScratch(): Promise<SqlClient>;
  jobs: number;
  logger: Logger;
  /** One line of the report. */
  print(line: string): void;
}

/** How the migration ended. */
export interface LegacyMigrationResult {
  ok: boolean;
  /** Why it failed (a gate or an error), null when it succeeded. */
  reason: string | null;
  /** True when the failure was a gate (exit 1) rather than an error (exit 2). */
  gateFailed: boolean;
  inserted: number;
  skipped: number;
  replaced: number;
  rolledBack: boolean;
}

class GateFailure extends Error {}

const pct = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Report the legacy rows: how many are file names, what the quality column says, which names the source has. */
function reportLegacy(o: LegacyMigrationOptions, names: Set<string>): void {
  const { rows } = o.legacy;
  const fileNames = rows.filter((r) => legacyFileNameReason(r.name) !== null);
  const real = rows.filter((r) => legacyFileNameReason(r.name) === null);
  const found = real.filter((r) => names.has(r.name));
  o.print(`Legacy ${o.legacy.source}: ${fmt(rows.length)} rows`);
  o.print(
    `  File names: ${fmt(fileNames.length)} (${pct(fileNames.length, rows.length)})${
      fileNames.length
        ? `, e.g. ${fileNames
            .slice(0, 3)
            .map((r) => `${r.name} (${legacyFileNameReason(r.name)})`)
            .join(', ')}`
        : ''
    }; not carried over`,
  );
  const quality = judgeLegacyQuality(legacyQualityFacts(rows));
  o.print(
    `  Quality: ${quality.detail}${quality.measured ? '' : '; not carried over (re-scored from the source)'}`,
  );
  o.print(
    `  Real names: ${fmt(real.length)}; ${fmt(found.length)} found among the re-extracted patterns, ${fmt(real.length - found.length)} not in the given sources`,
  );
  if (o.legacy.edges) {
    o.print(
      `  Edges ${o.legacy.edges.source}: ${fmt(o.legacy.edges.rows)} rows; not carried over (relationships are re-derived from the source)`,
    );
  }
}

/** The files of the scratch store in order, with their pattern counts. */
async function scratchFiles(scratch: SqlClient) {
  return scratch.query<{ repository: string; path: string; pattern_count: number }>(
    'SELECT repository, path, (SELECT count(*)::int FROM patterns p WHERE p.repository = f.repository AND p.file_path = f.path) AS pattern_count FROM files f ORDER BY repository, path',
  );
}

/** Split files into batches of about `size` patterns; a file is never split. */
function batches<T extends { pattern_count: number }>(files: T[], size: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let n = 0;
  for (const f of files) {
    current.push(f);
    n += f.pattern_count;
    if (n >= size) {
      out.push(current);
      current = [];
      n = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Checks on one batch's rows, inside its transaction: all inserted, quality and type present, no file names. */
async function checkBatch(tx: SqlClient, keys: { repository: string; path: string }[], expected: number) {
  const [row] = await tx.query<{
    n: number;
    scored: number;
    typed: number;
    created: number;
    names: string[];
  }>(
    `SELECT count(*)::int AS n, count(p.quality_score)::int AS scored,
       count(*) FILTER (WHERE btrim(coalesce(p.pattern_type, '')) <> '')::int AS typed,
       count(p.created_at)::int AS created, coalesce(array_agg(p.pattern_name), '{}') AS names
FROM patterns p JOIN unnest($1::text[], $2::text[]) AS k(repository, path)
  ON p.repository = k.repository AND p.file_path = k.path`,
    [keys.map((k) => k.repository), keys.map((k) => k.path)],
  );
  const [dup] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM patterns GROUP BY repository, file_path, qualified_name HAVING count(*) > 1) d',
  );
  const fileNames = row!.names.filter((n) => legacyFileNameReason(n) !== null);
  const failures = [
    row!.n !== expected ? `inserted ${row!.n} of ${expected}` : null,
    row!.scored !== row!.n ? `${row!.n - row!.scored} without quality` : null,
    row!.typed !== row!.n ? `${row!.n - row!.typed} without pattern_type` : null,
    row!.created !== row!.n ? `${row!.n - row!.created} without created_at` : null,
    fileNames.length ? `${fileNames.length} named like files (${fileNames.slice(0, 3).join(', ')})` : null,
    dup!.n ? `${dup!.n} duplicated identities in the store` : null,
  ].filter((f): f is string => f !== null);
  return { inserted: row!.n, scored: row!.scored, failures };
}

/** The post-migration gates: `motif validate`'s, plus the row-count balance. */
async function finalGates(
  target: SqlClient,
  before: number,
  inserted: number,
  replaced: number,
): Promise<GateResult[]> {
  const facts = await createPatternStore(target).validationFacts();
  const expected = before - replaced + inserted;
  return [
    ...evaluateGates(facts),
    {
      gate: 'row_counts',
      passed: facts.total === expected,
      detail: `${fmt(facts.total)} patterns after; expected ${fmt(before)} before - ${fmt(replaced)} replaced + ${fmt(inserted)} inserted = ${fmt(expected)}`,
    },
  ];
}

/** Run the migration; never throws for a failed gate or error: it rolls back and says why. */
export async function migrateLegacy(o: LegacyMigrationOptions): Promise<LegacyMigrationResult> {
  const result: LegacyMigrationResult = {
    ok: false,
    reason: null,
    gateFailed: false,
    inserted: 0,
    skipped: 0,
    replaced: 0,
    rolledBack: false,
  };
  const countsBefore = await tableCounts(o.target);
  o.print(
    `Before: ${Object.entries(countsBefore)
      .map(([t, n]) => `${t} ${fmt(n)}`)
      .join(' · ')}`,
  );
  const backup = await backupToFile(o.target, o.backupFile);
  o.print(
    `Backup: ${o.backupFile} (${backup.tables.reduce((s, t) => s + t.rows, 0)} rows, checksums recorded)`,
  );
  const scratch = await o.openScratch();
  try {
    o.print(`Extracting patterns from ${o.sources.length} source folder(s)...`);
    for (const root of o.sources) {
      const summary = await indexWorkspace({
        root,
        store: createPatternStore(scratch),
        repository: repositoryIdentity(root),
        jobs: o.jobs,
        logger: o.logger,
        ...(o.minQuality !== undefined ? { filter: { minQuality: o.minQuality } } : {}),
      });
      o.print(
        `  ${root}: ${fmt(summary.patternsWritten - summary.filteredOut)} patterns from ${fmt(summary.filesIndexed)} files${summary.filteredOut ? ` (${fmt(summary.filteredOut)} below --min-quality left out)` : ''}`,
      );
    }
    const names = new Set(
      (
        await scratch.query<{ n: string }>(
          'SELECT pattern_name AS n FROM patterns UNION SELECT qualified_name FROM patterns UNION SELECT name FROM patterns',
        )
      ).map((r) => r.n),
    );
    reportLegacy(o, names);
    const tables: Tables = await sharedTables(scratch, o.target);
    let files = await scratchFiles(scratch);
    if (o.skipDuplicates) {
      const existing = await o.target.query<{ repository: string; path: string }>(
        'SELECT DISTINCT repository, file_path AS path FROM patterns',
      );
      const taken = new Set(existing.map((e) => `${e.repository}\0${e.path}`));
      const kept = files.filter((f) => !taken.has(`${f.repository}\0${f.path}`));
      result.skipped = files
        .filter((f) => taken.has(`${f.repository}\0${f.path}`))
        .reduce((s, f) => s + f.pattern_count, 0);
      files = kept;
    }
    const total = files.reduce((s, f) => s + f.pattern_count, 0);
    const planned = batches(files, o.batchSize);
    let at = 0;
    for (const [i, batch] of planned.entries()) {
      const count = batch.reduce((s, f) => s + f.pattern_count, 0);
      o.print(`[Batch ${i + 1}/${planned.length}] Processing patterns ${at}-${at + count}...`);
      const states: FileState[] = [];
      for (const f of batch) states.push(await readFileState(scratch, tables, f.repository, f.path));
      const checked = await o.target.transaction(async (tx) => {
        for (const s of states) result.replaced += await applyFile(tx, tables, s);
        if (!o.validateEachBatch) return null;
        const check = await checkBatch(tx, batch, count);
        o.print(
          `  Inserted: ${check.inserted}/${count}${i === 0 && result.skipped ? ` (${result.skipped} skipped: already in the store)` : ''}`,
        );
        o.print(`  Quality populated: ${check.scored}/${check.inserted}`);
        o.print(
          `  Validation: ${check.failures.length === 0 ? 'PASS' : `FAIL (${check.failures.join('; ')})`}`,
        );
        if (check.failures.length > 0) throw new GateFailure(`batch ${i + 1}: ${check.failures.join('; ')}`);
        return check;
      });
      if (!checked)
        o.print(`  Inserted: ${count}/${count}; Validation: after the last batch (no --validate-each-batch)`);
      result.inserted += count;
      at += count;
    }
    o.print(`Ingested ${fmt(total)} patterns in ${planned.length} batch(es)`);
    const gates = await finalGates(o.target, countsBefore.patterns ?? 0, result.inserted, result.replaced);
    o.print('Validation after the migration:');
    for (const g of gates) o.print(`  ${g.passed ? 'PASS' : 'FAIL'} ${g.gate}: ${g.detail}`);
    const failed = gates.filter((g) => !g.passed);
    if (failed.length > 0) throw new GateFailure(`gate ${failed.map((g) => g.gate).join(', ')} failed`);
    result.ok = true;
    return result;
  } catch (error) {
    result.gateFailed = error instanceof GateFailure;
    result.reason = error instanceof Error ? error.message : String(error);
    o.print(`FAILED: ${result.reason}`);
    o.print(`Rolling back to ${o.backupFile}...`);
    const restored = await restoreFromFile(o.target, o.backupFile);
    result.rolledBack = true;
    o.print(
      `Rolled back: ${restored.tables.map((t) => `${t.name} ${fmt(t.rows)}`).join(' · ')} (checksums verified); the store is as it was before the migration`,
    );
    return result;
  } finally {
    await scratch.close();
  }
}
