/**
 * A generated Python project for store tests: `files` modules in four packages, each importing the next
 * module's helper (so the usage pass has work) and defining a function and a class with two methods:
 * four patterns per module.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Write the project under `root`; `flavour` changes docstrings so two projects differ. */
export function writePythonProject(root: string, files: number, flavour: string): void {
  for (let f = 0; f < files; f++) {
    const dir = path.join(root, `pkg${f % 4}`);
    fs.mkdirSync(dir, { recursive: true });
    const other = (f + 1) % files;
    const lines = [
      `"""Module ${f} of ${flavour}."""`,
      `from pkg${other % 4}.mod_${other} import helper_${other}`,
      '',
      '',
      `def helper_${f}(x: int) -> int:`,
      `    """Double ${flavour} values."""`,
      `    return helper_${other}(x) * 2 if x > ${f} else x`,
      '',
      '',
      `class Service${f}:`,
      '    def run(self, items):',
      '        for item in items:',
      '            if item:',
      `                yield helper_${f}(item)`,
      '',
      '    def close(self) -> None:',
      '        pass',
      '',
    ];
    fs.writeFileSync(path.join(dir, `mod_${f}.py`), lines.join('\n'));
  }
}
