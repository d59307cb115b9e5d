/**
 * Starting a new embedded store from the build's template folder (see pglite-template.ts): a native
 * copy of a closed, migrated PGlite data folder.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The list of the template's folders, beside it (see `writeTemplate` in pglite-template.ts). */
export function folderListPath(template: string): string {
  return `${template}.folders.json`;
}

/** Whether `dataDir` holds no database yet (PGlite writes PG_VERSION when it creates one). */
export function isNewDataDir(dataDir: string): boolean {
  return !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * Make `dataDir` a copy of `template` when it is missing or empty, and say whether it did. A folder
 * holding other files, or one whose parent Motif may not write (the copy is staged there), is left to
 * PGlite, which then creates the database itself. The copy goes to a sibling folder first and is
 * renamed into place, so a process killed while copying leaves no half store behind. Call it holding
 * the store's lock: two processes must not copy into one folder.
 */
export function copyTemplate(template: string, dataDir: string): boolean {
  const exists = fs.existsSync(dataDir);
  if (exists && fs.readdirSync(dataDir).length > 0) return false;
  // A symbolic link to an empty folder: replace the folder it names, keep the link.
  const target = exists ? fs.realpathSync(dataDir) : dataDir;
  const parent = path.dirname(target);
  const stem = `${path.basename(target)}.new-`;
  const staging = path.join(parent, `${stem}${process.pid}`);
  try {
    // Left by a process killed while copying.
    for (const name of fs.readdirSync(parent)) {
      if (name.startsWith(stem)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
    fs.cpSync(template, staging, { recursive: true });
    // The folders a package dropped because they were empty.
    const list = folderListPath(template);
    if (fs.existsSync(list)) {
      for (const folder of JSON.parse(fs.readFileSync(list, 'utf8')) as string[]) {
        fs.mkdirSync(path.join(staging, folder), { recursive: true });
      }
    }
    if (exists) fs.rmdirSync(target);
    fs.renameSync(staging, target);
    return true;
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(target)) fs.mkdirSync(target, { recursive: true });
    return false;
  }
}
