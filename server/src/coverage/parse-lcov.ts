/**
 * Reads LCOV tracefiles (coverage.py's `coverage lcov`, istanbul, genhtml's input): `SF:` opens a file's
 * record, `DA:line,hits[,checksum]` gives a line, `end_of_record` closes it. Other record types
 * (functions, branches, totals) are skipped; a truncated file or a malformed `DA` line is an error.
 */
import { CoverageError } from './coverage-error';
import { lineNumber, type ParsedReport, type ReportedFile } from './parsed-report';

/** Parses an LCOV tracefile; throws `CoverageError` naming the offending line. */
export function parseLcov(text: string, reportPath: string): ParsedReport {
  const fail = (lineNo: number, problem: string) =>
    new CoverageError(reportPath, 'lcov', `line ${lineNo}: ${problem}`);
  const files: ReportedFile[] = [];
  let current: ReportedFile | null = null;
  let openedAt = 0;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    const lineNo = index + 1;
    if (line === '') continue;
    if (line === 'end_of_record') {
      if (current === null) throw fail(lineNo, 'end_of_record without a preceding SF: line');
      files.push(current);
      current = null;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    if (key === 'SF') {
      if (current !== null) throw fail(lineNo, `SF: before the end_of_record of ${current.path}`);
      if (value.trim() === '') throw fail(lineNo, 'SF: without a path');
      current = { path: value.trim(), executable: new Set(), covered: new Set() };
      openedAt = lineNo;
    } else if (key === 'DA') {
      if (current === null) throw fail(lineNo, 'DA: outside a file record (no SF: before it)');
      const [rawLine, rawHits] = value.split(',');
      const number = lineNumber(rawLine);
      const hits = rawHits !== undefined && /^\s*-?\d+\s*$/.test(rawHits) ? Number(rawHits) : NaN;
      if (number === null || Number.isNaN(hits))
        throw fail(lineNo, `malformed DA: "${line}" (expected DA:<line>,<hits>)`);
      current.executable.add(number);
      if (hits > 0) current.covered.add(number);
    } else if (!/^[A-Z]+$/.test(key)) {
      throw fail(lineNo, `unexpected content "${line.slice(0, 60)}"`);
    }
  }
  if (current !== null)
    throw fail(openedAt, `record for ${current.path} has no end_of_record (truncated file?)`);
  return { bases: [], files };
}
