/**
 * The one error the coverage readers throw: a report that cannot be read, is of an unknown format or is
 * malformed. The message is one line naming the report, the format and what is wrong.
 */

/** The report formats Motif reads. */
export type CoverageFormat = 'cobertura' | 'coveragepy-json' | 'lcov';

const LABELS: Record<CoverageFormat, string> = {
  cobertura: 'Cobertura XML',
  'coveragepy-json': 'coverage.py JSON',
  lcov: 'LCOV',
};

/** A coverage report could not be used; `format` is null when it was not recognised. */
export class CoverageError extends Error {
  override readonly name = 'CoverageError';

  constructor(
    readonly reportPath: string,
    readonly format: CoverageFormat | null,
    readonly problem: string,
  ) {
    super(`${reportPath}${format ? ` (${LABELS[format]})` : ''}: ${problem}`);
  }
}

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
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
