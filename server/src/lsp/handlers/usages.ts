/**
 * `motif/usages`: where a pattern is used. The store knows which files reference it (through their
 * imports, as the usage pass counts); the sites in each file are found by name in its text.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Location } from 'vscode-languageserver';
import { moduleResolver } from '../../core/usage';
import { identifierRanges, uriOf } from '../convert';
import { type Session, withStore } from '../session';
import { resolvePattern } from './pattern';

/** Reference locations of pattern `id`, by file then line. */
export async function usages(session: Session, params: { id: string }): Promise<Location[]> {
  const pattern = await resolvePattern(session, { id: params.id });
  if (!pattern) return [];
  const references = await withStore(session, [], (store) => store.references(session.repository));
  const resolve = moduleResolver(session.fileHashes.keys());
  const files = new Set<string>();
  for (const ref of references) {
    if (resolve(ref.targetModule) === pattern.filePath && ref.targetName === pattern.qualifiedName)
      files.add(ref.fromPath);
    const [head, ...rest] = ref.targetName.split('.');
    if (
      rest.length > 0 &&
      resolve(`${ref.targetModule}.${head}`) === pattern.filePath &&
      rest.join('.') === pattern.qualifiedName
    ) {
      files.add(ref.fromPath);
    }
  }
  const name = pattern.qualifiedName.split('.').at(-1)!;
  const locations: Location[] = [];
  for (const file of [...files].sort()) {
    const uri = uriOf(session.root, file);
    const text =
      session.documents.get(uri)?.getText() ??
      (await fs.readFile(path.join(session.root, file), 'utf8').catch(() => ''));
    for (const range of identifierRanges(text, name)) locations.push({ uri, range });
  }
  return locations;
}
