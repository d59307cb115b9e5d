/**
 * Maps the file paths a coverage report names to paths relative to the indexed root. For each path, in
 * order: (1) an absolute path, or a relative one resolved against each Cobertura `<source>`, the
 * report's folder and the root, that names an existing file under the root (or under its real path);
 * (2) the longest trailing part of the path that names an existing file under the root, so a report made
 * on another machine or in another checkout still matches. Files matching neither are left out (`unmapped`).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { FileCoverage } from '../core/coverage';
import { createLimiter } from '../files/discovery-fs';
import { relativeWithin } from '../files/relative-within';
import type { ParsedReport } from './parsed-report';

/** Report entries keyed by root-relative path, and the report paths that matched no file under the root. */
export interface MappedCoverage {
  files: Map<string, FileCoverage>;
  unmapped: string[];
}

/** Maps a parsed report's paths onto `root`; entries landing on the same file are merged. */
export async function mapReportPaths(
  report: ParsedReport,
  options: { root: string; reportDir: string },
): Promise<MappedCoverage> {
  const root = path.resolve(options.root);
  const realRoot = await fsp.realpath(root).catch(() => root);
  // coverage.py writes <source> relative to where it ran, usually the project root, while the
  // report may sit in a subfolder: try relative sources against both.
  const bases = [
    ...report.bases.flatMap((base) =>
      path.isAbsolute(base) ? [base] : [path.resolve(options.reportDir, base), path.resolve(root, base)],
    ),
    options.reportDir,
    root,
  ];
  const isFile = memoisedIsFile();
  const limit = createLimiter(32);
  const mapped = await Promise.all(
    report.files.map((file) => limit(() => mapOne(file.path, { root, realRoot, bases, isFile }))),
  );
  const files = new Map<string, FileCoverage>();
  const unmapped: string[] = [];
  report.files.forEach((file, index) => {
    const rel = mapped[index];
    if (rel === null || rel === undefined) {
      unmapped.push(file.path);
      return;
    }
    const known = files.get(rel);
    if (known === undefined) {
      files.set(rel, { executable: new Set(file.executable), covered: new Set(file.covered) });
      return;
    }
    for (const line of file.executable) known.executable.add(line);
    for (const line of file.covered) known.covered.add(line);
  });
  return { files, unmapped };
}

interface MapContext {
  root: string;
  realRoot: string;
  bases: string[];
  isFile: (absolute: string) => Promise<boolean>;
}

async function mapOne(reported: string, context: MapContext): Promise<string | null> {
  const { root, realRoot, bases, isFile } = context;
  const candidates = path.isAbsolute(reported)
    ? [reported]
    : bases.map((base) => path.resolve(base, reported));
  for (const candidate of candidates) {
    for (const top of root === realRoot ? [root] : [root, realRoot]) {
      const rel = relativeUnder(top, candidate);
      if (rel !== null && (await isFile(candidate))) return rel;
    }
  }
  const segments = reported.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  for (let start = 0; start < segments.length; start += 1) {
    const tail = segments.slice(start);
    if (tail.includes('..')) continue;
    if (await isFile(path.join(root, ...tail))) return tail.join('/');
  }
  return null;
}

/** `candidate` relative to `top` with forward slashes, or null when it is not strictly inside `top`. */
function relativeUnder(top: string, candidate: string): string | null {
  return relativeWithin(top, candidate) || null;
}

function memoisedIsFile(): (absolute: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (absolute) => {
    let answer = known.get(absolute);
    if (answer === undefined) {
      answer = fsp.stat(absolute).then(
        (stats) => stats.isFile(),
        () => false,
      );
      known.set(absolute, answer);
    }
    return answer;
  };
}
