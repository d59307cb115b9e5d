/**
 * Line coverage as the core sees it: which lines of a file are executable and which ran, and the
 * covered share of a line range. The coverage adapters (`server/src/coverage/`) read reports into this shape.
 */

/** One file's line coverage; 1-based line numbers, `covered` a subset of `executable`. */
export interface FileCoverage {
  executable: Set<number>;
  covered: Set<number>;
}

/**
 * Share (0–1) of the executable lines in `startLine..endLine` (inclusive) that are covered; null when
 * there is no coverage for the file or the range holds no executable line.
 */
export function coverageOfLines(
  file: FileCoverage | undefined,
  startLine: number,
  endLine: number,
): number | null {
  if (file === undefined || endLine < startLine) return null;
  let executable = 0;
  let covered = 0;
  const count = (line: number) => {
    if (!file.executable.has(line)) return;
    executable += 1;
    if (file.covered.has(line)) covered += 1;
  };
  // Walk whichever is shorter: the range or the file's executable lines.
  if (endLine - startLine + 1 <= file.executable.size) {
    for (let line = startLine; line <= endLine; line += 1) count(line);
  } else {
    for (const line of file.executable) if (line >= startLine && line <= endLine) count(line);
  }
  return executable === 0 ? null : covered / executable;
}
