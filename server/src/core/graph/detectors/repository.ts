/**
 * Repository / CRUD: a class with operations of at least three of the families read, list, create,
 * update and delete, whose methods work through a session, connection or cursor held on `self`
 * (calls like `self.session.query`, `self.conn.execute`, `self.db.commit`).
 */

import type { Detection, Detector } from './detector';
import { callsOf, defLine, lineOf, methodsOf } from './syntax-facts';

const FAMILIES: [string, RegExp][] = [
  ['read', /^(get|find|fetch|read|load|retrieve|by_id|one)(_|$)/],
  ['list', /^(list|all|find_all|search|query|filter)(_|$)/],
  ['create', /^(create|add|insert|save|put|new|register)(_|$)/],
  ['update', /^(update|modify|edit|patch|upsert|set)(_|$)/],
  ['delete', /^(delete|remove|destroy|drop|purge)(_|$)/],
];
const STORE_CALL =
  /^self\.(_?(session|conn|connection|db|database|cursor|engine|client|pool|collection|table|repo_session))\.(execute|query|add|delete|commit|merge|get|scalars|scalar|fetch\w*|find\w*|insert\w*|update\w*|delete\w*|flush|refresh|begin)$/;

export const repository: Detector = {
  id: 'repository',
  name: 'Repository',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const cls of found) {
      if (cls.definition.kind !== 'class') continue;
      const families = new Map<string, string>();
      const storeLines = [];
      for (const [name, m] of methodsOf(cls)) {
        const family = FAMILIES.find(([, re]) => re.test(name.replace(/^_+/, '')));
        const store =
          family && callsOf(m.node, source).find((c) => c.name !== null && STORE_CALL.test(c.name));
        if (family && store) {
          if (!families.has(family[0])) families.set(family[0], name);
          storeLines.push(lineOf(store.node, source));
        }
      }
      if (families.size >= 3) {
        const methods = methodsOf(cls);
        out.push({
          anchor: cls,
          confidence: Math.min(0.95, 0.6 + 0.1 * families.size),
          evidence: [defLine(cls, source), ...storeLines.slice(0, 4)],
          participants: [
            { found: cls, role: 'repository' },
            ...[...families].map(([family, name]) => ({
              found: methods.get(name)!,
              role: `${family} operation`,
            })),
          ],
        });
      }
    }
    return out;
  },
};
