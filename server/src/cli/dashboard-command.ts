/**
 * `motif dashboard [--port N] [--open]`: serves the Pattern Dashboard over the store on 127.0.0.1, read
 * only, and prints the URL with its access token; runs until interrupted (Ctrl-C).
 */
import { spawn } from 'node:child_process';
import type { Logger } from '../core/ports';
import { startDashboardServer } from '../dashboard/http-server';
import { openDatabase } from '../storage/open-storage';
import { CliError, type CliIo, cliStoreOptions, EXIT, out } from './cli-context';
import { numberOption } from './query-commands';

/** Options of `motif dashboard`. */
export interface DashboardOptions {
  db?: string;
  port?: string;
  open?: boolean;
  verbose?: boolean;
}

/** Open `url` in the desktop's browser; a failure is only a warning (the URL is printed anyway). */
function openBrowser(url: string, logger: Logger): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => logger.warn(`could not start ${command}; open the URL above yourself`));
    child.unref();
  } catch {
    logger.warn(`could not start ${command}; open the URL above yourself`);
  }
}

/** Run the server until SIGINT/SIGTERM; returns the exit code. */
export async function dashboardCommand(io: CliIo, o: DashboardOptions, logger: Logger): Promise<number> {
  const port = numberOption('--port', o.port, 0);
  if (port !== undefined && (!Number.isInteger(port) || port > 65535)) {
    throw new CliError(`--port must be a whole number 0–65535, got "${o.port}"`);
  }
  const sql = await openDatabase(
    cliStoreOptions(io, { ...(o.db ? { db: o.db } : {}), create: false, logger }),
  );
  let server: Awaited<ReturnType<typeof startDashboardServer>>;
  try {
    server = await startDashboardServer({ sql, logger, ...(port !== undefined ? { port } : {}) });
  } catch (error) {
    await sql.close();
    throw error;
  }
  out(io, `Motif dashboard for ${sql.location}`);
  out(io, `  ${server.url}`);
  out(io, 'Listening on 127.0.0.1 only; the token in the URL is required. Press Ctrl-C to stop.');
  if (o.open) openBrowser(server.url, logger);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  await sql.close();
  return EXIT.ok;
}
