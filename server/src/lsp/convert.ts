/**
 * The one place core types become LSP types: patterns to summaries, details and ranges, paths to
 * URIs, and tree-sitter's UTF-8 byte columns to LSP's UTF-16 positions. Nothing else in the server
 * builds protocol shapes from core data.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { ComponentDetail, PatternDetail, PatternSummary } from '../../../shared/protocol';
import { QUALITY_COMPONENTS } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import { toPatternJson } from '../core/pattern-json';
import { relativeWithin } from '../files/relative-within';

/** A `file:` URI for a path relative to `root`. */
export function uriOf(root: string, filePath: string): string {
  return pathToFileURL(path.join(root, filePath)).href;
}

/** The absolute file path of a `file:` URI, or null for other schemes. */
export function fsPathOf(uri: string): string | null {
  return uri.startsWith('file:') ? fileURLToPath(uri) : null;
}

/** The path of `absolute` relative to `root` with forward slashes (the store's key), or null if outside. */
export function relativePathOf(root: string, absolute: string): string | null {
  return relativeWithin(root, absolute) || null;
}

/** The UTF-16 column of a UTF-8 byte column in `lineText` (tree-sitter counts bytes, LSP UTF-16 units). */
export function utf16Column(lineText: string, byteColumn: number): number {
  let bytes = 0;
  let i = 0;
  while (i < lineText.length && bytes < byteColumn) {
    const code = lineText.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** The position of UTF-16 offset `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * The range of a definition's name (`def name` / `class name`) in `lines`, searching from line
 * `startLine` (decorators come first) up to `endLine`; the whole start line when it is not found.
 */
export function nameRange(lines: readonly string[], name: string, startLine: number, endLine: number): Range {
  const pattern = new RegExp(`\\b(?:def|class)\\s+(${escapeRegExp(name)})(?![\\p{L}\\p{N}_])`, 'u');
  for (let line = startLine; line <= Math.min(endLine, lines.length - 1); line++) {
    const match = pattern.exec(lines[line] ?? '');
    if (match) {
      const character = match.index + match[0].length - name.length;
      return { start: { line, character }, end: { line, character: character + name.length } };
    }
  }
  const text = lines[startLine] ?? '';
  return { start: { line: startLine, character: 0 }, end: { line: startLine, character: text.length } };
}

/** Every occurrence of `name` as a whole identifier in `text`, as ranges (UTF-16 columns). */
export function identifierRanges(text: string, name: string): Range[] {
  const ranges: Range[] = [];
  // Not the definition itself (`def name`), not an attribute of something else (`x.name`).
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_.])(?<!(?:def|class)\\s+)${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`,
    'gu',
  );
  text.split('\n').forEach((lineText, line) => {
    for (const match of lineText.matchAll(pattern)) {
      ranges.push({
        start: { line, character: match.index },
        end: { line, character: match.index + name.length },
      });
    }
  });
  return ranges;
}

/** The LSP range of a pattern given its current 0-based start and end lines. */
export function lineSpan(start: number, end: number, lines: readonly string[]): Range {
  return { start: { line: start, character: 0 }, end: { line: end, character: (lines[end] ?? '').length } };
}

/** Design patterns a record takes part in, as `Name (role)` (from the graph issue's detectors). */
export function designPatternsOf(p: PatternRecord): string[] {
  return [...new Set((p.designPatterns ?? []).map((d) => `${d.name} (${d.role})`))];
}

/** A pattern as lists show it; `range` is its stored line range unless a current one is given. */
export function toSummary(p: PatternRecord, root: string, range?: Range): PatternSummary {
  return {
    id: p.id,
    name: p.name,
    qualifiedName: p.qualifiedName,
    kind: p.kind,
    patternType: p.patternType,
    patternName: p.patternName,
    category: p.category,
    filePath: p.filePath,
    uri: uriOf(root, p.filePath),
    range: range ?? {
      start: { line: p.lineRange[0] - 1, character: 0 },
      end: { line: p.lineRange[1] - 1, character: 0 },
    },
    quality: p.quality.total,
    usageCount: p.usageCount,
    usageFiles: p.usageFiles,
    designPatterns: designPatternsOf(p),
  };
}

/** The quality components with their evidence, in the seed's order. */
export function componentsOf(p: PatternRecord): ComponentDetail[] {
  return QUALITY_COMPONENTS.map((name) => {
    const c = p.quality.components[name];
    return {
      name,
      score: c.score,
      weight: c.weight,
      effectiveWeight: c.effectiveWeight,
      evidence: c.evidence,
    };
  });
}

/** Everything about a pattern, for the details view. */
export function toDetail(p: PatternRecord, root: string, range?: Range): PatternDetail {
  const json = toPatternJson(p);
  return {
    ...toSummary(p, root, range),
    signature: p.signature,
    docstring: p.docstring,
    tags: p.tags,
    dependencies: p.dependencies,
    components: componentsOf(p),
    coverage: p.metrics.coverage,
    metrics: json.metrics as PatternDetail['metrics'],
    relationships: [],
    json,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
