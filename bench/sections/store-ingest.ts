/**
 * Benchmark section `store-ingest`: how fast patterns go into a store. Per-file writes are the indexer's
 * path (one transaction per file: lock, upsert the file, delete its old patterns, binary COPY of the new
 * ones); bulk writes are `motif db restore`'s path (whole tables in one transaction, multi-row inserts
 * over `unnest` arrays, 2,000 rows a statement). Measured on PGlite in a temp folder and on a PostgreSQL
 * server: `MOTIF_BENCH_DATABASE_URL` (or `MOTIF_TEST_DATABASE_URL`) when set, else a private cluster
 * this script starts like `.ci/run` does (Debian's PostgreSQL, default fsync) and removes afterwards.
 * Usage: npm run bench -- --only store-ingest [--runs N] [--files N] [--per-file N]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PatternRecord } from '../../server/src/core/pattern';
import { type FileRecord, nullLogger } from '../../server/src/core/ports';
import { backupToFile, restoreFromFile } from '../../server/src/storage/backup';
import { migrate } from '../../server/src/storage/migrate';
import { openSqlClient } from '../../server/src/storage/open-storage';
import { createPatternStore } from '../../server/src/storage/pattern-store';
import { openPg } from '../../server/src/storage/pg-client';
import type { SqlClient } from '../../server/src/storage/sql-client';
import { type PgCluster, pgBinDir, startPgCluster } from '../../test/helpers/pg-cluster';
import { makeFile, makePattern, withSchema } from '../../test/helpers/storage';
import { arg, machine, median, today, writeSection } from '../common';

const RUNS = Number(arg('--runs', '3'));
const FILES = Number(arg('--files', '500'));
const PER_FILE = Number(arg('--per-file', '40'));
const TOTAL = FILES * PER_FILE;

/** Synthetic but realistic records (the storage tests' shape: a decorated async method with a docstring). */
function corpus(): { file: FileRecord; patterns: PatternRecord[] }[] {
  return Array.from({ length: FILES }, (_, f) => {
    const filePath = `pkg${f % 20}/module_${f}.py`;
    return {
      file: makeFile(filePath),
      patterns: Array.from({ length: PER_FILE }, (_, i) =>
        makePattern({
          filePath,
          qualifiedName: `Service${i % 8}.method_${i}`,
          lineRange: [i * 10 + 1, i * 10 + 8],
        }),
      ),
    };
  });
}

interface Result {
  perFile: number[];
  bulk: number[];
}

async function measure(open: () => Promise<SqlClient>, files: ReturnType<typeof corpus>): Promise<Result> {
  const result: Result = { perFile: [], bulk: [] };
  const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bench-')), 'b.jsonl.gz');
  for (let run = 0; run < RUNS; run++) {
    const sql = await open();
    try {
      await migrate(sql, { logger: nullLogger });
      await sql.exec('TRUNCATE files, patterns CASCADE');
      const store = createPatternStore(sql);
      let start = performance.now();
      for (const f of files) await store.writeFile('repo', f.file, f.patterns, []);
      result.perFile.push(TOTAL / ((performance.now() - start) / 1000));
      if (run === 0) await backupToFile(sql, backup);
      start = performance.now();
      await restoreFromFile(sql, backup);
      result.bulk.push(TOTAL / ((performance.now() - start) / 1000));
    } finally {
      await sql.close();
    }
  }
  fs.rmSync(path.dirname(backup), { recursive: true, force: true });
  return result;
}

const rate = (xs: number[]) => `${Math.round(median(xs)).toLocaleString('en-US')}`;
const runs = (xs: number[]) => xs.map((x) => Math.round(x).toLocaleString('en-US')).join(', ');

async function main(): Promise<void> {
  const load = os.loadavg()[0]!.toFixed(1);
  const files = corpus();
  const dirs: string[] = [];
  const pglite = await measure(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-bench-pglite-'));
    dirs.push(dir);
    return openSqlClient({ db: path.join(dir, 'db'), logger: nullLogger });
  }, files);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });

  let cluster: PgCluster | null = null;
  let url = process.env.MOTIF_BENCH_DATABASE_URL ?? process.env.MOTIF_TEST_DATABASE_URL;
  const serverNote = url
    ? 'the server named by MOTIF_BENCH_DATABASE_URL / MOTIF_TEST_DATABASE_URL'
    : 'a private PostgreSQL cluster this script started (Debian package, default settings, fsync on, loopback TCP with a password)';
  if (!url) {
    if (!pgBinDir()) throw new Error('no server: set MOTIF_BENCH_DATABASE_URL or install postgresql');
    cluster = await startPgCluster({ fsync: true });
    url = cluster.url;
  }
  const admin = await openPg(url, { logger: nullLogger });
  const schema = `motif_bench_${randomBytes(4).toString('hex')}`;
  await admin.exec(`CREATE SCHEMA ${schema}`);
  let server: Result;
  try {
    server = await measure(() => openPg(withSchema(url!, schema), { logger: nullLogger }), files);
  } finally {
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
    cluster?.dispose();
  }
  const [version] = await (async () => {
    const c = cluster ? null : await openPg(url!, { logger: nullLogger }).catch(() => null);
    if (!c) return ['PostgreSQL (private cluster)'];
    try {
      return [(await c.query<{ v: string }>('SHOW server_version'))[0]?.v ?? '?'];
    } finally {
      await c.close();
    }
  })();
  const target = 20_000;
  const md = `## Store ingest (section \`store-ingest\`)

Measured on ${today()}.
Machine: ${machine()}. The machine is shared with other jobs and noisy (1-minute load average ${load} when
this section started, on 2 cores): figures are medians of ${RUNS} runs (individual runs after them).
Data: ${FILES.toLocaleString('en-US')} files × ${PER_FILE} patterns = ${TOTAL.toLocaleString('en-US')} synthetic pattern records shaped like the storage tests' (a decorated
async method with docstring, every metric and quality component; ~70 columns a row).
Server: ${serverNote}${version && !cluster ? `, version ${version}` : ''}.

| store | per-file writes (indexer path), patterns/s | bulk writes (restore path), patterns/s |
|---|---:|---:|
| PGlite (embedded, temp folder) | ${rate(pglite.perFile)} (${runs(pglite.perFile)}) | ${rate(pglite.bulk)} (${runs(pglite.bulk)}) |
| PostgreSQL server | ${rate(server.perFile)} (${runs(server.perFile)}) | ${rate(server.bulk)} (${runs(server.bulk)}) |

Target: ≥ ${target.toLocaleString('en-US')} patterns/s for bulk writes into the server — **${median(server.bulk) >= target ? 'met' : 'not met'}** in this run.
Per-file writes pay a transaction (and on the server a WAL flush at commit and a round trip per statement) for
every ${PER_FILE} patterns; the bulk path writes whole tables in one transaction. Restore figures include reading
and checking the gzipped backup file.
`;
  writeSection('store-ingest', md);
  console.log(md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
