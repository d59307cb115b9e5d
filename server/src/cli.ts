/** Entry point of the `motif` command (bundled to dist/cli.cjs). */
import { runCli } from './cli/run-cli';
import { runLanguageServer } from './lsp/start';

runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  },
  { startLanguageServer: runLanguageServer },
).then((code) => {
  process.exitCode = code;
});
