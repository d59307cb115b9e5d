/**
 * The similarity model: a definition's normalised tokens and statement structure become four bags of
 * features, each hashed (signed feature hashing) into one fixed-size vector with its own weight:
 * token n-grams, syntax context of each token, control-flow shape, and the sub-tokens of the names it
 * keeps (attributes, free names, keyword names). Cosine of two vectors is their similarity; see
 * docs/SIMILARITY.md for the design and the benchmark behind the weights. Features are 32-bit hashes
 * combined with `mix`, never strings, so the model costs a fraction of the analysis.
 */
import { memoByString } from '../string-memo';
import type { SyntaxNode } from '../syntax-tree';
import { CountTable } from './count-table';
import { mix, textHash } from './hashing';
import { isDocstring, type NormalTokens } from './tokens';

/** Dimensions of a similarity vector (a power of two). */
export const VECTOR_DIMENSIONS = 256;

/** Version of the model; stored beside each vector so a new model re-computes old vectors. */
export const MODEL_VERSION = 'motif-sim-1';

/** The feature channels and their weights (each channel is unit length before weighting). */
export const CHANNEL_WEIGHTS = { tokens: 1, syntax: 1, flow: 0.6, names: 1.4 } as const;
type Channel = keyof typeof CHANNEL_WEIGHTS;
const CHANNELS = Object.keys(CHANNEL_WEIGHTS) as Channel[];

const SALTS: Record<Channel, number> = {
  tokens: 0x1b873593,
  syntax: 0x85ebca6b,
  flow: 0xc2b2ae35,
  names: 0x27d4eb2f,
};

/** Feature counts per channel, keyed by 32-bit feature hash. */
export type FeatureBags = Record<Channel, CountTable>;

// One set of tables reused for every definition (the core is synchronous: no interleaving).
const shared: FeatureBags = {
  tokens: new CountTable(),
  syntax: new CountTable(),
  flow: new CountTable(),
  names: new CountTable(),
};

/** Split a name into lower-case sub-tokens: `getHTTPResponse_code` → get, http, response, code. */
export function subTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((t) => t.length > 1)
    .map((t) => t.toLowerCase());
}

/** Hashes of a kept name and its sub-tokens, memoised. */
const nameFeatures = memoByString(50_000, (text): number[] => {
  const bare = text.replace(/^\.|=$/g, '');
  return [textHash(text), ...subTokens(bare).map((s) => textHash(`~${s}`))];
});

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
  'decorated_definition',
]);

const DEFINITIONS = new Set(['function_definition', 'class_definition']);
const START = textHash('^');
const END = textHash('$');

/** Control-flow shape: each statement under its two innermost compound ancestors, and adjacent pairs. */
function flowFeatures(definition: SyntaxNode, bag: CountTable): void {
  const visit = (node: SyntaxNode, outer: number, inner: number, owner: string): void => {
    let previous = START;
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      // A definition's docstring is prose, as in the token stream.
      if (i === 0 && node.type === 'block' && DEFINITIONS.has(owner) && isDocstring(child)) continue;
      const type = child.type;
      if (type.endsWith('_statement') || COMPOUND.has(type)) {
        // An expression statement is told apart by what it holds (a call, an assignment, a yield).
        const kind =
          type === 'expression_statement'
            ? mix(textHash(type), textHash(child.children[0]?.type ?? ''))
            : textHash(type);
        bag.add(mix(mix(outer, inner), kind));
        bag.add(mix(mix(START, previous), kind));
        previous = kind;
        // A class's methods count by their place, not their bodies (as in the token stream).
        const isMethodOfClass = type === 'function_definition' && definition.type === 'class_definition';
        if (COMPOUND.has(type) && !isMethodOfClass) visit(child, inner, textHash(type), type);
      } else if (type === 'block' || type.endsWith('_clause')) {
        visit(child, outer, inner, node.type);
      }
    }
    if (previous !== START) bag.add(mix(mix(START, previous), END));
  };
  visit(definition, START, START, '');
}

/** The four feature bags of a definition (shared tables: valid until the next call). */
export function featureBags(definition: SyntaxNode, tokens: NormalTokens): FeatureBags {
  const bags = shared;
  for (const name of CHANNELS) bags[name].clear();
  const nameMark = textHash('$name');
  let a = START;
  let b = START;
  for (let i = 0; i < tokens.length; i++) {
    const h = tokens.hash[i]!;
    const isName = tokens.name[i]!;
    const ab = mix(a, b);
    bags.tokens.add(mix(b, h));
    bags.tokens.add(mix(ab, h) ^ 0x5bd1e995);
    a = b;
    b = h;
    bags.syntax.add(mix(tokens.context[i]!, isName ? nameMark : h));
    if (isName) for (const f of nameFeatures(tokens.text[i]!)) bags.names.add(f);
  }
  flowFeatures(definition, bags.flow);
  return bags;
}

// Scratch for one channel, reused (the core is synchronous): a fresh one per vector costs an
// off-heap allocation each time.
let scratch = new Float64Array(VECTOR_DIMENSIONS);

/**
 * Hash the bags into one unit-length vector: each channel unit length, scaled by √weight. Written
 * into `into` (all zeros, `dimensions` long) when given, else into a new array.
 */
export function hashBags(
  bags: FeatureBags,
  dimensions = VECTOR_DIMENSIONS,
  into?: Float32Array,
): Float32Array {
  const vector = into ?? new Float32Array(dimensions);
  if (scratch.length !== dimensions) scratch = new Float64Array(dimensions);
  const channel = scratch;
  const mask = dimensions - 1;
  for (const name of CHANNELS) {
    const bag = bags[name];
    if (bag.size === 0) continue;
    channel.fill(0);
    const salt = SALTS[name];
    bag.forEach((key, count) => {
      const h = mix(key, salt);
      // Damped counts: a feature seen often matters more, but not linearly.
      const value = Math.sqrt(count);
      channel[h & mask]! += h & 0x80000000 ? -value : value;
    });
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
