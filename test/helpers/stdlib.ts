/** The Python standard library of this machine: the real-world corpus of the tests and benchmarks. */
import { execFileSync } from 'node:child_process';

let cached: string | undefined;

/** The stdlib folder that `python3` reports (sysconfig's `stdlib` path). */
export function stdlibDir(): string {
  cached ??= execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
    encoding: 'utf8',
  }).trim();
  return cached;
}
