/**
 * How the page reaches its data: over HTTP to `motif dashboard` (token from the page URL, sent as a
 * header) or, inside VS Code, as messages to the webview host, which forwards them to the language
 * server. Both answer the same `DashboardRequests` map.
 */
import type {
  DashboardMethod,
  DashboardRequests,
  ExportFile,
  HostToPage,
  PageToHost,
} from '../../../../shared/dashboard';

/** What the page needs from its host. */
export interface Transport {
  readonly host: 'browser' | 'webview';
  request<M extends DashboardMethod>(
    method: M,
    params: DashboardRequests[M]['params'],
  ): Promise<DashboardRequests[M]['result']>;
  /** Open a pattern's file at its line (VS Code only). */
  openFile?(target: { filePath: string; repository: string; line: number }): void;
  /** Hand an export to the user: a download in the browser, a save dialog in VS Code. */
  save(file: ExportFile): void;
  /** Listen for the host asking to show a pattern. */
  onFocus(listener: (id: string) => void): void;
}

/** The transport of `motif dashboard`'s page. */
export function httpTransport(): Transport {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return {
    host: 'browser',
    async request(method, params) {
      const response = await fetch('/api', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Motif-Token': token },
        body: JSON.stringify({ method, params }),
      });
      const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
      return body.result as never;
    },
    save(file) {
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onFocus(listener) {
      const id = new URLSearchParams(location.search).get('pattern');
      if (id) listener(id);
    },
  };
}

interface VsCodeApi {
  postMessage(message: PageToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The transport inside a VS Code webview. */
export function webviewTransport(): Transport {
  const vscode = acquireVsCodeApi();
  let next = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const focusListeners: ((id: string) => void)[] = [];
  window.addEventListener('message', (event: MessageEvent<HostToPage>) => {
    const message = event.data;
    if (message?.type === 'response') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    } else if (message?.type === 'focusPattern') {
      for (const l of focusListeners) l(message.id);
    }
  });
  vscode.postMessage({ type: 'ready' });
  return {
    host: 'webview',
    request(method, params) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        vscode.postMessage({ type: 'request', id, call: { method, params } });
      });
    },
    openFile(target) {
      vscode.postMessage({ type: 'openFile', ...target });
    },
    save(file) {
      vscode.postMessage({ type: 'saveExport', file });
    },
    onFocus(listener) {
      focusListeners.push(listener);
    },
  };
}
