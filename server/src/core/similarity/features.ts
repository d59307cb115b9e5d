/**
 * The similarity model: a definition's normalised tokens and statement structure become four bags of
 * features, each hashed (signed feature hashing) into one fixed-size vector with its own weight:
 * token n-grams, syntax context of each token, control-flow shape, and the sub-tokens of the names it
 * keeps (attributes, free names, keyword names). Cosine of two vectors is their similarity; see
 * docs/SIMILARITY.md for the design and the benchmark behind the weights.
 */
import type { SyntaxNode } from '../syntax-tree';
import { fnv1a } from './hashing';
import { isDocstring, type NormalToken } from './tokens';

/** Dimensions of a similarity vector (a power of two). */
export const VECTOR_DIMENSIONS = 256;

/** Version of the model; stored beside each vector so a new model re-computes old vectors. */
export const MODEL_VERSION = 'motif-sim-1';

/** The feature channels and their weights (each channel is unit length before weighting). */
export const CHANNEL_WEIGHTS = { tokens: 1, syntax: 1, flow: 0.6, names: 1.4 } as const;
type Channel = keyof typeof CHANNEL_WEIGHTS;

const SALTS: Record<Channel, number> = {
  tokens: 0x1b873593,
  syntax: 0x85ebca6b,
  flow: 0xc2b2ae35,
  names: 0x27d4eb2f,
};

/** Feature counts per channel. */
export type FeatureBags = Record<Channel, Map<string, number>>;

function add(bag: Map<string, number>, key: string): void {
  bag.set(key, (bag.get(key) ?? 0) + 1);
}

/** Split a name into lower-case sub-tokens: `getHTTPResponse_code` → get, http, response, code. */
export function subTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((t) => t.length > 1)
    .map((t) => t.toLowerCase());
}

const COMPOUND = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
  'function_definition',
  'class_definition',
]);

const DEFINITIONS = new Set(['function_definition', 'class_definition']);

function isStatement(type: string): boolean {
  return type.endsWith('_statement') || COMPOUND.has(type) || type === 'decorated_definition';
}

/** Control-flow shape: each statement with its compound ancestors, and adjacent statement pairs. */
function flowFeatures(definition: SyntaxNode, bag: Map<string, number>): void {
  const visit = (node: SyntaxNode, chain: string, owner: string): void => {
    let previous = '^';
    for (const [i, child] of node.children.entries()) {
      // A definition's docstring is prose, as in the token stream.
      if (i === 0 && node.type === 'block' && DEFINITIONS.has(owner) && isDocstring(child)) continue;
      if (isStatement(child.type)) {
        // An expression statement is told apart by what it holds (a call, an assignment, a yield).
        const type =
          child.type === 'expression_statement' ? `expr:${child.children[0]?.type ?? ''}` : child.type;
        add(bag, `${chain}>${type}`);
        add(bag, `${previous}~${type}`);
        previous = type;
        if (COMPOUND.has(child.type) || child.type === 'decorated_definition')
          visit(child, `${chain.split('/').slice(-2).join('/')}/${child.type}`, child.type);
      } else if (child.type === 'block' || child.type.endsWith('_clause')) {
        visit(child, chain, node.type);
      }
    }
    if (previous !== '^') add(bag, `${previous}~$`);
  };
  visit(definition, '', '');
}

/** The four feature bags of a definition. */
export function featureBags(definition: SyntaxNode, tokens: readonly NormalToken[]): FeatureBags {
  const bags: FeatureBags = { tokens: new Map(), syntax: new Map(), flow: new Map(), names: new Map() };
  let a = '^';
  let b = '^';
  for (const t of tokens) {
    add(bags.tokens, `${b} ${t.text}`);
    add(bags.tokens, `${a} ${b} ${t.text}`);
    a = b;
    b = t.text;
    add(bags.syntax, `${t.grand}>${t.parent}>${t.name ? '$name' : t.text}`);
    if (t.name) {
      const bare = t.text.replace(/^\.|=$/g, '');
      add(bags.names, t.text);
      for (const s of subTokens(bare)) add(bags.names, s);
    }
  }
  flowFeatures(definition, bags.flow);
  return bags;
}

/** Hash the bags into one unit-length vector: each channel unit length, scaled by √weight. */
export function hashBags(bags: FeatureBags, dimensions = VECTOR_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  const channel = new Float64Array(dimensions);
  const mask = dimensions - 1;
  for (const name of Object.keys(CHANNEL_WEIGHTS) as Channel[]) {
    const bag = bags[name];
    if (bag.size === 0) continue;
    channel.fill(0);
    for (const [key, count] of bag) {
      const h = fnv1a(key, SALTS[name]);
      // Damped counts: a feature seen often matters more, but not linearly.
      const value = Math.sqrt(count);
      channel[h & mask]! += h & 0x80000000 ? -value : value;
    }
    let norm = 0;
    for (let i = 0; i < dimensions; i++) norm += channel[i]! * channel[i]!;
    if (norm === 0) continue;
    const scale = Math.sqrt(CHANNEL_WEIGHTS[name]) / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) vector[i]! += channel[i]! * scale;
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i]! * vector[i]!;
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) vector[i]! *= inv;
  }
  return vector;
}
