/**
 * The core-to-LSP conversions: UTF-8 byte columns to UTF-16, name ranges and reference sites on lines
 * with non-ASCII text (LSP counts UTF-16 code units), and the line map that moves the saved analysis
 * through edits.
 */
import { describe, expect, it } from 'vitest';
import {
  identifierRanges,
  nameRange,
  positionAt,
  relativePathOf,
  utf16Column,
} from '../../server/src/lsp/convert';
import { applyEdit, identityMap, mapLineRange } from '../../server/src/lsp/line-map';

describe('UTF-16 positions', () => {
  it('converts UTF-8 byte columns to UTF-16 columns past accents and astral characters', () => {
    const line = 's = "é😀"; café()';
    // bytes: s␠=␠" (5) é (2) 😀 (4) "; ␠ (3) → café starts at byte 14, UTF-16 column 11.
    expect(utf16Column(line, 14)).toBe(11);
    expect(utf16Column(line, 0)).toBe(0);
    expect(utf16Column('abc', 99)).toBe(3);
  });

  it('finds a non-ASCII definition name after decorators, in UTF-16 units', () => {
    const lines = ['@cache  # ☃', 'def café(x: str) -> str:', '    return x'];
    expect(nameRange(lines, 'café', 0, 2)).toEqual({
      start: { line: 1, character: 4 },
      end: { line: 1, character: 8 },
    });
  });

  it('finds reference sites but not the definition or attributes of other objects', () => {
    const text = 'from m import café\nx = "😀"; café(1)\ny = obj.café\ndef café():\n    pass';
    const ranges = identifierRanges(text, 'café').map((r) => [r.start.line, r.start.character]);
    expect(ranges).toEqual([
      [0, 14],
      [1, 10],
    ]);
  });

  it('positions of UTF-16 offsets count lines and units', () => {
    expect(positionAt('a😀\nbc', 5)).toEqual({ line: 1, character: 1 });
  });

  it('paths outside the workspace have no relative path', () => {
    expect(relativePathOf('/w/root', '/w/root/pkg/a.py')).toBe('pkg/a.py');
    expect(relativePathOf('/w/root', '/w/other/a.py')).toBeNull();
  });
});

describe('line map between saves', () => {
  const range = (sl: number, sc: number, el: number, ec: number) => ({
    start: { line: sl, character: sc },
    end: { line: el, character: ec },
  });

  it('lines inserted above a definition move it down', () => {
    const map = identityMap(10);
    applyEdit(map, range(2, 0, 2, 0), 'a\nb\n');
    expect(mapLineRange(map, [4, 6])).toEqual([5, 7]);
    expect(mapLineRange(map, [1, 2])).toEqual([0, 1]);
  });

  it('typing inside a line keeps the line; deleting lines pulls the rest up', () => {
    const map = identityMap(10);
    applyEdit(map, range(3, 4, 3, 4), 'xyz');
    expect(mapLineRange(map, [4, 5])).toEqual([3, 4]);
    applyEdit(map, range(5, 0, 7, 0), '');
    expect(mapLineRange(map, [9, 10])).toEqual([6, 7]);
  });

  it('a definition whose first line was rewritten disappears until the next save', () => {
    const map = identityMap(10);
    applyEdit(map, range(2, 3, 4, 1), 'q');
    expect(mapLineRange(map, [4, 6])).toBeNull();
    // Its end line was rewritten: the range ends at the last surviving line.
    expect(mapLineRange(map, [1, 5])).toEqual([0, 2]);
  });
});
