/**
 * Entry point of the dashboard page (bundled by esbuild to dist/dashboard/dashboard.js): picks the
 * transport for its host and renders the app.
 */
import { render } from 'preact';
import { App } from './app';
import './style.css';
import { httpTransport, webviewTransport } from './transport';

// Cytoscape adds a <style> element unless one with this id exists; the strict CSP would refuse it, and
// style.css already carries its one rule.
const marker = document.createElement('meta');
marker.id = '__________cytoscape_stylesheet';
document.head.append(marker);

const transport = document.body.dataset.host === 'webview' ? webviewTransport() : httpTransport();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App transport={transport} />, root);
}
