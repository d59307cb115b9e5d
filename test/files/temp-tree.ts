/**
 * Builds small file trees in a fresh temporary folder for the file and coverage tests, and removes them.
 * A spec maps a relative path to file contents, `{ link }` for a symlink, or `{ dir: true }` for an empty folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One entry of a tree: file text or bytes, a symlink target, or an empty folder. */
export type TreeEntry = string | Uint8Array | { link: string } | { dir: true };

const made: string[] = [];

/** Creates the tree under a new temporary folder and returns that folder's path. */
export function makeTree(spec: Record<string, TreeEntry>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-files-'));
  made.push(root);
  for (const [rel, entry] of Object.entries(spec)) {
    const target = path.join(root, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof entry === 'string' || entry instanceof Uint8Array) fs.writeFileSync(target, entry);
    else if ('link' in entry) fs.symlinkSync(entry.link, target);
    else fs.mkdirSync(target, { recursive: true });
  }
  return root;
}

/** Removes every tree made so far (call from `afterAll`); tests restore any permission they change. */
export function removeTrees(): void {
  for (const root of made.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}
