/**
 * The clone benchmark's yardsticks, independent of Motif's model: the reference similarity that
 * defines the classes (BigCloneBench-style: blind normalisation of each line, then the share of
 * lines two functions have in common, in order), and the plain token baseline (token 3-gram Jaccard).
 */
import type { SyntaxNode } from '../../server/src/core/syntax-tree';
import { textOf } from '../../server/src/core/syntax-tree';

const LITERALS = new Set(['string', 'concatenated_string', 'integer', 'float']);

/**
 * Lines of a definition after blind normalisation: every identifier becomes `ID`, every literal `LIT`;
 * comments, blank lines and indentation are gone; keywords and operators stay. Each line is the
 * normalised tokens starting on that source line, joined.
 */
export function blindTokens(node: SyntaxNode, source: string): string[] {
  const lines = new Map<number, string[]>();
  const push = (row: number, token: string) => {
    const line = lines.get(row);
    if (line) line.push(token);
    else lines.set(row, [token]);
  };
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'comment') return;
    if (LITERALS.has(n.type)) return void push(n.startRow, 'LIT');
    if (n.type === 'identifier') return void push(n.startRow, 'ID');
    if (n.children.length === 0) return void push(n.startRow, n.named ? n.type : textOf(n, source));
    for (const c of n.children) visit(c);
  };
  visit(node);
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, tokens]) => tokens.join(' '));
}

/** Tokens as written (identifiers and literals verbatim), comments dropped: the plain baseline's input. */
export function rawTokens(node: SyntaxNode, source: string): string[] {
  const out: string[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'comment') return;
    if (n.children.length === 0 || LITERALS.has(n.type)) return void out.push(textOf(n, source));
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out;
}

/** Reference similarity: longest common subsequence of the blind lines over the longer line count. */
export function referenceSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Intern tokens so the inner loop compares integers.
  const ids = new Map<string, number>();
  const intern = (t: string): number => {
    let n = ids.get(t);
    if (n === undefined) {
      n = ids.size;
      ids.set(t, n);
    }
    return n;
  };
  const ia = Int32Array.from(a, intern);
  const ib = Int32Array.from(b, intern);
  let prev = new Int32Array(ib.length + 1);
  let row = new Int32Array(ib.length + 1);
  for (let i = 1; i <= ia.length; i++) {
    const x = ia[i - 1]!;
    for (let j = 1; j <= ib.length; j++) {
      row[j] = x === ib[j - 1]! ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    [prev, row] = [row, prev];
  }
  return prev[ib.length]! / Math.max(ia.length, ib.length);
}

/** The set of token 3-grams. */
export function trigrams(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 < tokens.length; i++)
    out.add(`${tokens[i]}\u0000${tokens[i + 1]}\u0000${tokens[i + 2]}`);
  return out;
}

/** Jaccard similarity of two sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}
