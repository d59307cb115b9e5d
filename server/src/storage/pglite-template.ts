/**
 * A new embedded store starts from a template: PGlite's initdb takes about 4 s inside WASM. `npm run
 * build` makes the template (a closed, migrated PGlite data folder) under dist/, named after the PGlite
 * version it was made with; a new store is a native copy of it (about 0.2 s of CPU for its 1,000-odd
 * files, where loading the same folder from a tarball through PGlite's in-WASM file system took 1.5 s).
 * The migration runner still applies anything newer.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { nullLogger } from '../core/ports';
import { packageRoot } from '../indexing/package-root';
import { migrate } from './migrate';
import { openPglite } from './pglite-client';
import { folderListPath } from './template-copy';

export { isNewDataDir } from './template-copy';

/** Every folder under `dir`, relative, parents first. */
function foldersOf(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const relative = path.join(prefix, entry.name);
    found.push(relative, ...foldersOf(dir, relative));
  }
  return found.sort();
}

const requireHere = createRequire(__filename);

/** Where the template for the installed PGlite lives (it may not exist). */
export function templatePath(): string {
  // PGlite does not export its package.json: find it beside its entry point (dist/index.cjs).
  const manifest = path.join(path.dirname(requireHere.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  return path.join(packageRoot(), 'dist', `pglite-template-${version}`);
}

/** The template folder, or undefined when it was not built (then PGlite runs initdb). */
export function findTemplate(): string | undefined {
  const dir = templatePath();
  return fs.existsSync(path.join(dir, 'PG_VERSION')) && fs.existsSync(folderListPath(dir)) ? dir : undefined;
}

/** Build the template: a migrated database in a fresh folder, closed, then moved into place. */
export async function writeTemplate(dir = templatePath()): Promise<string> {
  const staging = `${dir}.build-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const client = await openPglite({ dataDir: staging, lock: false });
  try {
    await migrate(client, { logger: nullLogger });
  } finally {
    await client.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  // PostgreSQL needs its empty folders (pg_notify, pg_tblspc, ...), which packages (.vsix, npm) drop.
  fs.writeFileSync(folderListPath(dir), `${JSON.stringify(foldersOf(dir))}\n`);
  return dir;
}
