/**
 * package.json declares exactly the settings `shared/settings.ts` types, with the same defaults, and
 * each one with a scope (vscode-eslint keeps the two in step the same way).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, flattenSettings, SERVER_SETTINGS } from '../../shared/settings';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; scope?: string }> =
  manifest.contributes.configuration.properties;
/** Settings the language client itself reads; they have no place in the server's settings. */
const CLIENT_ONLY = ['motif.trace.server'];

describe('settings manifest', () => {
  const typed = Object.entries(flattenSettings(DEFAULT_SETTINGS)).map(([k, v]) => [`motif.${k}`, v] as const);

  it('declares every typed setting with the typed default', () => {
    for (const [key, value] of typed) {
      expect(properties[key], key).toBeDefined();
      expect(properties[key]?.default, key).toEqual(value);
    }
  });

  it('declares nothing the typed settings lack', () => {
    const declared = Object.keys(properties).filter((k) => !CLIENT_ONLY.includes(k));
    expect(declared.sort()).toEqual(typed.map(([k]) => k).sort());
  });

  it('gives every setting a scope and a description', () => {
    for (const [key, p] of Object.entries(properties)) {
      expect(p.scope, key).toMatch(
        /^(application|machine|machine-overridable|window|resource|language-overridable)$/,
      );
      expect((p as { markdownDescription?: string }).markdownDescription, key).toBeTruthy();
    }
  });

  it('lets no workspace name a server in Restricted Mode', () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort()).toEqual(
      SERVER_SETTINGS.map((s) => `motif.${s}`).sort(),
    );
  });
});
