/**
 * The webview's page shell and the page's escaping rules: a strict CSP with a fresh nonce and nothing
 * remote, attribute values escaped, and raw HTML inserted in exactly one place (highlight.js's output,
 * which escapes the source it highlights).
 */
import fs from 'node:fs';
import path from 'node:path';
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import { describe, expect, it } from 'vitest';
import { makeNonce, webviewHtml } from '../../client/src/dashboard/webview-html';
import { dashboardHtml, escapeHtml } from '../../shared/dashboard';

const PAGE = path.resolve(__dirname, '../../client/src/dashboard/page');

describe('the webview page shell', () => {
  it('allows only its nonce for scripts and the webview origin for styles', () => {
    const nonce = makeNonce();
    const html = webviewHtml({
      nonce,
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/dashboard/dashboard.js',
      styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/dashboard/dashboard.css',
    });
    // The attribute is HTML-escaped, as the browser reads it: decode the quotes back.
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replace(
      /&#39;/g,
      "'",
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(html).toContain(`<script nonce="${nonce}" src="https://file+.vscode-resource`);
    expect(html).toContain('data-host="webview"');
  });

  it('makes a new nonce each time', () => {
    const nonces = new Set(Array.from({ length: 20 }, makeNonce));
    expect(nonces.size).toBe(20);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it('escapes what it puts in attributes', () => {
    const html = dashboardHtml({
      csp: 'x"\'<>',
      nonce: 'n"><script>',
      scriptUrl: 'a',
      styleUrl: 'b',
      host: 'browser',
    });
    expect(html).not.toContain('n"><script>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('the page inserts no raw HTML but highlighted code', () => {
  it('uses dangerouslySetInnerHTML once, on highlight.js output, and never innerHTML', () => {
    const sources = fs
      .readdirSync(PAGE)
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => [f, fs.readFileSync(path.join(PAGE, f), 'utf8')] as const);
    const raw = sources.flatMap(([f, text]) => [...text.matchAll(/dangerouslySetInnerHTML/g)].map(() => f));
    expect(raw).toEqual(['detail.tsx']);
    expect(
      sources.filter(([, text]) => /\.innerHTML\b|insertAdjacentHTML|document\.write/.test(text)),
    ).toEqual([]);
  });

  it('highlight.js escapes markup in the code it highlights', () => {
    hljs.registerLanguage('python', python);
    const html = hljs.highlight(
      'def f():\n    """<script>alert(1)</script>"""\n    return "<img onerror=x>"',
      {
        language: 'python',
      },
    ).value;
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });
});
