/**
 * `motif migrate legacy` on a legacy table seeded with the seeds' bad data: file-name rows and one
 * filled-in quality everywhere. A good run reports the bad rows, re-extracts the fixture project's real
 * patterns and ingests them in validated batches; a run that fails halfway (a trigger in the target
 * refuses one pattern) and a run that fails a final gate both end with the store exactly as the backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { backupToFile } from '../../server/src/storage/backup';
import { openDatabase, openSqlClient } from '../../server/src/storage/open-storage';
import { openPg } from '../../server/src/storage/pg-client';
import { copyFixture, motif, removeTemps, tempDir } from '../helpers/cli';
import { writePythonProject } from '../helpers/python-project';
import { startQdrantStandIn } from '../helpers/qdrant-stand-in';
import { openServerStore, testDatabaseUrl, withSchema } from '../helpers/storage';

/**
 * LEGACY FIXTURE ONLY: the seeds' filled-in score, which every row of their table carried. Motif never
 * produces or keeps it; it is here to be recognised and reported.
 */
const LEGACY_FAKE_QUALITY = 0.85;

/** The seeds' legacy rows: file names (their examples) and a few real names, all with the fake score. */
const LEGACY_NAMES = [
  '__init__.py',
  'typed_dict_discovery_stats.py',
  'model_complex_filter.py',
  'model_argument_value.py',
  'tree_stamping_events.py',
  'shapes/geometry.py',
  '__init__',
  'test_geometry',
  'Canvas.add',
  'Stack.push',
  'Event Publisher Pattern with Kafka',
];

const LEGACY_DDL = `
CREATE TABLE pattern_lineage_nodes (
  id serial PRIMARY KEY,
  pattern_name text NOT NULL,
  pattern_type text,
  overall_quality numeric(3, 2),
  created_at timestamptz DEFAULT now()
);
CREATE TABLE pattern_lineage_edges (source_id integer, target_id integer, edge_type text);
`;

async function seedLegacy(sql: {
  exec(s: string): Promise<void>;
  query(s: string, p?: unknown[]): Promise<unknown>;
}) {
  await sql.exec(LEGACY_DDL);
  await sql.query(
    'INSERT INTO pattern_lineage_nodes (pattern_name, overall_quality) SELECT unnest($1::text[]), $2',
    [LEGACY_NAMES, LEGACY_FAKE_QUALITY],
  );
  await sql.query(
    "INSERT INTO pattern_lineage_edges VALUES (1, 2, 'imports'), (2, 3, 'imports'), (9, 10, 'uses')",
  );
}

let legacyDir: string;
let fixture: string;

/** SHA-256 of every table, from a fresh backup. */
async function checksums(db: string): Promise<Record<string, string>> {
  const sql = await openDatabase({ db, logger: nullLogger });
  try {
    const summary = await backupToFile(sql, path.join(tempDir(), 'sum.jsonl.gz'));
    return Object.fromEntries(summary.tables.map((t) => [t.name, `${t.rows}:${t.sha256}`]));
  } finally {
    await sql.close();
  }
}

beforeAll(async () => {
  legacyDir = path.join(tempDir(), 'legacy-db');
  const legacy = await openSqlClient({ db: legacyDir, logger: nullLogger });
  try {
    await seedLegacy(legacy);
  } finally {
    await legacy.close();
  }
  fixture = copyFixture();
});

afterAll(removeTemps);

const args = (source: string, extra: string[] = []) => [
  'migrate',
  'legacy',
  '--from',
  legacyDir,
  '--edges',
  'pattern_lineage_edges',
  '--source',
  source,
  '--batch-size',
  '6',
  '--validate-each-batch',
  '--rollback-on-failure',
  '--jobs',
  '1',
  ...extra,
];

describe('motif migrate legacy', () => {
  it('reports the file-name rows and the constant quality, and ingests the real patterns in validated batches', async () => {
    const cwd = tempDir();
    const run = await motif(cwd, args(fixture));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain(`Legacy table pattern_lineage_nodes`);
    expect(run.stdout).toMatch(/File names: 8 \(73%\), e\.g\. __init__\.py \(ends in \.py\)/);
    expect(run.stdout).toContain(`every scored row has quality ${LEGACY_FAKE_QUALITY} (11 rows): a constant`);
    expect(run.stdout).toMatch(
      /Real names: 3; 2 found among the re-extracted patterns, 1 not in the given sources/,
    );
    expect(run.stdout).toContain('Edges pattern_lineage_edges: 3 rows');
    expect(run.stdout).toMatch(
      /\[Batch 1\/\d+\] Processing patterns 0-\d+\.\.\.\n {2}Inserted: (\d+)\/\1\n {2}Quality populated: \1\/\1\n {2}Validation: PASS/,
    );
    expect(run.stdout).toMatch(
      /PASS row_counts: 29 patterns after; expected 0 before - 0 replaced \+ 29 inserted = 29/,
    );
    const validate = await motif(cwd, ['validate']);
    expect(validate.code, validate.stdout).toBe(0);
    const names = JSON.parse((await motif(cwd, ['patterns', '--limit', '100', '--json'])).stdout) as {
      pattern_name: string;
      name: string;
    }[];
    expect(names).toHaveLength(29);
    for (const bad of LEGACY_NAMES.slice(0, 8)) expect(names.map((n) => n.name)).not.toContain(bad);
    // A second run with --skip-duplicates leaves every file alone.
    const again = await motif(cwd, args(fixture, ['--skip-duplicates']));
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('Migration complete: 0 patterns ingested, 0 replaced, 29 skipped');
  });

  it('rolls a run that fails halfway back to the backup, exactly', async () => {
    const cwd = tempDir();
    const existing = path.join(tempDir(), 'existing');
    writePythonProject(existing, 6, 'existing');
    expect(
      (await motif(cwd, ['index', existing, '--db', path.join(cwd, '.motif', 'db'), '--jobs', '1'])).code,
    ).toBe(0);
    const db = path.join(cwd, '.motif', 'db');
    const sql = await openDatabase({ db, logger: nullLogger });
    await sql.exec(`
CREATE FUNCTION refuse_explode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.qualified_name = 'explode_here' THEN RAISE EXCEPTION 'refused pattern explode_here'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER refuse_explode BEFORE INSERT ON patterns FOR EACH ROW EXECUTE FUNCTION refuse_explode();`);
    await sql.close();
    const before = await checksums(db);
    const source = copyFixture();
    fs.writeFileSync(
      path.join(source, 'shapes', 'm_boom.py'),
      'def explode_here(x: int) -> int:\n    """Fail."""\n    return x\n',
    );
    const run = await motif(cwd, args(source));
    expect(run.code).toBe(2);
    // Batch 1 of 3 went in and passed; batch 2 failed: the store held part of the migration.
    expect(run.stdout).toMatch(
      /\[Batch 1\/3\][^\n]*\n {2}Inserted: \d+\/\d+\n[^\n]*\n {2}Validation: PASS\n\[Batch 2\/3\][^\n]*\nFAILED: refused pattern explode_here/,
    );
    expect(run.stdout).toContain('Rolled back:');
    expect(run.stderr).toContain('migration failed and was rolled back');
    expect(await checksums(db)).toEqual(before);
  });

  it('rolls back when a final gate fails (functions only: one pattern type) and exits 1', async () => {
    const cwd = tempDir();
    const flat = path.join(tempDir(), 'flat');
    fs.mkdirSync(flat);
    for (let f = 0; f < 4; f++) {
      fs.writeFileSync(
        path.join(flat, `util_${f}.py`),
        `def scale_${f}(x: float) -> float:\n    """Scale."""\n    return x * ${f}\n\n\ndef clamp_${f}(x, lo, hi):\n    if x < lo:\n        return lo\n    return min(x, hi)\n`,
      );
    }
    const run = await motif(cwd, args(flat));
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/FAIL multiple_pattern_types: 1 pattern type/);
    expect(run.stderr).toContain('multiple_pattern_types');
    expect(await checksums(path.join(cwd, '.motif', 'db'))).toMatchObject({
      patterns: expect.stringMatching(/^0:/),
    });
  });

  it("imports a legacy Qdrant collection's payloads through the same report and gates (--from-qdrant)", async () => {
    // The seeds' `code_patterns` collection (file names, NULL quality) in the shared Qdrant stand-in,
    // more points than one scroll page holds.
    const qdrant = await startQdrantStandIn();
    const payloads = [
      ...Array.from({ length: 300 }, (_, i) => ({ pattern_name: `module_${i}.py`, pattern_type: 'file' })),
      { pattern_name: 'Canvas.add', pattern_type: 'function_pattern' },
      { pattern_name: 'Stack.push', pattern_type: 'function_pattern' },
    ];
    qdrant.collections.set('code_patterns', {
      size: 4,
      distance: 'Cosine',
      points: new Map(
        payloads.map((payload, id) => [String(id), { id, vector: [1, 0, 0, id % 7], payload }]),
      ),
      payloadIndexes: {},
    });
    const url = qdrant.url;
    try {
      const run = await motif(tempDir(), [
        'migrate',
        'legacy',
        '--from-qdrant',
        url,
        '--collection',
        'code_patterns',
        '--source',
        fixture,
        '--jobs',
        '1',
      ]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`Legacy Qdrant collection code_patterns at ${url}: 302 rows`);
      // Read page by page through the scroll API (302 points, 256 a page), and only read.
      const calls = qdrant.requests.filter((r) => r.includes('/collections/code_patterns/'));
      expect(calls).toEqual([
        'POST /collections/code_patterns/points/scroll',
        'POST /collections/code_patterns/points/scroll',
      ]);
      expect(run.stdout).toContain('File names: 300 (99%)');
      expect(run.stdout).toContain('all 302 rows have NULL quality');
      expect(run.stdout).toContain('Real names: 2; 2 found');
      const missing = await motif(tempDir(), [
        'migrate',
        'legacy',
        '--from-qdrant',
        url,
        '--collection',
        'nope',
        '--source',
        fixture,
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read Qdrant collection nope');
    } finally {
      await qdrant.close();
    }
  });

  it.runIf(testDatabaseUrl)(
    'reads the legacy table from a PostgreSQL server and migrates into one, password never printed',
    async () => {
      const target = await openServerStore();
      const admin = await openPg(testDatabaseUrl!, { logger: nullLogger });
      const schema = `legacy_${Date.now()}`;
      await admin.exec(`CREATE SCHEMA ${schema}`);
      try {
        const legacy = await openPg(withSchema(testDatabaseUrl!, schema), { logger: nullLogger });
        await seedLegacy(legacy);
        await legacy.close();
        const run = await motif(tempDir(), [
          '--db',
          target.url,
          ...args(fixture).map((a) => (a === legacyDir ? withSchema(testDatabaseUrl!, schema) : a)),
        ]);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        const password = new URL(testDatabaseUrl!).password;
        if (password) expect(run.stdout + run.stderr).not.toContain(password);
        const [row] = await target.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM patterns');
        expect(row!.n).toBe(29);
      } finally {
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
        await target.dispose();
      }
    },
  );
});
