/**
 * Settings from the client: the `motif` section through `workspace/configuration`, made valid by
 * the shared coercer (unusable values fall back to defaults and are logged, never fatal).
 */
import { coerceSettings, type MotifSettings } from '../../../shared/settings';
import type { Session } from './session';

/** Fetch and coerce the settings; the defaults when the client cannot answer. */
export async function fetchSettings(session: Session, supported: boolean): Promise<MotifSettings> {
  if (!supported) return session.settings;
  let raw: unknown;
  try {
    raw = await session.connection.workspace.getConfiguration({ section: 'motif' });
  } catch (error) {
    session.logger.warn(`cannot read settings: ${(error as Error).message}`);
    return session.settings;
  }
  const { settings, problems } = coerceSettings(raw);
  for (const p of problems) session.logger.warn(`setting motif.${p.key}: ${p.message}; using the default`);
  return settings;
}
