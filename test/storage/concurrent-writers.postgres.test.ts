/**
 * Many writers on one PostgreSQL server: separate pools (as separate editors and CI jobs have) write the
 * same files at once, and four `motif index` processes index two repositories at once. Nothing may be
 * duplicated, mixed or lost: each file ends as exactly one writer's version, and the store equals what
 * one writer at a time would have left. Runs when MOTIF_TEST_DATABASE_URL names a server.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { migrate } from '../../server/src/storage/migrate';
import { createPatternStore } from '../../server/src/storage/pattern-store';
import { openPg } from '../../server/src/storage/pg-client';
import type { SqlClient } from '../../server/src/storage/sql-client';
import { childEnv, copyFixture, ensureBuilt, removeTemps, runMotif, tempDir } from '../helpers/cli';
import { writePythonProject } from '../helpers/python-project';
import { makeFile, makePattern, testDatabaseUrl, withSchema } from '../helpers/storage';

const schemas: string[] = [];
let admin: SqlClient;

async function freshSchema(): Promise<string> {
  const schema = `motif_many_${randomBytes(6).toString('hex')}`;
  await admin.exec(`CREATE SCHEMA ${schema};`);
  schemas.push(schema);
  return withSchema(testDatabaseUrl!, schema);
}

interface Row {
  repository: string;
  id: string;
  content_hash: string;
  quality_score: number;
  usage_count: number;
}

async function snapshot(url: string): Promise<Row[]> {
  const sql = await openPg(url, { logger: nullLogger });
  try {
    return await sql.query<Row>(
      'SELECT repository, id, content_hash, quality_score, usage_count FROM patterns ORDER BY repository, id',
    );
  } finally {
    await sql.close();
  }
}

describe.runIf(testDatabaseUrl)('many writers on one PostgreSQL server', () => {
  beforeAll(async () => {
    admin = await openPg(testDatabaseUrl!, { logger: nullLogger });
  });
  afterAll(async () => {
    for (const schema of schemas) await admin.exec(`DROP SCHEMA ${schema} CASCADE;`);
    await admin.close();
    removeTemps();
  });

  it('leaves each file as exactly one writer wrote it when six pools rewrite the same files at once', async () => {
    const url = await freshSchema();
    const clients = await Promise.all(
      Array.from({ length: 6 }, () => openPg(url, { logger: nullLogger, maxConnections: 2 })),
    );
    try {
      await migrate(clients[0]!);
      const stores = clients.map(createPatternStore);
      const paths = ['a.py', 'b.py', 'c.py'];
      // Writer w gives every file 3 + w patterns named after itself, so a mixed file is recognisable.
      const version = (w: number, p: string) =>
        Array.from({ length: 3 + w }, (_, i) =>
          makePattern({ repository: 'shared', filePath: p, qualifiedName: `w${w}_f${i}` }),
        );
      await Promise.all(
        stores.flatMap((store, w) =>
          Array.from({ length: 5 }, async () => {
            for (const p of paths) await store.writeFile('shared', makeFile(p), version(w, p), []);
          }),
        ),
      );
      const rows = await clients[0]!.query<{ file_path: string; qualified_name: string }>(
        'SELECT file_path, qualified_name FROM patterns ORDER BY file_path, qualified_name',
      );
      for (const p of paths) {
        const names = rows.filter((r) => r.file_path === p).map((r) => r.qualified_name);
        const writers = new Set(names.map((n) => n.split('_')[0]));
        expect(writers.size, `${p} holds ${names.join(', ')}`).toBe(1);
        const w = Number([...writers][0]!.slice(1));
        expect(names).toHaveLength(3 + w);
        const [file] = await clients[0]!.query<{ pattern_count: number }>(
          'SELECT pattern_count FROM files WHERE path = $1',
          [p],
        );
        // The file row and its patterns come from the same write.
        expect(file!.pattern_count).toBe(3 + w);
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('lets four motif index processes (two repositories, two each) end as one writer at a time would', async () => {
    ensureBuilt();
    const alpha = path.join(tempDir(), 'alpha');
    const beta = copyFixture();
    writePythonProject(alpha, 60, 'alpha');
    const index = (url: string, root: string, repository: string) =>
      runMotif(['index', root, '--db', url, '--repository', repository, '--jobs', '1', '--json'], {
        cwd: root,
        env: childEnv(),
      });

    const together = await freshSchema();
    // Migrate first so the four start writing at the same moment (migrations racing is tested elsewhere).
    const first = await openPg(together, { logger: nullLogger });
    await migrate(first);
    await first.close();
    const runs = await Promise.all([
      index(together, alpha, 'alpha'),
      index(together, beta, 'beta'),
      index(together, alpha, 'alpha'),
      index(together, beta, 'beta'),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);

    const alone = await freshSchema();
    for (const [root, repository] of [
      [alpha, 'alpha'],
      [beta, 'beta'],
    ] as const) {
      const run = await index(alone, root, repository);
      expect(run.code, run.stderr).toBe(0);
    }
    const expected = await snapshot(alone);
    const actual = await snapshot(together);
    expect(expected.filter((r) => r.repository === 'alpha')).toHaveLength(240);
    expect(actual).toEqual(expected);

    const sql = await openPg(together, { logger: nullLogger });
    try {
      const facts = await createPatternStore(sql).validationFacts();
      expect(facts.duplicateIdentities).toBe(0);
      const [files] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM files');
      const [aloneFiles] = await (async () => {
        const other = await openPg(alone, { logger: nullLogger });
        try {
          return await other.query<{ n: number }>('SELECT count(*)::int AS n FROM files');
        } finally {
          await other.close();
        }
      })();
      expect(files!.n).toBe(aloneFiles!.n);
    } finally {
      await sql.close();
    }
  });
});
