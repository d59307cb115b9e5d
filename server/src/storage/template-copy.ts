/**
 * Starting a new embedded store from the build's template folder (see pglite-template.ts): a native
 * copy of a closed, migrated PGlite data folder.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Whether `dataDir` holds no database yet (PGlite writes PG_VERSION when it creates one). */
export function isNewDataDir(dataDir: string): boolean {
  return !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * Make `dataDir` a copy of `template` when it is missing or empty, and say whether it did (a folder
 * holding other files is left to PGlite). The copy goes to a sibling folder first and is renamed into
 * place, so a process killed while copying leaves no half store behind. Call it holding the store's
 * lock: two processes must not copy into one folder.
 */
export function copyTemplate(template: string, dataDir: string): boolean {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) return false;
  const parent = path.dirname(dataDir);
  const stem = `${path.basename(dataDir)}.new-`;
  // Left by a process killed while copying.
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(stem)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const staging = path.join(parent, `${stem}${process.pid}`);
  fs.cpSync(template, staging, { recursive: true });
  // The indexer creates the (empty) folder before it opens the store.
  if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir);
  fs.renameSync(staging, dataDir);
  return true;
}
