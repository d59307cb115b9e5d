/**
 * Motif: Open Pattern Dashboard. The panel lives in `client/src/dashboard/`; its queries go to the
 * language server as `motif/dashboard` requests.
 */
import { DashboardRequest } from '../../shared/protocol';
import { openDashboardPanel } from './dashboard/dashboard-panel';
import { logger } from './logger';
import type { MotifContext } from './motif-context';

/** Open the dashboard, optionally on one pattern. */
export async function openDashboard(ctx: MotifContext, patternId?: string): Promise<void> {
  openDashboardPanel(
    {
      extensionUri: ctx.extension.extensionUri,
      async send(call) {
        const client = ctx.client();
        if (!client?.isRunning())
          throw new Error('the language server is not running; see Motif: Show Output');
        return client.sendRequest(DashboardRequest.type, call);
      },
      log: (message) => logger.error(message),
    },
    typeof patternId === 'string' ? patternId : undefined,
  );
}
