/**
 * The direct cursor is used only when the emscripten module has every export it calls; otherwise the
 * WASM adapter keeps the library's cursor. (Its trees are pinned equal to the native binding's in
 * parsers.test.ts, which runs the WASM adapter with the direct cursor.)
 */
import { describe, expect, it } from 'vitest';
import { directExports } from '../../server/src/syntax/wasm-direct-cursor';

describe('directExports', () => {
  it('refuses a module without the heap view or without one of the cursor exports', () => {
    const fn = () => 0;
    const full: Record<string, unknown> = { HEAP32: new Int32Array(4), _ts_init: fn };
    for (const name of [
      'goto_first_child',
      'goto_next_sibling',
      'goto_parent',
      'current_node_type_id',
      'current_field_id',
      'current_node_is_named',
      'current_node_is_missing',
      'start_index',
      'end_index',
    ]) {
      full[`_ts_tree_cursor_${name}_wasm`] = fn;
    }
    expect(directExports(full)).toBe(full);
    expect(directExports({ ...full, HEAP32: undefined })).toBeNull();
    const { _ts_tree_cursor_goto_parent_wasm: _gone, ...partial } = full;
    expect(directExports(partial)).toBeNull();
    expect(directExports({})).toBeNull();
  });
});
