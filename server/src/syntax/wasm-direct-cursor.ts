/**
 * A faster cursor walk over web-tree-sitter's WASM exports. The library's `TreeCursor` copies its
 * four-word state into the WASM transfer buffer before every call and back after every move (eight
 * generic `setValue`/`getValue` calls per step), because other calls may reuse that buffer. The
 * materialising walk makes only calls that read the cursor from the buffer or move it there, so the
 * state is copied in once at the start and back once at the end. Same exports, same results; about a
 * third of the walk's cost (measured in docs/BENCHMARKS.md).
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { CursorLike } from './materialise';

/** The emscripten module's exports this walk uses (the object given to `Parser.init` becomes it). */
export interface WasmExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const REQUIRED: (keyof WasmExports)[] = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

/** The module as `WasmExports` when it has every export this walk needs (else the library's cursor is used). */
export function directExports(module: Record<string, unknown>): WasmExports | null {
  if (!(module.HEAP32 instanceof Int32Array)) return null;
  return REQUIRED.every((name) => typeof module[name] === 'function')
    ? (module as unknown as WasmExports)
    : null;
}

/** The cursor's four state words, as the library keeps them on the object (indices 0–3). */
type CursorWords = TreeCursor & Record<0 | 1 | 2 | 3, number>;
type TreeAddress = Tree & Record<0, number>;

/**
 * Run `walk` with a cursor over `tree` that reads and moves through the WASM exports directly, then
 * hand the moved state back to `cursor` (so `cursor.delete()` frees what the moves allocated).
 */
export function withDirectCursor<T>(
  exports: WasmExports,
  tree: Tree,
  cursor: TreeCursor,
  walk: (cursor: CursorLike) => T,
): T {
  const words = cursor as CursorWords;
  const address = (tree as TreeAddress)[0];
  // `_ts_init` only returns the transfer buffer's address (and writes two version numbers into it).
  const buffer = exports._ts_init() >> 2;
  for (let i = 0; i < 4; i++) exports.HEAP32[buffer + i] = words[i as 0];
  const e = exports;
  const direct: CursorLike = {
    get nodeTypeId() {
      return e._ts_tree_cursor_current_node_type_id_wasm(address);
    },
    get currentFieldId() {
      return e._ts_tree_cursor_current_field_id_wasm(address);
    },
    get nodeIsNamed() {
      return e._ts_tree_cursor_current_node_is_named_wasm(address) === 1;
    },
    get nodeIsMissing() {
      return e._ts_tree_cursor_current_node_is_missing_wasm(address) === 1;
    },
    get startIndex() {
      return e._ts_tree_cursor_start_index_wasm(address);
    },
    get endIndex() {
      return e._ts_tree_cursor_end_index_wasm(address);
    },
    // Names need the language's tables; `materialise` is given them, so these are never read.
    get nodeType(): string {
      throw new Error('the direct cursor reads type ids only');
    },
    get currentFieldName(): string | null {
      throw new Error('the direct cursor reads field ids only');
    },
    gotoFirstChild: () => e._ts_tree_cursor_goto_first_child_wasm(address) === 1,
    gotoNextSibling: () => e._ts_tree_cursor_goto_next_sibling_wasm(address) === 1,
    gotoParent: () => e._ts_tree_cursor_goto_parent_wasm(address) === 1,
  };
  try {
    return walk(direct);
  } finally {
    // Memory may have grown during the walk: read through the current view.
    for (let i = 0; i < 4; i++) words[i as 0] = exports.HEAP32[buffer + i]!;
  }
}
