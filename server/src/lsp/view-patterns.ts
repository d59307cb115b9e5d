/**
 * Where a file view's patterns are now: their saved line ranges mapped through the edits since the
 * save, with the name's range found in the current text. Lenses, hovers, diagnostics and code
 * actions all place themselves through this.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { PatternRecord } from '../core/pattern';
import { lineSpan, nameRange } from './convert';
import { mapLineRange } from './line-map';
import type { FileView, Session } from './session';

/** A pattern with its current position in the buffer. */
export interface PlacedPattern {
  pattern: PatternRecord;
  /** Whole definition, decorators included. */
  range: Range;
  /** The name after `def`/`class`. */
  nameRange: Range;
}

/** The view's patterns that still exist in the buffer, placed on its current lines. */
export function placedPatterns(session: Session, view: FileView): PlacedPattern[] {
  const document = session.documents.get(view.uri);
  if (!document) return [];
  const lines = document.getText().split('\n');
  const placed: PlacedPattern[] = [];
  for (const pattern of view.patterns) {
    // A design pattern's own record sits on its anchor's lines; the definitions carry their roles.
    if (pattern.patternType === 'design_pattern') continue;
    const span = mapLineRange(view.lineMap, pattern.lineRange);
    if (!span) continue;
    placed.push({
      pattern,
      range: lineSpan(span[0], span[1], lines),
      nameRange: nameRange(lines, pattern.name, span[0], span[1]),
    });
  }
  return placed;
}

/** The innermost placed pattern containing `position`, or null. */
export function patternAt(placed: PlacedPattern[], position: Position): PlacedPattern | null {
  let best: PlacedPattern | null = null;
  for (const p of placed) {
    if (position.line < p.range.start.line || position.line > p.range.end.line) continue;
    if (!best || p.range.start.line >= best.range.start.line) best = p;
  }
  return best;
}
