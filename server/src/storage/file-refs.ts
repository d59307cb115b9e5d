/**
 * A file's import references as the `files.import_refs` column holds them: one JSON value per file,
 * `[[module, name, sites], …]`, duplicates summed and sorted, so a write costs no row per reference.
 */
import type { FileReference } from '../core/ports';
import { StorageError } from './sql-client';

/** One stored reference: target module, target name, reference sites. */
type StoredRef = [string, string, number];

const byTarget = (a: StoredRef, b: StoredRef) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * `references` as the column's JSON: (module, name) pairs summed, sorted by module then name. Refuses
 * a reference whose site count is not a positive integer, naming it.
 */
export function importRefsJson(path: string, references: readonly FileReference[]): string {
  const merged = new Map<string, StoredRef>();
  for (const r of references) {
    if (!Number.isInteger(r.sites) || r.sites <= 0) {
      throw new StorageError(
        'query',
        `reference of ${path} to ${r.targetModule}:${r.targetName} has ${r.sites} sites; a reference has at least one`,
      );
    }
    const key = `${r.targetModule}\u0000${r.targetName}`;
    const entry = merged.get(key);
    if (entry) entry[2] += r.sites;
    else merged.set(key, [r.targetModule, r.targetName, r.sites]);
  }
  return JSON.stringify([...merged.values()].sort(byTarget));
}

/** The references of one file back from the column's JSON text, with the referencing file. */
export function parseImportRefs(fromPath: string, json: string): (FileReference & { fromPath: string })[] {
  return (JSON.parse(json) as StoredRef[]).map(([targetModule, targetName, sites]) => ({
    fromPath,
    targetModule,
    targetName,
    sites,
  }));
}
