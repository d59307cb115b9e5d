/**
 * Copies of a function in the benchmark's four clone classes, each checked against its band of the
 * reference similarity (reference.ts): Type-1 (layout and comments), Type-2 (consistent renaming of
 * locals, parameters and the function name, changed literals), strong Type-3 (Type-2 plus 2–4
 * statement edits, 0.70–0.90) and moderate Type-3 (Type-2, one structural change and further edits,
 * 0.50–0.70). A copy that misses its band is made again with the next seed, up to a limit.
 */
import { boundNames } from '../../server/src/core/similarity/locals';
import type { SyntaxNode } from '../../server/src/core/syntax-tree';
import { fieldChild, textOf, walk } from '../../server/src/core/syntax-tree';
import type { PythonParser } from '../../server/src/syntax/python-parser';
import { load, pick, type Random, rng, statementEdits, statements } from './mutate';
import { blindTokens, referenceSimilarity } from './reference';
import { structuralChange } from './structural';

/** The benchmark's clone classes. */
export const CLASSES = ['type1', 'type2', 'strong3', 'moderate3'] as const;
export type CloneClass = (typeof CLASSES)[number];

/** Reference-similarity band of each class ([low, high], inclusive). */
export const BANDS: Record<CloneClass, [number, number]> = {
  type1: [1, 1],
  type2: [1, 1],
  strong3: [0.7, 0.9],
  moderate3: [0.5, 0.7],
};

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'kappa', 'sigma', 'theta', 'zeta', 'lambda_'];

/** Layout and comments: drop comments, add comment lines and blank lines, indent by 2 instead of 4. */
export function relayout(parser: PythonParser, text: string, r: Random): string | null {
  const w = load(parser, text);
  if (!w) return null;
  const edits: [number, number, string][] = [];
  walk(w.def, (n) => {
    if (n.type === 'comment') edits.push([n.start, n.end, '']);
    return true;
  });
  const spots = statements(w);
  for (let i = 0; i < Math.min(3, spots.length); i++) {
    const { node } = pick(r, spots);
    const start = w.text.lastIndexOf('\n', node.start - 1) + 1;
    const ind = w.text.slice(start, node.start);
    edits.push([start, start, r() < 0.5 ? `${ind}# ${pick(r, WORDS)} step\n` : '\n']);
  }
  // Apply from the end so offsets stay valid (stable for equal offsets: later edits first).
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [s, e, t] of edits) out = out.slice(0, s) + t + out.slice(e);
  // Strings spanning lines or tabs would change meaning under re-indentation: leave those as they are.
  const multiline = /"""|'''|\t|\\\n/.test(out);
  if (!multiline) out = out.replace(/^((?: {4})+)/gm, (m) => ' '.repeat(m.length / 2));
  return load(parser, out) ? out.replace(/[ \t]+$/gm, '') : null;
}

/** Consistent renaming of locals, parameters and the function name, and changed literals. */
export function renameAndRelabel(parser: PythonParser, text: string, r: Random): string | null {
  const w = load(parser, text);
  if (!w) return null;
  const bound = boundNames(w.def, w.text);
  bound.delete('self');
  bound.delete('cls');
  const nameNode = fieldChild(w.def, 'name')!;
  const own = textOf(nameNode, w.text);
  const fresh = new Map<string, string>();
  let counter = 0;
  const newName = (old: string) => {
    let n = fresh.get(old);
    if (!n) {
      n = `${pick(r, WORDS)}_${(counter++).toString(36)}${old.length % 3}`;
      fresh.set(old, n);
    }
    return n;
  };
  const edits: [number, number, string][] = [];
  const visit = (n: SyntaxNode, parent: SyntaxNode | null) => {
    if (n.type === 'identifier') {
      const t = textOf(n, w.text);
      const attribute = parent?.type === 'attribute' && n.field === 'attribute';
      const keyword = parent?.type === 'keyword_argument' && n.field === 'name';
      if (!attribute && !keyword && (bound.has(t) || t === own)) edits.push([n.start, n.end, newName(t)]);
    } else if (n.type === 'integer' && r() < 0.6) {
      edits.push([n.start, n.end, String(Math.floor(r() * 97) + 2)]);
    } else if (n.type === 'string_content' && r() < 0.6) {
      edits.push([n.start, n.end, pick(r, WORDS)]);
    }
    for (const c of n.children) visit(c, n);
  };
  visit(w.def, null);
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [s, e, t] of edits) out = out.slice(0, s) + t + out.slice(e);
  return load(parser, out) ? out : null;
}

/** One copy with its class, reference similarity to the original and how it was made. */
export interface Clone {
  cls: CloneClass;
  text: string;
  reference: number;
  /** The structural change of a moderate Type-3 copy. */
  change?: string;
  edits: number;
}

function firstDef(parser: PythonParser, text: string): { node: SyntaxNode; text: string } | null {
  const w = load(parser, text);
  return w ? { node: w.def, text } : null;
}

/** Make one copy of `cls`, or null when no attempt lands in the class's band. */
export function makeClone(
  parser: PythonParser,
  original: string,
  originalTokens: string[],
  cls: CloneClass,
  seed: number,
  attempts = 16,
): Clone | null {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const r = rng(seed * 7919 + attempt);
    let text: string | null = original;
    let edits = 0;
    let change: string | undefined;
    if (cls !== 'type1') text = renameAndRelabel(parser, text, r);
    if (text && cls === 'strong3') {
      edits = 2 + Math.floor(r() * 3);
      text = statementEdits(parser, text, edits, r);
    }
    if (text && cls === 'moderate3') {
      const made = structuralChange(parser, text, r);
      if (!made) return null;
      change = made.kind;

      edits = 2 + Math.floor(r() * 7);
      text = statementEdits(parser, made.text, edits, r);
    }
    if (text) text = relayout(parser, text, r);
    if (!text) continue;
    const copy = firstDef(parser, text);
    if (!copy) continue;
    const reference = referenceSimilarity(originalTokens, blindTokens(copy.node, copy.text));
    const [low, high] = BANDS[cls];
    if (reference >= low && reference <= high)
      return { cls, text, reference, edits, ...(change ? { change } : {}) };
  }
  return null;
}
