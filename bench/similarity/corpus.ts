/**
 * The clone benchmark's corpus: a seeded sample of the standard library copied into a work folder,
 * the functions of at least 10 statements in it (the originals and the negative pool), and the
 * mutated copies written beside them as files of their own, so one `motif index` sees both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findDefinitions } from '../../server/src/core/extract/definitions';
import { readImports } from '../../server/src/core/extract/imports';
import { countStatements } from '../../server/src/core/similarity/tokens';
import { textOf } from '../../server/src/core/syntax-tree';
import { discoverPythonFiles } from '../../server/src/files/discover';
import { readSource } from '../../server/src/files/read-source';
import type { PythonParser } from '../../server/src/syntax/python-parser';
import { CLASSES, type Clone, makeClone } from './clones';
import { rng, shuffle } from './mutate';
import { blindTokens, rawTokens } from './reference';

/** A function of the corpus: where it is, its text (dedented), and its tokens for the yardsticks. */
export interface CorpusFunction {
  filePath: string;
  qualifiedName: string;
  statements: number;
  text: string;
  blind: string[];
  raw: string[];
}

/** A copy as written into the corpus. */
export interface WrittenClone extends Clone {
  original: CorpusFunction;
  filePath: string;
  qualifiedName: string;
  raw: string[];
}

/** Text of a definition node with the indentation of its first line removed from the others. */
function dedented(source: string, start: number, text: string): string {
  const column = source.slice(source.lastIndexOf('\n', start - 1) + 1, start);
  if (column.trim() !== '') return text;
  return text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(column) ? line.slice(column.length) : line))
    .join('\n');
}

/** Copy a seeded sample of `files` stdlib files into `root` and read their functions of ≥ 10 statements. */
export async function sampleCorpus(
  parser: PythonParser,
  stdlib: string,
  root: string,
  options: { files: number; seed: number },
): Promise<{ files: number; functions: CorpusFunction[] }> {
  const discovery = await discoverPythonFiles({ root: stdlib });
  const all = shuffle(
    rng(options.seed),
    [...discovery.files].sort((a, b) => (a.path < b.path ? -1 : 1)),
  );
  const chosen = options.files > 0 ? all.slice(0, options.files) : all;
  const functions: CorpusFunction[] = [];
  for (const f of chosen) {
    const read = await readSource(f.absolutePath);
    if (!read.ok) continue;
    const target = path.join(root, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, read.text);
    const tree = parser.parseWithin(read.text, 3000);
    if (!tree || tree.errorCount > 0) continue;
    for (const found of findDefinitions(tree, readImports(tree.root, read.text))) {
      if (found.node.type !== 'function_definition') continue;
      const statements = countStatements(found.node);
      if (statements < 10) continue;
      const text = dedented(read.text, found.node.start, textOf(found.node, read.text));
      const own = parser.parse(text);
      const def = own.root.children.find((c) => c.type === 'function_definition');
      if (!def || own.errorCount > 0) continue;
      functions.push({
        filePath: f.path,
        qualifiedName: found.definition.qualifiedName,
        statements,
        text,
        blind: blindTokens(def, text),
        raw: rawTokens(def, text),
      });
    }
  }
  return { files: chosen.length, functions };
}

/** Make the four copies of each original and write them under `root/zz_clones/`. */
export function writeClones(
  parser: PythonParser,
  root: string,
  originals: CorpusFunction[],
  seed: number,
): { clones: WrittenClone[]; failed: Record<string, number> } {
  const dir = path.join(root, 'zz_clones');
  fs.mkdirSync(dir, { recursive: true });
  const clones: WrittenClone[] = [];
  const failed: Record<string, number> = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  originals.forEach((original, i) => {
    for (const [k, cls] of CLASSES.entries()) {
      const clone = makeClone(parser, original.text, original.blind, cls, seed * 100_003 + i * 4 + k);
      if (!clone) {
        failed[cls]!++;
        continue;
      }
      const tree = parser.parse(clone.text);
      const def = tree.root.children.find((c) => c.type === 'function_definition')!;
      const name = textOf(def.children.find((c) => c.field === 'name')!, clone.text);
      const filePath = `zz_clones/c${i}_${cls}.py`;
      fs.writeFileSync(path.join(root, filePath), clone.text);
      clones.push({ ...clone, original, filePath, qualifiedName: name, raw: rawTokens(def, clone.text) });
    }
  });
  return { clones, failed };
}
