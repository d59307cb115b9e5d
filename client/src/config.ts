/**
 * Reads Motif's settings from VS Code, typed and coerced by `shared/settings.ts`, with Restricted
 * Mode applied: in an untrusted workspace the settings that name a server take user-level values only.
 */
import * as vscode from 'vscode';
import {
  coerceSettings,
  DEFAULT_SETTINGS,
  type MotifSettings,
  SERVER_SETTINGS,
  type SettingProblem,
} from '../../shared/settings';
import { restrictSection } from './trust-policy';

/** Whether the current workspace is trusted. */
export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** User-level (global) values of the settings that name a server, by dotted key. */
export function userServerValues(): Partial<Record<(typeof SERVER_SETTINGS)[number], string>> {
  const config = vscode.workspace.getConfiguration('motif');
  const out: Partial<Record<(typeof SERVER_SETTINGS)[number], string>> = {};
  for (const key of SERVER_SETTINGS) {
    const value = config.inspect<string>(key)?.globalValue;
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** The `motif` section for `resource` as plain data (VS Code nests dotted keys). */
export function rawSection(resource?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('motif', resource);
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) raw[key] = config.get(key);
  return raw;
}

/** Typed settings for `resource`, restricted when the workspace is untrusted, with any problems. */
export function readSettings(resource?: vscode.Uri): { settings: MotifSettings; problems: SettingProblem[] } {
  const section = restrictSection(rawSection(resource), isTrusted(), userServerValues());
  return coerceSettings(section);
}

/** Fires when a `motif.` setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('motif')) listener();
  });
}
