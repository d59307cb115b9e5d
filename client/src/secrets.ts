/**
 * The database password lives in VS Code's SecretStorage (the OS keychain where there is one), never
 * in settings: `motif.store.url` names the server without it and the client hands it to the server.
 */
import type * as vscode from 'vscode';

const KEY = 'motif.databasePassword';

/** The stored password, if any. */
export async function databasePassword(secrets: vscode.SecretStorage): Promise<string | undefined> {
  return (await secrets.get(KEY)) || undefined;
}

/** Store (or, with undefined, delete) the password. */
export async function setDatabasePassword(
  secrets: vscode.SecretStorage,
  password: string | undefined,
): Promise<void> {
  if (password) await secrets.store(KEY, password);
  else await secrets.delete(KEY);
}

/** Fires when the password changes, in this window or another. */
export function onDidChangePassword(secrets: vscode.SecretStorage, listener: () => void): vscode.Disposable {
  return secrets.onDidChange((e) => {
    if (e.key === KEY) listener();
  });
}
