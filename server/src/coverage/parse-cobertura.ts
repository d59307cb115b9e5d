/**
 * Reads Cobertura XML (coverage.py's `coverage xml`, also pytest-cov and most CI tools): `<source>`
 * folders, and per `<class filename=…>` its `<line number= hits=>` elements (class-level and per method).
 * Classes naming the same file are merged.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CoverageError } from './coverage-error';
import { lineNumber, type ParsedReport, type ReportedFile } from './parsed-report';

type Node = Record<string, unknown>;

const REPEATED = new Set(['source', 'package', 'class', 'method', 'line']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

/** Parses a Cobertura report; throws `CoverageError` for malformed XML or a missing `filename`/`number`. */
export function parseCobertura(text: string, reportPath: string): ParsedReport {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CoverageError(reportPath, 'cobertura', `malformed XML ${describeXmlError(valid.err)}`);
  }
  const document = parser.parse(text) as Node;
  const coverage = document.coverage;
  if (!isNode(coverage) || !('packages' in coverage)) {
    const rootName = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'none';
    throw new CoverageError(
      reportPath,
      null,
      `XML whose root is <${rootName}>, not Cobertura's <coverage><packages>`,
    );
  }
  const bases = children(coverage.sources, 'source')
    .map((source) => (typeof source === 'string' ? source.trim() : ''))
    .filter((source) => source !== '');
  const byPath = new Map<string, ReportedFile>();
  for (const pkg of children(coverage.packages, 'package')) {
    for (const cls of children(isNode(pkg) ? pkg.classes : undefined, 'class')) {
      if (!isNode(cls) || typeof cls['@_filename'] !== 'string' || cls['@_filename'] === '') {
        throw new CoverageError(reportPath, 'cobertura', '<class> without a filename attribute');
      }
      const path = cls['@_filename'];
      const file = byPath.get(path) ?? { path, executable: new Set<number>(), covered: new Set<number>() };
      byPath.set(path, file);
      const methodLines = children(cls.methods, 'method').flatMap((m) =>
        children(isNode(m) ? m.lines : undefined, 'line'),
      );
      for (const line of [...children(cls.lines, 'line'), ...methodLines]) addLine(file, line, reportPath);
    }
  }
  return { bases, files: [...byPath.values()] };
}

function addLine(file: ReportedFile, line: unknown, reportPath: string): void {
  const number = isNode(line) ? lineNumber(line['@_number']) : null;
  const rawHits = isNode(line) ? line['@_hits'] : undefined;
  const hits = typeof rawHits === 'string' && /^\s*-?\d+\s*$/.test(rawHits) ? Number(rawHits) : NaN;
  if (number === null || Number.isNaN(hits)) {
    const shown = isNode(line) ? `number="${line['@_number']}" hits="${rawHits}"` : 'no attributes';
    throw new CoverageError(reportPath, 'cobertura', `${file.path}: bad <line> (${shown})`);
  }
  file.executable.add(number);
  if (hits > 0) file.covered.add(number);
}

/** Where and what: the validator reports unclosed tags as a JSON list at line 1, so name them instead. */
function describeXmlError(err: { code: string; msg: string; line: number }): string {
  const unclosed = /^Invalid '\[(.*)\]' found\.$/s.exec(err.msg);
  if (err.code === 'InvalidXml' && unclosed) {
    const tags = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((match) => `<${match[1]}>`);
    return `at end of file: unclosed ${tags.join(' ')} (truncated file?)`;
  }
  return `at line ${err.line}: ${err.msg.replace(/\s+/g, ' ')}`;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `name` children of an element; an empty element (`<lines/>`) parses as '' and has none. */
function children(parent: unknown, name: string): unknown[] {
  if (!isNode(parent)) return [];
  const value = parent[name];
  return Array.isArray(value) ? value : [];
}
