/**
 * Reads coverage.py's JSON report (`coverage json`): per file, `executed_lines` and `missing_lines`
 * make the executable lines and `excluded_lines` (`# pragma: no cover`) are taken out of both.
 */
import { CoverageError } from './coverage-error';
import { lineNumber, type ParsedReport, type ReportedFile } from './parsed-report';

/** Parses a coverage.py JSON report; throws `CoverageError` for invalid JSON or an unexpected shape. */
export function parseCoveragePyJson(text: string, reportPath: string): ParsedReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoverageError(reportPath, 'coveragepy-json', `invalid JSON (${(error as Error).message})`);
  }
  const filesValue = (data as { files?: unknown } | null)?.files;
  if (typeof filesValue !== 'object' || filesValue === null || Array.isArray(filesValue)) {
    throw new CoverageError(reportPath, null, 'JSON without a "files" object: not a coverage.py JSON report');
  }
  const files: ReportedFile[] = [];
  for (const [path, entry] of Object.entries(filesValue)) {
    const lines = (key: string, required: boolean): number[] => {
      const value = (entry as Record<string, unknown> | null)?.[key];
      if (value === undefined && !required) return [];
      // coverage.py lists line 0 as executed for a module with no statements (it ran): not a line.
      const numbers = Array.isArray(value) ? value.filter((v) => v !== 0).map(lineNumber) : null;
      if (numbers === null || numbers.some((n) => n === null)) {
        throw new CoverageError(
          reportPath,
          'coveragepy-json',
          `files["${path}"].${key} is not a list of line numbers`,
        );
      }
      return numbers as number[];
    };
    const excluded = new Set(lines('excluded_lines', false));
    const executed = lines('executed_lines', true).filter((n) => !excluded.has(n));
    const missing = lines('missing_lines', true).filter((n) => !excluded.has(n));
    files.push({ path, executable: new Set([...executed, ...missing]), covered: new Set(executed) });
  }
  return { bases: [], files };
}
