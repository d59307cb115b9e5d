/**
 * The dashboard webview's HTML: the shared page shell with a fresh nonce and a strict Content Security
 * Policy (our one nonce'd script, our stylesheet from the extension, no remote resources, no network).
 * No `vscode` import, so it is unit-tested.
 */
import { dashboardHtml } from '../../../shared/dashboard';

/** A random nonce (base64 of 18 bytes from the platform's CSPRNG). */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The webview CSP: `cspSource` is the webview's `cspSource` (the origin of its local resources). */
export function webviewCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page for a webview whose bundle URIs are `scriptUri` and `styleUri`. */
export function webviewHtml(o: {
  nonce: string;
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}): string {
  return dashboardHtml({
    csp: webviewCsp(o.nonce, o.cspSource),
    nonce: o.nonce,
    scriptUrl: o.scriptUri,
    styleUrl: o.styleUri,
    host: 'webview',
  });
}
