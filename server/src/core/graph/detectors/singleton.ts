/**
 * Singleton: a metaclass whose `__call__` caches instances by class, a `__new__` that keeps and
 * returns one instance on the class, or a module-level instance created once by an accessor
 * (`global _x; if _x is None: _x = Cls(); return _x`).
 */
import { textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, defLine, lineOf, methodsOf, nodesOf } from './syntax-facts';

export const singleton: Detector = {
  id: 'singleton',
  name: 'Singleton',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      if (f.definition.kind === 'class') {
        const methods = methodsOf(f);
        const call = methods.get('__call__');
        const isMeta = f.definition.bases.some((b) => /(^|\.)type$|Meta/.test(b));
        if (call && isMeta) {
          // `cls._instances[cls] = …` (or any subscript keyed by cls) inside __call__.
          const cache = nodesOf(bodyOf(call)!, 'assignment').find((a) =>
            /^\s*(cls|self)\.\w+\[\s*cls\s*\]\s*=/.test(textOf(a, source)),
          );
          if (cache)
            out.push({
              anchor: f,
              confidence: 0.95,
              evidence: [defLine(call, source), lineOf(cache, source)],
              participants: [{ found: f, role: 'singleton metaclass' }],
            });
        }
        const newer = methods.get('__new__');
        if (newer) {
          const body = bodyOf(newer)!;
          const store = nodesOf(body, 'assignment').find((a) =>
            /^\s*cls\.(_\w*instance\w*|_\w+)\s*=/.test(textOf(a, source)),
          );
          const check = nodesOf(body, ['if_statement']).find((i) =>
            /cls\.\w+\s+is\s+None|not\s+hasattr\(\s*cls|cls\.\w+\s+is\s+not\s+None/.test(
              textOf(i, source).split('\n')[0]!,
            ),
          );
          const returned = nodesOf(body, 'return_statement').some((r) =>
            /return\s+cls\.\w+/.test(textOf(r, source)),
          );
          if (store && check && returned)
            out.push({
              anchor: f,
              confidence: 0.9,
              evidence: [defLine(newer, source), lineOf(check, source), lineOf(store, source)],
              participants: [
                { found: f, role: 'singleton' },
                { found: newer, role: 'instance cache' },
              ],
            });
        }
      } else if (f.definition.kind === 'function' && f.definition.parent === null) {
        const body = bodyOf(f);
        if (!body) continue;
        const global = nodesOf(body, 'global_statement')[0];
        if (!global) continue;
        const name = textOf(global, source)
          .replace(/^global\s+/, '')
          .split(',')[0]!
          .trim();
        const check = nodesOf(body, 'if_statement').find((i) =>
          new RegExp(`^if\\s+(${name}\\s+is\\s+None|not\\s+${name}\\b)`).test(textOf(i, source)),
        );
        const create =
          check &&
          nodesOf(check, 'assignment').find((a) =>
            new RegExp(`^${name}\\s*=\\s*[A-Za-z_][\\w.]*\\(`).test(textOf(a, source)),
          );
        const returned = nodesOf(body, 'return_statement').some(
          (r) => textOf(r, source).trim() === `return ${name}`,
        );
        if (check && create && returned) {
          const className = /=\s*([A-Za-z_][\w.]*)\(/.exec(textOf(create, source))?.[1];
          const cls = found.find(
            (c) => c.definition.kind === 'class' && c.definition.qualifiedName === className,
          );
          out.push({
            anchor: f,
            confidence: 0.85,
            evidence: [lineOf(global, source), lineOf(check, source), lineOf(create, source)],
            participants: [
              { found: f, role: 'instance accessor' },
              ...(cls ? [{ found: cls, role: 'singleton' }] : []),
            ],
          });
        }
      }
    }
    return out;
  },
};
