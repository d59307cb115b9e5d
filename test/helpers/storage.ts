/**
 * Test helpers for the storage layer: realistic records (`makePattern`, `makeFile`, `makeQuality`) and
 * stores on real PGlite, in memory or in a temp folder, or on the server `MOTIF_TEST_DATABASE_URL` names.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUALITY_COMPONENTS, type Quality, type QualityComponent } from '../../server/src/core/model';
import type { PatternRecord } from '../../server/src/core/pattern';
import { type FileRecord, nullLogger, type PatternStore } from '../../server/src/core/ports';
import { migrate } from '../../server/src/storage/migrate';
import { openSqlClient } from '../../server/src/storage/open-storage';
import { createPatternStore } from '../../server/src/storage/pattern-store';
import { openPg } from '../../server/src/storage/pg-client';
import type { SqlClient } from '../../server/src/storage/sql-client';

/** The stable id the core gives a pattern: a hash of repository, file and qualified name. */
export function patternId(repository: string, filePath: string, qualifiedName: string): string {
  return createHash('sha256')
    .update(`${repository}\0${filePath}\0${qualifiedName}`)
    .digest('hex')
    .slice(0, 32);
}

/** A quality whose components all score `total` (test_coverage unknown unless `coverage` is given). */
export function makeQuality(total: number, coverage: number | null = null): Quality {
  const weights: Record<QualityComponent, number> = {
    complexity: 0.25,
    documentation: 0.2,
    test_coverage: 0.2,
    reusability: 0.15,
    maintainability: 0.2,
  };
  const known = QUALITY_COMPONENTS.filter((c) => c !== 'test_coverage' || coverage !== null);
  const sum = known.reduce((s, c) => s + weights[c], 0);
  const components = {} as Quality['components'];
  for (const c of QUALITY_COMPONENTS) {
    const isKnown = known.includes(c);
    components[c] = {
      score: isKnown ? (c === 'test_coverage' ? coverage : total) : null,
      weight: weights[c],
      effectiveWeight: isKnown ? weights[c] / sum : 0,
      evidence: isKnown ? `${c} evidence → ${total}` : 'no coverage data',
    };
  }
  return { total, components, unknown: coverage === null ? ['test_coverage'] : [], profile: 'default' };
}

type PatternOverrides = Partial<Omit<PatternRecord, 'metrics'>> & {
  metrics?: Partial<PatternRecord['metrics']>;
};

/** A realistic method record; `id` follows repository, file and qualified name unless given. */
export function makePattern(overrides: PatternOverrides = {}): PatternRecord {
  const repository = overrides.repository ?? 'repo';
  const filePath = overrides.filePath ?? 'pkg/db/session.py';
  const qualifiedName = overrides.qualifiedName ?? 'Session.commit';
  const name = overrides.name ?? qualifiedName.split('.').pop()!;
  const implementation =
    overrides.implementation ??
    `    @retry(times=3)\n    async def ${name}(self, force: bool = False) -> None:\n        """Commit the "unit" of work — 100% or nothing."""\n        if force:\n            await self._flush()\n`;
  const { metrics, ...rest } = overrides;
  return {
    id: patternId(repository, filePath, qualifiedName),
    repository,
    filePath,
    qualifiedName,
    name,
    kind: 'method',
    patternType: 'function_pattern',
    patternName: 'Async retry wrapper',
    category: 'data_access',
    tags: ['async', 'retry', 'db', 'quote"and\\backslash', 'comma, brace}'],
    dependencies: ['asyncio', 'pkg.db.tx'],
    lineRange: [10, 14],
    signature: `async def ${name}(self, force: bool = False) -> None`,
    parameters: [
      { name: 'self', annotation: null, default: null, kind: 'normal' },
      { name: 'force', annotation: 'bool', default: 'False', kind: 'normal' },
    ],
    returnAnnotation: 'None',
    decorators: ['retry(times=3)'],
    isAsync: true,
    docstring: 'Commit the "unit" of work — 100% or nothing.',
    bases: [],
    implementation,
    calls: ['self._flush', 'retry'],
    references: ['force', 'self._flush', 'retry'],
    imports: [{ local: 'retry', module: '..util', name: 'retry', level: 2, line: 3 }],
    contentHash: createHash('sha256').update(implementation).digest('hex'),
    metrics: {
      cyclomatic: 2,
      cyclomaticRank: 'A',
      cognitive: 1,
      maxNesting: 1,
      parameters: 1,
      sloc: 4,
      lloc: 3,
      comments: 0,
      multi: 1,
      halsteadVolume: 12.754887502163468,
      maintainabilityIndex: 71.0340289051925,
      maintainabilityRank: 'A',
      hasDocstring: true,
      fullyTyped: true,
      coverage: null,
      fanOut: 2,
      lcom4: null,
      ...metrics,
    },
    quality: makeQuality(0.7),
    usageCount: 0,
    usageFiles: 0,
    // What the store reads back for the graph's fields when nothing was detected or used.
    designPatterns: [],
    designDetail: null,
    lastUsedAt: null,
    usedByAgents: [],
    usageTrend: null,
    ...rest,
  };
}

/** A file record for `path` (hash derived from the path unless given). */
export function makeFile(path: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    path,
    contentHash: createHash('sha256').update(path).digest('hex'),
    sizeBytes: 1234,
    lineCount: 56,
    parseErrors: 0,
    skipReason: null,
    ...overrides,
  };
}

/** A migrated store with its SQL client (for direct checks), and a way to empty or drop it. */
export interface TestStore {
  store: PatternStore;
  sql: SqlClient;
  /** Delete every row (files, patterns, runs) so a test starts empty. */
  reset(): Promise<void>;
  /** Close the store and remove what it created (temp folder, schema). */
  dispose(): Promise<void>;
}

async function wrap(sql: SqlClient, cleanup: () => Promise<void>): Promise<TestStore> {
  await migrate(sql, { logger: nullLogger });
  return {
    store: createPatternStore(sql),
    sql,
    reset: () =>
      sql.exec(
        'TRUNCATE files, patterns, index_runs, relationships, pattern_usage_history, pattern_usage_events, pattern_vectors RESTART IDENTITY;',
      ),
    async dispose() {
      await sql.close();
      await cleanup();
    },
  };
}

/** A temp folder removed by the caller (`rmSync(dir, { recursive: true, force: true })`). */
export function makeTempDir(prefix = 'motif-storage-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Options for `openTempStore`. */
export interface TempStoreOptions {
  /** Persist in a fresh temp folder instead of memory. */
  folder?: boolean;
  /** Use COPY, as PGlite does (default true); false takes the portable paths a server takes. */
  copy?: boolean;
}

/** A migrated PGlite store in memory, or in a fresh temp folder with `{ folder: true }`. */
export async function openTempStore(options: TempStoreOptions = {}): Promise<TestStore & { dir?: string }> {
  const dir = options.folder ? makeTempDir() : undefined;
  const opened = await openSqlClient({ db: dir ? join(dir, 'db') : 'memory://', logger: nullLogger });
  // Without COPY the store reads and writes as on a server: one INSERT over unnest arrays per file.
  const { copyFrom: _from, copyTo: _to, ...portable } = opened;
  const sql: SqlClient = options.copy === false ? portable : opened;
  const cleanup = async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  return { ...(await wrap(sql, cleanup)), ...(dir ? { dir } : {}) };
}

/** The PostgreSQL server the optional suite runs against, from `MOTIF_TEST_DATABASE_URL`. */
export const testDatabaseUrl = process.env.MOTIF_TEST_DATABASE_URL;

/** `url` with `search_path` set to `schema`, through the libpq `options` parameter node-postgres passes on. */
export function withSchema(url: string, schema: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** A migrated store in a fresh schema of the `MOTIF_TEST_DATABASE_URL` server, dropped on dispose. */
export async function openServerStore(
  url: string = testDatabaseUrl ?? '',
): Promise<TestStore & { url: string }> {
  const schema = `motif_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPg(url, { logger: nullLogger });
  await admin.exec(`CREATE SCHEMA ${schema};`);
  const scopedUrl = withSchema(url, schema);
  const sql = await openPg(scopedUrl, { logger: nullLogger });
  const store = await wrap(sql, async () => {
    await admin.exec(`DROP SCHEMA ${schema} CASCADE;`);
    await admin.close();
  });
  return { ...store, url: scopedUrl };
}

/**
 * The backends a store test runs on: PGlite with binary COPY, PGlite without it (the portable
 * statements a server takes) and, when MOTIF_TEST_DATABASE_URL names one, a PostgreSQL server.
 */
export const STORE_BACKENDS: [string, () => Promise<TestStore>][] = [
  ['PGlite', () => openTempStore()],
  ['PGlite without COPY', () => openTempStore({ copy: false })],
  ...(testDatabaseUrl
    ? ([['PostgreSQL', () => openServerStore()]] as [string, () => Promise<TestStore>][])
    : []),
];
