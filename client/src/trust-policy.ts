/**
 * Restricted Mode policy as plain data (no `vscode` import, so it is unit-tested): in an untrusted
 * workspace only user-level values of the settings that name a server count, whatever the
 * workspace's own settings say. Motif then analyses locally with its embedded store.
 */
import { SERVER_SETTINGS } from '../../shared/settings';

/** What `WorkspaceConfiguration.inspect` reports for one setting, reduced to what the policy needs. */
export interface InspectedValue<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The value a server setting may take: the effective one when trusted, the user-level one otherwise. */
export function serverSettingValue(
  inspected: InspectedValue<string> | undefined,
  effective: string | undefined,
  trusted: boolean,
): string {
  const value = trusted ? effective : inspected?.globalValue;
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The `motif` section to hand the server (`workspace/configuration`): when untrusted, each server
 * setting is replaced by its user-level value (or the empty default). `userValues` maps the dotted
 * keys of SERVER_SETTINGS (`store.url`) to the user-level values.
 */
export function restrictSection(
  section: unknown,
  trusted: boolean,
  userValues: Partial<Record<(typeof SERVER_SETTINGS)[number], string>>,
): unknown {
  if (trusted || typeof section !== 'object' || section === null) return section;
  // VS Code hands out configuration proxies, which structuredClone refuses: copy through JSON.
  const copy = JSON.parse(JSON.stringify(section)) as Record<string, unknown>;
  for (const key of SERVER_SETTINGS) {
    const [group, name] = key.split('.') as [string, string];
    const inner = { ...((copy[group] as Record<string, unknown> | undefined) ?? {}) };
    inner[name] = userValues[key]?.trim() ?? '';
    copy[group] = inner;
  }
  return copy;
}

/**
 * One answered `workspace/configuration` item, restricted like `restrictSection` when untrusted. Items
 * may ask for `motif`, `motif.store` or a single server setting; other sections pass through.
 */
export function restrictConfigurationItem(
  section: string | undefined,
  value: unknown,
  trusted: boolean,
  userValues: Partial<Record<(typeof SERVER_SETTINGS)[number], string>>,
): unknown {
  if (trusted || section === undefined) return value;
  if (section === 'motif') return restrictSection(value ?? {}, false, userValues);
  if (section === 'motif.store') {
    const restricted = restrictSection({ store: value ?? {} }, false, userValues) as { store: unknown };
    return restricted.store;
  }
  const key = SERVER_SETTINGS.find((k) => section === `motif.${k}`);
  return key === undefined ? value : (userValues[key]?.trim() ?? '');
}
