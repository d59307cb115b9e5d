/**
 * Maps the lines of the last saved analysis to the lines of the buffer as it is being edited, so
 * lenses, hovers and diagnostics follow the code between saves. Each edit shifts the lines after it;
 * lines an edit rewrites are dropped until the next save analyses the file again.
 */
import type { Range } from 'vscode-languageserver';

/** Current line (0-based) of each saved line, or -1 once an edit has rewritten it. */
export type LineMap = Int32Array;

/** The identity map for a file of `lineCount` lines. */
export function identityMap(lineCount: number): LineMap {
  const map = new Int32Array(Math.max(lineCount, 1));
  for (let i = 0; i < map.length; i++) map[i] = i;
  return map;
}

/** Apply one edit (a range replaced by `text`) to the map, in place. */
export function applyEdit(map: LineMap, range: Range, text: string): void {
  const start = range.start.line;
  const end = range.end.line;
  const added = countNewlines(text);
  const delta = added - (end - start);
  // Inserting whole lines at column 0 of a line pushes that line down instead of rewriting it.
  const pushesStartLine = range.start.character === 0 && start === end && range.end.character === 0;
  for (let i = 0; i < map.length; i++) {
    const line = map[i]!;
    if (line < 0 || line < start) continue;
    if (line > end) map[i] = line + delta;
    else if (line === start) map[i] = pushesStartLine ? line + added : line;
    else map[i] = -1;
  }
}

/** Current line of saved line `line` (0-based), or -1 when it no longer exists. */
export function mapLine(map: LineMap, line: number): number {
  return line >= 0 && line < map.length ? map[line]! : -1;
}

/**
 * Current 0-based line range of a saved 1-based inclusive range: its start must survive; the end is
 * the last surviving line at or before the saved end. Null when the start line was rewritten.
 */
export function mapLineRange(map: LineMap, lineRange: [number, number]): [number, number] | null {
  const start = mapLine(map, lineRange[0] - 1);
  if (start < 0) return null;
  for (let line = lineRange[1] - 1; line >= lineRange[0] - 1; line--) {
    const mapped = mapLine(map, line);
    if (mapped >= start) return [start, mapped];
  }
  return [start, start];
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
