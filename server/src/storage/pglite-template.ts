/**
 * A new embedded store starts from a template: PGlite's initdb takes about 4 s inside WASM, loading a
 * ready data folder about 1 s. `npm run build` makes the template (migrations applied) under dist/,
 * named after the PGlite version it was made with; the migration runner still applies anything newer.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { nullLogger } from '../core/ports';
import { packageRoot } from '../indexing/package-root';
import { migrate } from './migrate';
import { dumpPglite, openPglite } from './pglite-client';

const requireHere = createRequire(__filename);

/** Where the template for the installed PGlite lives (it may not exist). */
export function templatePath(): string {
  // PGlite does not export its package.json: find it beside its entry point (dist/index.cjs).
  const manifest = path.join(path.dirname(requireHere.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  return path.join(packageRoot(), 'dist', `pglite-template-${version}.tar.gz`);
}

/** The template as a Blob, or undefined when it was not built (then PGlite runs initdb). */
export function loadTemplate(): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(templatePath())]);
  } catch {
    return undefined;
  }
}

/** Whether `dataDir` holds no database yet (PGlite writes PG_VERSION when it creates one). */
export function isNewDataDir(dataDir: string): boolean {
  return !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** Build the template: a migrated in-memory database, dumped. */
export async function writeTemplate(file = templatePath()): Promise<string> {
  const client = await openPglite();
  try {
    await migrate(client, { logger: nullLogger });
    const blob = await dumpPglite(client);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    return file;
  } finally {
    await client.close();
  }
}
