/**
 * `motif db backup` / `motif db restore`: a store indexed from the fixture project (with usage events,
 * whose trigger must not count twice) round-trips through a backup file into a fresh embedded store and,
 * when MOTIF_TEST_DATABASE_URL is set, into a server schema and back; every table's rows and checksum
 * survive. A truncated, corrupt or foreign file is refused and leaves the target as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { backupToFile, tableCounts } from '../../server/src/storage/backup';
import { openDatabase } from '../../server/src/storage/open-storage';
import { copyFixture, motif, removeTemps, tempDir } from '../helpers/cli';
import { openServerStore, testDatabaseUrl } from '../helpers/storage';

let project: string;
let original: string;
let originalCounts: Record<string, number>;

/** The checksums a fresh backup of `db` reports, per table. */
async function checksums(db: string): Promise<Record<string, string>> {
  const sql = await openDatabase({ db, logger: nullLogger });
  try {
    const summary = await backupToFile(sql, path.join(tempDir(), 'check.jsonl.gz'));
    return Object.fromEntries(summary.tables.map((t) => [t.name, t.sha256]));
  } finally {
    await sql.close();
  }
}

async function counts(db: string): Promise<Record<string, number>> {
  const sql = await openDatabase({ db, logger: nullLogger });
  try {
    return await tableCounts(sql);
  } finally {
    await sql.close();
  }
}

beforeAll(async () => {
  project = copyFixture();
  const run = await motif(project, ['index', '--jobs', '1', '.']);
  expect(run.code, run.stderr).toBe(0);
  const db = path.join(project, '.motif', 'db');
  const sql = await openDatabase({ db, logger: nullLogger });
  try {
    // Usage events go through the counting trigger: a restore that fired it again would count twice.
    const [pattern] = await sql.query<{ id: string }>('SELECT id FROM patterns ORDER BY id LIMIT 1');
    await sql.query(
      "INSERT INTO pattern_usage_events (pattern_id, agent) VALUES ($1, 'ci'), ($1, 'editor')",
      [pattern!.id],
    );
  } finally {
    await sql.close();
  }
  original = path.join(tempDir(), 'original.jsonl.gz');
  const backup = await motif(project, ['db', 'backup', '--out', original]);
  expect(backup.code, backup.stderr).toBe(0);
  expect(backup.stdout).toMatch(/patterns \d+/);
  originalCounts = await counts(db);
});

afterAll(removeTemps);

describe('motif db backup and restore', () => {
  it('writes a header with the schema and counts, blocks of COPY rows, and a trailer with checksums', () => {
    const lines = gunzipSync(fs.readFileSync(original)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header.format).toBe('motif-backup');
    expect(header.version).toBe(2);
    expect(header.migrations.map((m: { name: string }) => m.name)).toContain('0001_init.sql');
    const names = header.tables.map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['files', 'patterns', 'index_runs', 'pattern_usage_events']),
    );
    expect(names).not.toContain('motif_migrations');
    const trailer = JSON.parse(lines.at(-1)!);
    expect(trailer.end).toBe(true);
    expect(trailer.tables.patterns.rows).toBe(originalCounts.patterns);
    expect(originalCounts.patterns).toBeGreaterThan(10);
    // Each block announces its rows; a row is one tab-separated line with a value per column.
    const blocks = lines.filter((l) => l.startsWith('{"t":')).map((l) => JSON.parse(l));
    const rows = Object.values(originalCounts).reduce((s, n) => s + n, 0);
    expect(blocks.reduce((s, b) => s + b.rows, 0)).toBe(rows);
    expect(lines).toHaveLength(2 + blocks.length + rows);
    const patternsAt = lines.findIndex((l) => l.startsWith('{"t":"patterns"'));
    const columns = header.tables.find((t: { name: string }) => t.name === 'patterns').columns;
    expect(lines[patternsAt + 1]!.split('\t')).toHaveLength(columns.length);
  });

  it('still restores a version 1 backup (one JSON line a row)', async () => {
    const lines = gunzipSync(fs.readFileSync(original)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    const decode = (v: string) =>
      v === '\\N' ? null : v.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
    const v1: string[] = [JSON.stringify({ ...header, version: 1 })];
    const hashes: Record<string, { rows: number; sha256: string }> = {};
    for (const t of header.tables as { name: string }[]) {
      const hash = createHash('sha256');
      let rows = 0;
      let table = '';
      for (const line of lines.slice(1, -1)) {
        if (line.startsWith('{"t":')) table = JSON.parse(line).t;
        else if (table === t.name) {
          const row = JSON.stringify({ t: t.name, v: line.split('\t').map(decode) });
          hash.update(row).update('\n');
          v1.push(row);
          rows++;
        }
      }
      hashes[t.name] = { rows, sha256: hash.digest('hex') };
    }
    v1.push(JSON.stringify({ end: true, tables: hashes }));
    const file = path.join(tempDir(), 'v1.jsonl.gz');
    fs.writeFileSync(file, gzipSync(`${v1.join('\n')}\n`));
    const target = path.join(tempDir(), 'from-v1');
    fs.mkdirSync(target);
    const run = await motif(target, ['db', 'restore', file]);
    expect(run.code, run.stderr).toBe(0);
    const db = path.join(target, '.motif', 'db');
    expect(await counts(db)).toEqual(originalCounts);
    expect(await checksums(db)).toEqual(await checksums(path.join(project, '.motif', 'db')));
  });

  it('restores into a fresh embedded store with every table equal, usage events counted once', async () => {
    const target = path.join(tempDir(), 'copy');
    fs.mkdirSync(target);
    const run = await motif(target, ['db', 'restore', original]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('checksums verified');
    const db = path.join(target, '.motif', 'db');
    expect(await counts(db)).toEqual(originalCounts);
    expect(await checksums(db)).toEqual(await checksums(path.join(project, '.motif', 'db')));
    // The serial id continues after the restored runs.
    const index = await motif(target, ['index', '--jobs', '1', project, '--db', db]);
    expect(index.code, index.stderr).toBe(0);
  });

  it('refuses a truncated, a corrupt and a foreign file, leaving the store as it was', async () => {
    const target = path.join(tempDir(), 'victim');
    fs.mkdirSync(target);
    expect((await motif(target, ['db', 'restore', original])).code).toBe(0);
    const db = path.join(target, '.motif', 'db');
    const before = await checksums(db);
    const lines = gunzipSync(fs.readFileSync(original)).toString('utf8').trim().split('\n');
    const dir = tempDir();
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    fs.writeFileSync(truncated, gzipSync(`${lines.slice(0, -5).join('\n')}\n`));
    // A changed value (same length, so the block's size still matches): only the checksum can tell.
    const corrupt = path.join(dir, 'corrupt.jsonl.gz');
    const at = lines.findIndex((l) => l.startsWith('{"t":"files"')) + 1;
    const edited = lines.map((l, i) => (i === at ? `x${l.slice(1)}` : l));
    fs.writeFileSync(corrupt, gzipSync(`${edited.join('\n')}\n`));
    // A block whose rows do not match what it announces.
    const dropped = path.join(dir, 'dropped.jsonl.gz');
    fs.writeFileSync(dropped, gzipSync(`${lines.filter((_, i) => i !== at).join('\n')}\n`));
    const foreign = path.join(dir, 'foreign.sql');
    fs.writeFileSync(foreign, 'TRUNCATE TABLE pattern_lineage_nodes CASCADE;\n');
    const cutGzip = path.join(dir, 'cut.jsonl.gz');
    const whole = fs.readFileSync(original);
    fs.writeFileSync(cutGzip, whole.subarray(0, Math.floor(whole.length / 2)));
    for (const [file, message] of [
      [truncated, /truncated/],
      [corrupt, /checksum differs/],
      [dropped, /cannot restore/],
      [foreign, /not a Motif backup/],
      [cutGzip, /unexpected end|truncated|cannot restore/],
    ] as const) {
      const run = await motif(target, ['db', 'restore', file]);
      expect(run.code, file).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(await checksums(db)).toEqual(before);
    }
  });

  describe.runIf(testDatabaseUrl)('across PGlite and a PostgreSQL server', () => {
    it('round-trips embedded → server → embedded with identical tables', async () => {
      const server = await openServerStore();
      try {
        const restore = await motif(project, ['--db', server.url, 'db', 'restore', original]);
        expect(restore.code, restore.stderr).toBe(0);
        expect(await tableCounts(server.sql)).toEqual(originalCounts);
        const fromServer = path.join(tempDir(), 'server.jsonl.gz');
        const backup = await motif(project, ['--db', server.url, 'db', 'backup', '--out', fromServer]);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).not.toContain(new URL(testDatabaseUrl!).password);
        const back = path.join(tempDir(), 'back');
        fs.mkdirSync(back);
        expect((await motif(back, ['db', 'restore', fromServer])).code).toBe(0);
        expect(await checksums(path.join(back, '.motif', 'db'))).toEqual(
          await checksums(path.join(project, '.motif', 'db')),
        );
      } finally {
        await server.dispose();
      }
    });
  });
});
