/**
 * The store over a session's life besides the first open: retrying it while degraded, and opening
 * another one when the settings name a new store URL.
 */
import { publishDiagnostics } from './diagnostics';
import { loadSimilarity, refreshCodeLenses, refreshFile } from './file-analysis';
import { connectStore, type Session, setState } from './session';
import { fetchSettings } from './settings';

// How often a degraded server tries the store again (shorter in tests through the environment).
const RECONNECT_MS = Number(process.env.MOTIF_LSP_RECONNECT_MS) || 10_000;

const reconnecting = new WeakSet<Session>();
/** While degraded, try the store again now and then; when it answers, re-analyse the open files. */
export function scheduleReconnect(session: Session): void {
  if (reconnecting.has(session)) return;
  reconnecting.add(session);
  const stop = () => {
    clearInterval(timer);
    reconnecting.delete(session);
  };
  let trying = false;
  const timer = setInterval(async () => {
    if (session.disposed || session.store) return stop();
    // A child process indexing into the store has it: the index reopens it when done.
    if (trying || session.storeLent) return;
    trying = true;
    const connected = await connectStore(session).finally(() => {
      trying = false;
    });
    if (!connected) return;
    stop();
    setState(session, 'ready', `store reachable again at ${session.storeStatus.location}`);
    // A timer's rejection would be unhandled and end the server: failures here are logged instead.
    try {
      for (const uri of session.documents.keys()) await refreshFile(session, uri);
      await loadSimilarity(session);
    } catch (error) {
      if (!session.disposed) session.logger.error(`after reconnecting: ${(error as Error).message}`);
    }
  }, RECONNECT_MS);
  timer.unref?.();
}

/** Settings changed: read them again; a new store URL (trusted workspaces) opens that store. */
export async function reloadSettings(session: Session, supported: boolean): Promise<void> {
  const before = session.settings.store.url;
  session.settings = await fetchSettings(session, supported);
  if (session.settings.store.url !== before && session.trusted && !session.storeLent) {
    if (await connectStore(session)) setState(session, 'ready', `store at ${session.storeStatus.location}`);
  }
  for (const uri of session.views.keys()) publishDiagnostics(session, uri);
  await refreshCodeLenses(session);
}
