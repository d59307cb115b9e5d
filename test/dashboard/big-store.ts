/**
 * A store of ≥ 100k patterns for the dashboard's browser tests and benchmark, built cheaply: a real
 * `motif index` of a few standard-library packages (plus one file whose docstring carries a `<script>`),
 * then synthetic copies of those patterns (under `synthetic/<n>/…` paths, with their own ids, and their
 * similarity vectors) inserted by INSERT … SELECT, and two extra index runs so the trend has points.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nullLogger } from '../../server/src/core/ports';
import { openDatabase } from '../../server/src/storage/open-storage';
import { motif } from '../helpers/cli';
import { stdlibDir } from '../helpers/stdlib';

/** Standard-library packages indexed for real. */
const PACKAGES = ['email', 'http', 'logging', 'asyncio', 'json', 'collections', 'urllib', 'concurrent'];

/** The file whose docstring tries to inject a script; its function is `render_script_tag`. */
export const INJECTION_FILE = `"""Helpers that talk about HTML."""


def render_script_tag(src: str) -> str:
    """Return <script>window.motifInjected = 1</script> for src.

    <img src=x onerror="window.motifInjected = 2">
    """
    return '<script src="%s"></script>' % src
`;

export { stdlibDir };

/** What `buildBigStore` made. */
export interface BigStore {
  /** The embedded store folder. */
  db: string;
  /** The indexed corpus folder (the real patterns' files are under it). */
  corpus: string;
  /** Patterns indexed for real, and in all. */
  real: number;
  total: number;
}

/** Build the store under `dir` with at least `minimum` patterns (default 100,000). */
export async function buildBigStore(dir: string, minimum = 100_000): Promise<BigStore> {
  const corpus = path.join(dir, 'corpus');
  const stdlib = stdlibDir();
  for (const name of PACKAGES) {
    fs.cpSync(path.join(stdlib, name), path.join(corpus, name), {
      recursive: true,
      filter: (src) => !/[\\/](tests?|__pycache__)([\\/]|$)/.test(src.slice(stdlib.length)),
    });
  }
  fs.mkdirSync(path.join(corpus, 'webtools'));
  fs.writeFileSync(path.join(corpus, 'webtools', 'html_tags.py'), INJECTION_FILE);
  const db = path.join(dir, 'db');
  const run = await motif(dir, ['--db', db, 'index', corpus, '--repository', 'stdlib']);
  if (run.code !== 0) throw new Error(`indexing the corpus failed: ${run.stderr}`);

  const sql = await openDatabase({ db, logger: nullLogger });
  try {
    const [{ n: real } = { n: 0 }] = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM patterns',
    );
    const copies = Math.max(0, Math.ceil(minimum / real) - 1);
    const columns = (
      await sql.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'patterns' ORDER BY ordinal_position`,
      )
    ).map((r) => r.column_name);
    const values = columns.map((c) =>
      c === 'id'
        ? `p.id || '-s' || g`
        : c === 'file_path'
          ? `'synthetic/' || g || '/' || p.file_path`
          : `p.${c}`,
    );
    await sql.query(
      `INSERT INTO patterns (${columns.join(', ')})
       SELECT ${values.join(', ')}
       FROM patterns p, generate_series(1, $1::int) AS g
       WHERE p.file_path NOT LIKE 'synthetic/%'`,
      [copies],
    );
    await sql.query(
      `INSERT INTO files (repository, path, content_hash, size_bytes, line_count, import_refs)
       SELECT f.repository, 'synthetic/' || g || '/' || f.path, f.content_hash, f.size_bytes, f.line_count, f.import_refs
       FROM files f, generate_series(1, $1::int) AS g
       WHERE f.path NOT LIKE 'synthetic/%'`,
      [copies],
    );
    // The copies' similarity vectors, when the store keeps them (the similarity issue's table).
    const [vectors] = await sql.query<{ present: boolean }>(
      "SELECT to_regclass('pattern_vectors') IS NOT NULL AS present",
    );
    if (vectors?.present) {
      await sql.query(
        `INSERT INTO pattern_vectors (pattern_id, model, vector, ast_hash, statements, tokens)
         SELECT v.pattern_id || '-s' || g, v.model, v.vector, v.ast_hash, v.statements, v.tokens
         FROM pattern_vectors v, generate_series(1, $1::int) AS g
         WHERE v.pattern_id NOT LIKE '%-s%'`,
        [copies],
      );
      // The copies never went through the similarity pass, so the index's SIMILAR_TO rows would hide
      // them: without rows the dashboard takes similar patterns from the vector index (as for a store
      // indexed before the pass existed), which is what the similar-patterns test looks at.
      await sql.query("DELETE FROM relationships WHERE type = 'SIMILAR_TO'");
    }
    // Two earlier runs, so the run chart has a line (their figures are the synthetic part's growth).
    await sql.query(
      `INSERT INTO index_runs (repository, root, started_at, finished_at, status, files_seen, files_indexed, patterns)
       SELECT 'stdlib', $1, now() - make_interval(days => d), now() - make_interval(days => d), 'completed', 0, 0, $2::int - 150 * d
       FROM generate_series(1, 2) AS d`,
      [corpus, real],
    );
    const [{ n: total } = { n: 0 }] = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM patterns',
    );
    return { db, corpus, real, total };
  } finally {
    await sql.close();
  }
}
