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
