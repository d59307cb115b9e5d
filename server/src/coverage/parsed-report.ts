/**
 * What the format parsers return before report paths are mapped to the indexed root, and the one
 * check they share: a line number is an integer ≥ 1.
 */

/** One file's lines as a report names them, before its path is mapped to the indexed root. */
export interface ReportedFile {
  /** The path as written in the report (absolute or relative). */
  path: string;
  executable: Set<number>;
  covered: Set<number>;
}

/** What a parser read: the files and the folders their relative paths may be relative to. */
export interface ParsedReport {
  /** Cobertura's `<source>` folders; empty for formats without them. */
  bases: string[];
  files: ReportedFile[];
}

/** Parses a line number: an integer ≥ 1, or null. */
export function lineNumber(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
