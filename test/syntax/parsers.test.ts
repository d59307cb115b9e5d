import { beforeAll, describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../server/src/core/syntax-tree';
import { loadPythonParser } from '../../server/src/syntax/load-parser';
import { loadNativeParser } from '../../server/src/syntax/native-parser';
import type { PythonParser } from '../../server/src/syntax/python-parser';
import { loadWasmParser } from '../../server/src/syntax/wasm-parser';

let wasm: PythonParser;
let native: PythonParser;
beforeAll(async () => {
  wasm = await loadWasmParser();
  native = loadNativeParser();
});

const SOURCES: Record<string, string> = {
  'non-ASCII and astral characters': 'def f(é="ü😀"):\n    return é  # ñ\n',
  'syntax errors and missing tokens':
    'def good(a):\n    return (a\n\ndef broken(:\n    pass\nclass C:\n    x = [1, 2\n',
  'Python 3.12 syntax':
    'type P[T] = tuple[T, T]\ndef f[T: int](x: T) -> T:\n    match x:\n        case y,:\n            return f"{x!r:>{10}}"\n',
  operators: 'x = a and b or not c\ny = -1 ** 2 @ m if p else q\nz += 1\n',
};

function find(node: SyntaxNode, type: string): SyntaxNode | undefined {
  if (node.type === type) return node;
  for (const c of node.children) {
    const hit = find(c, type);
    if (hit) return hit;
  }
  return undefined;
}

describe('parser adapters', () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`build identical plain trees from WASM and native tree-sitter: ${name}`, () => {
      expect(wasm.parse(source)).toEqual(native.parse(source));
    });
  }

  it('use UTF-16 offsets, so slicing the JS string gives the node text', () => {
    const source = SOURCES['non-ASCII and astral characters']!;
    const tree = wasm.parse(source);
    const ret = find(tree.root, 'return_statement')!;
    expect(source.slice(ret.start, ret.end)).toBe('return é');
    expect(ret.startRow).toBe(1);
  });

  it('count ERROR and MISSING nodes and keep ERROR named', () => {
    const tree = wasm.parse(SOURCES['syntax errors and missing tokens']!);
    expect(tree.errorCount).toBeGreaterThan(0);
    expect(tree.errorRows[0]).toBeGreaterThanOrEqual(1);
    const error = find(tree.root, 'ERROR');
    expect(error?.named).toBe(true);
  });

  it('leave out punctuation but keep operators, keywords and commas inside case patterns', () => {
    const tree = wasm.parse(SOURCES['Python 3.12 syntax']!);
    const types = new Set<string>();
    const collect = (n: SyntaxNode) => {
      types.add(n.type);
      if (!n.type.startsWith('case')) n.children.forEach(collect);
    };
    collect(tree.root);
    expect(types.has('(')).toBe(false);
    expect(types.has(':')).toBe(false);
    expect(find(tree.root, 'case_clause')?.children.map((c) => c.type)).toContain(',');
    const ops = wasm.parse(SOURCES.operators!);
    const all: string[] = [];
    const list = (n: SyntaxNode) => {
      all.push(n.type);
      n.children.forEach(list);
    };
    list(ops.root);
    expect(all).toEqual(expect.arrayContaining(['and', 'or', 'not', '-', '**', '@', 'if', 'else', '+=']));
  });

  it('load WASM by default and fall back to the other binding when asked for one that works', async () => {
    expect((await loadPythonParser()).parser.backend).toBe('wasm');
    expect((await loadPythonParser('native')).parser.backend).toBe('native');
  });
});
