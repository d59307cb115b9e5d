/**
 * A definition's similarity fingerprint: the hashed feature vector (features.ts), a normalised-AST
 * hash that is equal for copies differing only in layout, comments, bound names and literals, and
 * its size. Computed per file in the analysis workers, right after the patterns.
 */
import type { PatternRecord } from '../pattern';
import type { SyntaxNode, SyntaxTree } from '../syntax-tree';
import { featureBags, hashBags, MODEL_VERSION, VECTOR_DIMENSIONS } from './features';
import { mix, textHash } from './hashing';

const LOCAL = textHash('$v');

import { countStatements, isStatement, normalTokens } from './tokens';

/** What the similarity model keeps of one pattern. */
export interface Fingerprint {
  /** Unit-length vector; the dot product of two is their cosine similarity. */
  vector: Float32Array;
  /** Hash of the normalised token stream with bound names numbered by first appearance. */
  astHash: string;
  /** Statements in the definition (nested ones included). */
  statements: number;
  /** Normalised tokens in the definition. */
  tokens: number;
  model: string;
}

/**
 * Default similarity at and above which two patterns count as similar (SIMILAR_TO, `similar` in
 * `--pairs`, `duplicates`): chosen on the clone benchmark (docs/ACCURACY.md, "Clone detection").
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.7;

/**
 * Fingerprint one `function_definition` or `class_definition` node. `statements`, when the caller
 * already counted them (`countStatements(node)`), saves a walk.
 */
export function fingerprintDefinition(
  node: SyntaxNode,
  source: string,
  statements = countStatements(node),
  into?: Float32Array,
): Fingerprint {
  const tokens = normalTokens(node, source);
  // Two independent 32-bit lanes over (token, parent type): a 64-bit hash without building a string.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < tokens.length; i++) {
    const local = tokens.local[i]!;
    const token = local > 0 ? mix(LOCAL, local) : tokens.hash[i]!;
    const item = mix(token, textHash(tokens.parent[i]!));
    a = mix(a, item);
    b = mix(b ^ 0x5bd1e995, item);
  }
  return {
    vector: hashBags(featureBags(node, tokens), VECTOR_DIMENSIONS, into),
    astHash: a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0'),
    statements,
    tokens: tokens.length,
    model: MODEL_VERSION,
  };
}

/** Cosine similarity of two unit-length vectors, clamped to [0, 1]. */
export function similarityOf(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return Math.min(1, Math.max(0, dot));
}

/**
 * Fingerprints for the patterns of one parsed file, keyed by pattern id. Definition nodes are matched
 * to patterns by line range (decorators included), which is unique within a file.
 */
export function fingerprintPatterns(
  tree: SyntaxTree,
  patterns: readonly PatternRecord[],
): Map<string, Fingerprint> {
  // A design pattern's own record shares its anchor's lines: the definition keeps the fingerprint.
  const definitions = patterns.filter((p) => p.patternType !== 'design_pattern');
  const wanted = new Map(definitions.map((p) => [`${p.lineRange[0]}:${p.lineRange[1]}`, p.id]));
  const result = new Map<string, Fingerprint>();
  const claimed = new Set<string>();
  // The file's vectors are views of one buffer (one allocation; the worker transfers it whole).
  const buffer = new Float32Array(definitions.length * VECTOR_DIMENSIONS);
  let slot = 0;
  // Returns the statements under `node` (as `countStatements`), so one walk counts them for every
  // definition; a definition is claimed on the way down (the outermost match wins) and fingerprinted
  // on the way up, when its count is known.
  const visit = (node: SyntaxNode, parent: SyntaxNode | null): number => {
    let id: string | undefined;
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const outer = parent?.type === 'decorated_definition' ? parent : node;
      id = wanted.get(`${outer.startRow + 1}:${node.endRow + 1}`);
      if (id !== undefined && claimed.has(id)) id = undefined;
      if (id !== undefined) claimed.add(id);
    }
    let statements = 0;
    for (const child of node.children) statements += (isStatement(child) ? 1 : 0) + visit(child, node);
    if (id !== undefined) {
      const into = buffer.subarray(slot * VECTOR_DIMENSIONS, ++slot * VECTOR_DIMENSIONS);
      result.set(id, fingerprintDefinition(node, tree.source, statements, into));
    }
    return statements;
  };
  visit(tree.root, null);
  return result;
}
