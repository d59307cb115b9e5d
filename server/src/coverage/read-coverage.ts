/**
 * Reads a test-coverage report for Python code — Cobertura XML, coverage.py JSON or LCOV, told apart by
 * content — into executable and covered lines per file, keyed by path relative to the indexed root.
 * See `map-report-paths.ts` for how report paths are matched to files under the root.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { FileCoverage } from '../core/coverage';
import { errorCode } from '../files/discovery-fs';
import { CoverageError, type CoverageFormat } from './coverage-error';
import { mapReportPaths } from './map-report-paths';
import { parseCobertura } from './parse-cobertura';
import { parseCoveragePyJson } from './parse-coveragepy-json';
import { parseLcov } from './parse-lcov';
import type { ParsedReport } from './parsed-report';

export type { FileCoverage } from '../core/coverage';
export { CoverageError, type CoverageFormat } from './coverage-error';

/** A report's line coverage per file under the root. */
export interface CoverageData {
  format: CoverageFormat;
  /** The report's absolute path. */
  source: string;
  /** Key: path relative to the indexed root, forward slashes. */
  files: Map<string, FileCoverage>;
  /** Paths the report names that match no file under the root (other projects, deleted files). */
  unmapped: string[];
}

/** Where `findDefaultCoverageReport` looks, relative to the root, in order. */
export const DEFAULT_REPORT_NAMES = [
  'coverage.xml',
  'coverage.json',
  'lcov.info',
  'coverage/lcov.info',
] as const;

/** Reads and maps a coverage report; throws `CoverageError` when it cannot be read, recognised or parsed. */
export async function readCoverage(reportPath: string, options: { root: string }): Promise<CoverageData> {
  const source = path.resolve(reportPath);
  let text: string;
  try {
    text = await fsp.readFile(source, 'utf8');
  } catch (error) {
    throw new CoverageError(source, null, `cannot read the report (${errorCode(error)})`);
  }
  const format = detectCoverageFormat(text);
  if (format === null) {
    const problem =
      text.trim() === ''
        ? 'the report is empty'
        : 'unrecognised format (expected Cobertura XML, coverage.py JSON or LCOV)';
    throw new CoverageError(source, null, problem);
  }
  const parsed = parseReport(format, text, source);
  const mapped = await mapReportPaths(parsed, { root: options.root, reportDir: path.dirname(source) });
  return { format, source, ...mapped };
}

/** Tells the format from the first meaningful characters: `<` XML, `{` JSON, `TN:`/`SF:` LCOV; null otherwise. */
export function detectCoverageFormat(text: string): CoverageFormat | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return 'cobertura';
  if (start.startsWith('{')) return 'coveragepy-json';
  if (/^(TN|SF):/.test(start)) return 'lcov';
  return null;
}

function parseReport(format: CoverageFormat, text: string, source: string): ParsedReport {
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'cobertura') return parseCobertura(body, source);
  if (format === 'coveragepy-json') return parseCoveragePyJson(body, source);
  return parseLcov(body, source);
}

/** The first of `coverage.xml`, `coverage.json`, `lcov.info`, `coverage/lcov.info` that is a file under root, or null. */
export async function findDefaultCoverageReport(root: string): Promise<string | null> {
  for (const name of DEFAULT_REPORT_NAMES) {
    const candidate = path.resolve(root, name);
    const isFile = await fsp.stat(candidate).then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (isFile) return candidate;
  }
  return null;
}
