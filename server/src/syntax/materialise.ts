/**
 * Copies a tree-sitter tree into plain `SyntaxNode` objects with one cursor walk. Both bindings expose
 * the same cursor API, so one function serves the native and WASM adapters.
 */
import type { SyntaxNode, SyntaxTree } from '../core/syntax-tree';

/** The subset of a tree-sitter TreeCursor both bindings share. */
export interface CursorLike {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly currentFieldName: string | null | undefined;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** Tables that turn a language's numeric ids into strings once, not per node. */
export interface LanguageTables {
  readonly types: string[];
  readonly fields: (string | null)[];
  /** Whether each type id is a named node type. */
  readonly named: boolean[];
}

const MAX_ERROR_ROWS = 5;

/**
 * Punctuation the core never reads. Left out of the plain tree (when it hangs under no field), which
 * saves about a third of the node objects and their garbage; operators and keywords are kept.
 */
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '=', '->']);

/** Offsets of line starts, for turning offsets into rows without asking the binding per node. */
function lineStarts(source: string): Int32Array {
  let count = 1;
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) count++;
  const starts = new Int32Array(count);
  let row = 1;
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts[row++] = i + 1;
  return starts;
}

function rowAt(starts: Int32Array, offset: number, hint: number): number {
  // Nodes arrive in document order, so a forward scan from the last row is usually one or two steps.
  let row = hint;
  if (row >= starts.length || starts[row]! > offset) row = 0;
  while (row + 1 < starts.length && starts[row + 1]! <= offset) row++;
  return row;
}

/**
 * The children of every leaf: one shared empty array (nothing in the core modifies a node's
 * children). Other nodes get an array of exactly their children, copied from a scratch list per
 * depth when the node is finished: no empty arrays and no over-grown ones kept alive per node.
 */
const NO_CHILDREN: SyntaxNode[] = [];

type Building = { -readonly [K in keyof SyntaxNode]: SyntaxNode[K] };

const punctuationCache = new WeakMap<LanguageTables, Uint8Array>();

/** 1 for every type id whose name is punctuation (a grammar may give one name several ids). */
function punctuationIds(tables: LanguageTables): Uint8Array {
  let ids = punctuationCache.get(tables);
  if (!ids) {
    // Indexed by any 16-bit id (ERROR's is 0xFFFF, outside the table).
    ids = new Uint8Array(0x10000);
    tables.types.forEach((type, id) => {
      if (PUNCTUATION.has(type)) ids![id] = 1;
    });
    punctuationCache.set(tables, ids);
  }
  return ids;
}

/** Inside `case` patterns a comma is meaningful (`case y,:` and `case (y,):` are tuples, not captures). */
function keepsPunctuation(type: string): boolean {
  return type.startsWith('case') || type.endsWith('_pattern');
}

/**
 * Walk `cursor` (positioned at the root) and build the plain tree. With `tables`, types and fields are
 * looked up by id (cheap in WASM); without, the cursor's own strings are used (the native binding).
 */
export function materialise(cursor: CursorLike, source: string, tables?: LanguageTables): SyntaxTree {
  const starts = lineStarts(source);
  let hint = 0;
  let errorCount = 0;
  const errorRows: number[] = [];
  // Each cursor getter is a call into WASM: read the type and field ids once per node.
  let typeId = -1;
  let fieldId = 0;
  const make = (): SyntaxNode => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const type = tables ? (tables.types[typeId] ?? 'ERROR') : cursor.nodeType;
    const startRow = rowAt(starts, start, hint);
    hint = startRow;
    const endRow = end > start ? rowAt(starts, end - 1, startRow) : startRow;
    // MISSING nodes are zero-width, so only those need the (costly) question.
    const missing = end === start && cursor.nodeIsMissing;
    if (type === 'ERROR' || missing) {
      errorCount++;
      if (errorRows.length < MAX_ERROR_ROWS) errorRows.push(startRow);
    }
    return {
      type: missing ? `MISSING ${type}` : type,
      // ERROR has an id outside the language's table (0xFFFF) and is a named node.
      named: tables ? (tables.named[typeId] ?? true) : cursor.nodeIsNamed,
      field: (tables ? tables.fields[fieldId] : cursor.currentFieldName) ?? null,
      start,
      end,
      startRow,
      endRow,
      children: NO_CHILDREN,
    };
  };
  if (tables) typeId = cursor.nodeTypeId;
  const root = make();
  const stack: Building[] = [root];
  // keeps[d]: whether punctuation under stack[d] is kept (asked once per parent, not per child).
  const keeps: boolean[] = [keepsPunctuation(root.type)];
  // scratch[d]: the children found so far of stack[d].
  const scratch: SyntaxNode[][] = [[]];
  const finish = (node: Building, depth: number): void => {
    const found = scratch[depth]!;
    if (found.length > 0) {
      node.children = found.slice();
      found.length = 0;
    }
  };
  const skipped = tables ? punctuationIds(tables) : null;
  const isPunctuation = (): boolean => {
    if (tables) {
      typeId = cursor.nodeTypeId;
      fieldId = cursor.currentFieldId;
    }
    if (keeps[stack.length - 1]) return false;
    return skipped
      ? skipped[typeId & 0xffff] === 1 && fieldId === 0 && !cursor.nodeIsMissing
      : PUNCTUATION.has(cursor.nodeType) && !cursor.currentFieldName && !cursor.nodeIsMissing;
  };
  if (cursor.gotoFirstChild()) {
    for (;;) {
      // Punctuation is a leaf: skip it without descending.
      if (!isPunctuation()) {
        const node = make();
        scratch[stack.length - 1]!.push(node);
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          keeps[stack.length - 1] = keepsPunctuation(node.type);
          if (scratch.length < stack.length) scratch.push([]);
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { root, source, errorCount, errorRows };
        finish(stack.pop()!, stack.length);
      }
    }
  }
  return { root, source, errorCount, errorRows };
}
