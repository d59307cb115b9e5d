/**
 * Benchmark section `store-ingest`: how fast patterns go into a store. Per-file writes are the indexer's
 * path (one transaction per file: upsert the file, delete its old patterns, binary COPY of the new ones;
 * on a server under a per-file advisory lock); bulk writes are `motif db restore`'s path (whole tables in
 * one transaction, rows in COPY text blocks of 4,000, one block sent while the next is read and checked).
 * Measured on PGlite in a temp folder and on a PostgreSQL server: `MOTIF_BENCH_DATABASE_URL` (or
 * `MOTIF_TEST_DATABASE_URL`) when set, else a private cluster this script starts like `.ci/run` does
 * (Debian's PostgreSQL, default fsync) and removes afterwards. Each figure is the median of `--runs`
 * runs; the client's CPU seconds per bulk run are reported too, as the wall time depends on the load.
 * Usage: npm run bench -- --only store-ingest [--runs N] [--files N] [--per-file N]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PatternRecord } from '../../server/src/core/pattern';
import { type FileRecord, nullLogger } from '../../server/src/core/ports';
import { backupToFile } from '../../server/src/storage/backup';
import { restoreFromFile } from '../../server/src/storage/backup-restore';
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
  /** CPU seconds of this process (user + system) per bulk run. */
  bulkCpu: number[];
  /** CPU seconds of the server's processes per bulk run (a private cluster only). */
  serverCpu: number[];
}

/**
 * CPU seconds used so far by a private cluster: the postmaster, its live children (the backends, the WAL
 * writer…) and the children it has reaped. Linux /proc only; null elsewhere.
 */
function clusterCpu(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Fields after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks).
    const stat = (p: number) =>
      fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
    const own = stat(pid);
    let ticks = own[11]! + own[12]! + own[13]! + own[14]!;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const child = stat(Number(entry));
        if (child[1] === pid) ticks += child[11]! + child[12]!;
      } catch {
        // The process ended meanwhile.
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

async function measure(
  open: () => Promise<SqlClient>,
  files: ReturnType<typeof corpus>,
  dataDir?: string,
): Promise<Result> {
  const result: Result = { perFile: [], bulk: [], bulkCpu: [], serverCpu: [] };
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
      const cpu = process.cpuUsage();
      const serverBefore = dataDir ? clusterCpu(dataDir) : null;
      await restoreFromFile(sql, backup);
      result.bulk.push(TOTAL / ((performance.now() - start) / 1000));
      const used = process.cpuUsage(cpu);
      result.bulkCpu.push((used.user + used.system) / 1e6);
      const serverAfter = dataDir ? clusterCpu(dataDir) : null;
      if (serverBefore !== null && serverAfter !== null) result.serverCpu.push(serverAfter - serverBefore);
    } finally {
      await sql.close();
    }
  }
  fs.rmSync(path.dirname(backup), { recursive: true, force: true });
  return result;
}

const rate = (xs: number[]) => `${Math.round(median(xs)).toLocaleString('en-US')}`;
const runs = (xs: number[]) => xs.map((x) => Math.round(x).toLocaleString('en-US')).join(', ');
const seconds = (xs: number[]) => `${median(xs).toFixed(2)} s`;

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
    server = await measure(
      () => openPg(withSchema(url!, schema), { logger: nullLogger }),
      files,
      cluster?.dataDir,
    );
  } finally {
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
    cluster?.dispose();
  }
  const [version] = await (async () => {
    const c = cluster ? null : await openPg(url!, { logger: nullLogger }).catch(() => null);
    if (!c) return ['PostgreSQL (private cluster)'];
    try {
      return [(await c.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? '?'];
    } finally {
      await c.close();
    }
  })();
  const target = 20_000;
  const loadAfter = os.loadavg()[0]!.toFixed(1);
  const md = `## Store ingest (section \`store-ingest\`)

Measured on ${today()}.
Machine: ${machine()}. The machine may be shared with other jobs: the 1-minute load average was ${load} when
this section started and ${loadAfter} when it ended (2 cores). Figures are medians of ${RUNS} runs (the
individual runs in brackets); wall-clock rates, so a loaded machine lowers them.
Data: ${FILES.toLocaleString('en-US')} files × ${PER_FILE} patterns = ${TOTAL.toLocaleString('en-US')} synthetic pattern records shaped like the storage tests' (a decorated
async method with docstring, every metric and quality component; ~80 columns a row).
Server: ${serverNote}${version && !cluster ? `, version ${version}` : ''}.

| store | per-file writes (indexer path), patterns/s | bulk writes (restore path), patterns/s | client CPU per bulk run |
|---|---:|---:|---:|
| PGlite (embedded, temp folder) | ${rate(pglite.perFile)} (${runs(pglite.perFile)}) | ${rate(pglite.bulk)} (${runs(pglite.bulk)}) | ${seconds(pglite.bulkCpu)} |
| PostgreSQL server | ${rate(server.perFile)} (${runs(server.perFile)}) | ${rate(server.bulk)} (${runs(server.bulk)}) | ${seconds(server.bulkCpu)}${server.serverCpu.length > 0 ? ` (server processes: ${seconds(server.serverCpu)})` : ''} |

Target: ≥ ${target.toLocaleString('en-US')} patterns/s for bulk writes into the server — **${median(server.bulk) >= target ? 'met' : 'not met'}** in this run.${
    server.serverCpu.length > 0
      ? ` Independent of the load: the bulk path cost ${Math.round(TOTAL / (median(server.bulkCpu) + median(server.serverCpu))).toLocaleString('en-US')} patterns per CPU-second of client and server together (medians): CPU alone would allow that rate on an idle machine even if the two never overlapped (waits for the disk come on top).`
      : ''
  }
Per-file writes pay a transaction for every ${PER_FILE} patterns (on the server also a WAL flush at commit and a
round trip per statement). The bulk path writes whole tables in one transaction: \`motif db restore\` sends
the backup's blocks of COPY text (4,000 rows each) as they are, so the client only decompresses, counts and
hashes them, and it reads and checks the next block while the server writes the last. Restore figures
include reading the gzipped backup file, the checks, and the commit. On PGlite the database engine runs in
the same process, so its whole cost is client CPU; on the server the client CPU is Motif's share only.
`;
  writeSection('store-ingest', md);
  console.log(md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
