/**
 * What the status-bar item says for a server state (`motif/status`): plain data in, text out, so the
 * wording is unit-tested. Shows indexing progress, the pattern count, the store and its reachability,
 * and an embedded store's sync state with a shared server (changes queued, last sync).
 */
import type { StatusParams, SyncState } from '../../shared/protocol';

/** The item's text, tooltip lines and whether it warns. */
export interface StatusView {
  text: string;
  tooltip: string[];
  warning: boolean;
}

const count = new Intl.NumberFormat('en-US');

/** Text and tooltip for `s`; `undefined` means the server has not reported yet. */
export function statusView(s: StatusParams | undefined): StatusView {
  if (!s)
    return {
      text: '$(loading~spin) Motif',
      tooltip: ['Motif: starting the language server'],
      warning: false,
    };
  const patterns = s.patterns === null ? 'patterns unknown' : `${count.format(s.patterns)} patterns`;
  const storeName = {
    embedded: 'embedded store',
    postgres: 'shared PostgreSQL store',
    memory: 'in-memory store',
    none: 'no store',
  }[s.store.kind];
  const tooltip = [
    `Motif: ${s.state}`,
    `${patterns} · ${storeName}${s.store.location ? ` (${s.store.location})` : ''}`,
    s.store.reachable ? 'store reachable' : 'store unreachable: lenses and hovers come from open files only',
  ];
  const sync = syncLine(s.store.sync);
  if (sync) tooltip.push(sync);
  if (!s.trusted) tooltip.push('Restricted Mode: local analysis only, no server from workspace settings');
  if (s.message) tooltip.push(s.message);
  tooltip.push('Click for the Motif output');
  switch (s.state) {
    case 'starting':
      return { text: '$(loading~spin) Motif', tooltip, warning: false };
    case 'indexing': {
      const p = s.progress;
      const done = p && p.total > 0 ? ` ${count.format(p.done)}/${count.format(p.total)}` : '';
      return { text: `$(sync~spin) Motif: indexing${done}`, tooltip, warning: false };
    }
    case 'degraded':
      return { text: '$(warning) Motif: degraded', tooltip, warning: true };
    default:
      return {
        text: `$(${s.store.kind === 'postgres' ? 'cloud' : 'database'}) Motif: ${patterns}${queuedNote(s.store.sync)}`,
        tooltip,
        warning: false,
      };
  }
}

// "· 3 queued" beside the count while changes wait for the shared server.
function queuedNote(sync: SyncState | undefined): string {
  return sync && sync.queued > 0 ? ` · ${count.format(sync.queued)} queued` : '';
}

/** The tooltip's sync line: the outbox and the last sync with the shared server, if one was ever set. */
export function syncLine(sync: SyncState | undefined): string | null {
  if (!sync || (sync.server === null && sync.queued === 0 && sync.lastSyncAt === null)) return null;
  const server = sync.server ? ` for ${sync.server}` : '';
  const queued =
    sync.queued === 0
      ? `sync: nothing queued${server}`
      : `sync: ${count.format(sync.queued)} change(s) queued${server}`;
  const last = `last sync ${sync.lastSyncAt ?? 'never'}`;
  return `${queued}; ${last}${sync.lastError ? ` (last error: ${sync.lastError})` : ''}`;
}
