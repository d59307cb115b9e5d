/**
 * The coverage readers against real reports of one tiny project (test/fixtures/coverage, made by
 * coverage.py 6.5 through regenerate.sh): exact line sets, agreement between the three formats, path
 * mapping from other machines and checkouts, and one-line errors for malformed reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileCoverage } from '../../server/src/core/coverage';
import {
  CoverageError,
  detectCoverageFormat,
  findDefaultCoverageReport,
  readCoverage,
} from '../../server/src/coverage/read-coverage';
import { makeTree, removeTrees } from '../files/temp-tree';

afterAll(removeTrees);

const PROJECT = path.resolve(__dirname, '../fixtures/coverage/proj');
const REPORTS = [
  ['coverage.xml', 'cobertura'],
  ['coverage.json', 'coveragepy-json'],
  ['lcov.info', 'lcov'],
] as const;

/** pkg/calc.py as `coverage report -m` shows it: 20 statements, lines 9, 15, 23 and 24 missed. */
const CALC_EXECUTABLE = [4, 6, 7, 8, 9, 10, 13, 14, 15, 16, 19, 22, 23, 24, 27, 28, 29, 31, 32, 33];
const CALC_COVERED = [4, 6, 7, 8, 10, 13, 14, 16, 19, 22, 27, 28, 29, 31, 32, 33];

const sorted = (lines: Set<number> | undefined) => [...(lines ?? [])].sort((a, b) => a - b);
const lines = (file: FileCoverage | undefined) => ({
  executable: sorted(file?.executable),
  covered: sorted(file?.covered),
});

describe('reading the fixture reports', () => {
  it.each(REPORTS)('reads %s as %s with exact line sets for pkg/calc.py', async (name, format) => {
    const data = await readCoverage(path.join(PROJECT, name), { root: PROJECT });
    expect(data.format).toBe(format);
    expect(data.source).toBe(path.join(PROJECT, name));
    expect([...data.files.keys()].sort()).toEqual(['pkg/__init__.py', 'pkg/calc.py', 'pkg/quirks.py']);
    expect(data.unmapped).toEqual([]);
    expect(lines(data.files.get('pkg/calc.py'))).toEqual({
      executable: CALC_EXECUTABLE,
      covered: CALC_COVERED,
    });
    expect(lines(data.files.get('pkg/__init__.py'))).toEqual({ executable: [], covered: [] });
  });

  it('gives identical line sets for pkg/calc.py in all three formats', async () => {
    const all = await Promise.all(
      REPORTS.map(([name]) => readCoverage(path.join(PROJECT, name), { root: PROJECT })),
    );
    const [xml, json, lcov] = all.map((data) => data.files.get('pkg/calc.py'));
    expect(json).toEqual(xml);
    expect(lcov).toEqual(xml);
  });

  it("keeps coverage.py 6.5's own differences on docstrings and excluded lines (pkg/quirks.py)", async () => {
    const read = (name: string) => readCoverage(path.join(PROJECT, name), { root: PROJECT });
    // XML lists statements only; JSON and LCOV also list the executed module and class docstrings (1, 5);
    // LCOV also lists the excluded `def describe` line (9), which JSON names in excluded_lines.
    expect(sorted((await read('coverage.xml')).files.get('pkg/quirks.py')?.executable)).toEqual([
      4, 7, 13, 14,
    ]);
    expect(sorted((await read('coverage.json')).files.get('pkg/quirks.py')?.executable)).toEqual([
      1, 4, 5, 7, 13, 14,
    ]);
    expect(sorted((await read('lcov.info')).files.get('pkg/quirks.py')?.executable)).toEqual([
      1, 4, 5, 7, 9, 13, 14,
    ]);
  });

  it('maps the reports of a copy of the project, whose <source> names the original folder', async () => {
    const copy = makeTree({});
    fs.cpSync(PROJECT, copy, { recursive: true });
    for (const [name] of REPORTS) {
      const data = await readCoverage(path.join(copy, name), { root: copy });
      expect(lines(data.files.get('pkg/calc.py'))).toEqual({
        executable: CALC_EXECUTABLE,
        covered: CALC_COVERED,
      });
      expect(data.unmapped).toEqual([]);
    }
  });
});

describe('mapping report paths to the root', () => {
  const lcov = (...records: [string, string][]) =>
    records.map(([file, da]) => `TN:\nSF:${file}\n${da}\nend_of_record\n`).join('');

  it('matches an absolute path from another machine by its longest suffix under the root, and drops others', async () => {
    const root = makeTree({
      'src/pkg/mod.py': '',
      'mod.py': '',
      'report.info': lcov(
        ['/home/ci/build/checkout/src/pkg/mod.py', 'DA:1,1\nDA:2,0'],
        ['/usr/lib/python3/dist-packages/six.py', 'DA:1,1'],
      ),
    });
    const data = await readCoverage(path.join(root, 'report.info'), { root });
    expect([...data.files.keys()]).toEqual(['src/pkg/mod.py']);
    expect(lines(data.files.get('src/pkg/mod.py'))).toEqual({ executable: [1, 2], covered: [1] });
    expect(data.unmapped).toEqual(['/usr/lib/python3/dist-packages/six.py']);
  });

  it('drops the line 0 coverage.py JSON reports for a module without statements', async () => {
    const report = { files: { 'empty.py': { executed_lines: [0], missing_lines: [], excluded_lines: [] } } };
    const root = makeTree({ 'empty.py': '', 'coverage.json': JSON.stringify(report) });
    const data = await readCoverage(path.join(root, 'coverage.json'), { root });
    expect(lines(data.files.get('empty.py'))).toEqual({ executable: [], covered: [] });
  });

  it('resolves relative paths against each <source>, then the report folder, then the root', async () => {
    const root = makeTree({
      'src/pkg/mod.py': '',
      'reports/coverage.xml': `<?xml version="1.0" ?>
<coverage version="7.0"><sources><source>/nowhere/else</source><source>../src</source></sources>
<packages><package name="pkg"><classes>
<class name="mod.py" filename="pkg/mod.py"><methods/><lines><line number="3" hits="2"/><line number="5" hits="0"/></lines></class>
</classes></package></packages></coverage>`,
      'reports/coverage.json': JSON.stringify({
        files: { 'src/pkg/mod.py': { executed_lines: [3], missing_lines: [5] } },
      }),
    });
    for (const name of ['reports/coverage.xml', 'reports/coverage.json']) {
      const data = await readCoverage(path.join(root, name), { root });
      expect(lines(data.files.get('src/pkg/mod.py'))).toEqual({ executable: [3, 5], covered: [3] });
    }
  });

  it('accepts absolute paths under the real path of a root reached through a symlink', async () => {
    const real = makeTree({ 'a.py': '' });
    const linkParent = makeTree({ root: { link: real } });
    const root = path.join(linkParent, 'root');
    const report = path.join(real, 'lcov.info');
    fs.writeFileSync(report, lcov([path.join(fs.realpathSync(real), 'a.py'), 'DA:1,1']));
    const data = await readCoverage(report, { root });
    expect([...data.files.keys()]).toEqual(['a.py']);
  });

  it('merges records that name the same file', async () => {
    const root = makeTree({
      'a.py': '',
      'lcov.info': lcov(['a.py', 'DA:1,1\nDA:2,0'], ['./a.py', 'DA:2,3\nDA:4,0']),
    });
    const data = await readCoverage(path.join(root, 'lcov.info'), { root });
    expect(lines(data.files.get('a.py'))).toEqual({ executable: [1, 2, 4], covered: [1, 2] });
  });
});

describe('malformed and unknown reports', () => {
  /** Writes `content` as `name` in a fresh folder and returns the CoverageError message without the folder. */
  async function errorFor(name: string, content: string): Promise<string> {
    const root = makeTree({ [name]: content });
    try {
      await readCoverage(path.join(root, name), { root });
    } catch (error) {
      expect(error).toBeInstanceOf(CoverageError);
      return (error as Error).message.replace(`${root}/`, '');
    }
    return 'no error';
  }

  it.each([
    [
      'coverage.xml',
      '<coverage><packages><package>',
      'coverage.xml (Cobertura XML): malformed XML at end of file: unclosed <coverage> <packages> <package> (truncated file?)',
    ],
    [
      'coverage.xml',
      '<?xml version="1.0"?>\n<coverage>\n<packages>\n</coverage>',
      "coverage.xml (Cobertura XML): malformed XML at line 4: Expected closing tag 'packages' (opened in line 3, col 1) instead of closing tag 'coverage'.",
    ],
    [
      'coverage.xml',
      '<report name="jacoco"/>',
      "coverage.xml: XML whose root is <report>, not Cobertura's <coverage><packages>",
    ],
    [
      'coverage.xml',
      '<coverage><packages><package><classes><class filename="a.py"><lines><line number="x" hits="1"/></lines></class></classes></package></packages></coverage>',
      'coverage.xml (Cobertura XML): a.py: bad <line> (number="x" hits="1")',
    ],
    ['coverage.json', '{"files": ', /^coverage\.json \(coverage\.py JSON\): invalid JSON \(/],
    [
      'coverage.json',
      '{"/src/a.js": {"s": {}}}',
      'coverage.json: JSON without a "files" object: not a coverage.py JSON report',
    ],
    [
      'coverage.json',
      '{"files": {"a.py": {"executed_lines": [1, "two"], "missing_lines": []}}}',
      'coverage.json (coverage.py JSON): files["a.py"].executed_lines is not a list of line numbers',
    ],
    [
      'lcov.info',
      'TN:\nSF:a.py\nDA:1\nend_of_record\n',
      'lcov.info (LCOV): line 3: malformed DA: "DA:1" (expected DA:<line>,<hits>)',
    ],
    [
      'lcov.info',
      'TN:\nSF:a.py\nDA:1,1\n',
      'lcov.info (LCOV): line 2: record for a.py has no end_of_record (truncated file?)',
    ],
    ['lcov.info', 'TN:\nDA:1,1\n', 'lcov.info (LCOV): line 2: DA: outside a file record (no SF: before it)'],
    [
      'report.txt',
      'Name  Stmts  Miss  Cover\n',
      'report.txt: unrecognised format (expected Cobertura XML, coverage.py JSON or LCOV)',
    ],
    ['empty.xml', '  \n', 'empty.xml: the report is empty'],
  ])('rejects %s containing %j with a one-line error', async (name, content, expected) => {
    const message = await errorFor(name, content);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('rejects a report that does not exist', async () => {
    const root = makeTree({});
    await expect(readCoverage(path.join(root, 'nope.xml'), { root })).rejects.toThrow(
      `${path.join(root, 'nope.xml')}: cannot read the report (ENOENT)`,
    );
  });
});

describe('format detection and the default report', () => {
  it('detects the format from the content, after a BOM and white space', () => {
    expect(detectCoverageFormat('\uFEFF\n  <?xml version="1.0"?><coverage/>')).toBe('cobertura');
    expect(detectCoverageFormat(' {"meta": {}, "files": {}}')).toBe('coveragepy-json');
    expect(detectCoverageFormat('TN:\nSF:a.py\n')).toBe('lcov');
    expect(detectCoverageFormat('SF:a.py\n')).toBe('lcov');
    expect(detectCoverageFormat('hello')).toBeNull();
  });

  it('finds coverage.xml, coverage.json, lcov.info and coverage/lcov.info in that order', async () => {
    expect(await findDefaultCoverageReport(PROJECT)).toBe(path.join(PROJECT, 'coverage.xml'));
    const nested = makeTree({ 'coverage/lcov.info': '', 'coverage.xml/': { dir: true } });
    expect(await findDefaultCoverageReport(nested)).toBe(path.join(nested, 'coverage/lcov.info'));
    const both = makeTree({ 'lcov.info': '', 'coverage.json': '' });
    expect(await findDefaultCoverageReport(both)).toBe(path.join(both, 'coverage.json'));
    expect(await findDefaultCoverageReport(makeTree({}))).toBeNull();
  });
});
