/**
 * Context manager: a class with `__enter__` and `__exit__` (or `__aenter__` and `__aexit__`), or a
 * generator function decorated with `@contextmanager` / `@asynccontextmanager` that yields.
 */
import type { Detection, Detector } from './detector';
import { bodyOf, decoratorNode, defLine, lineOf, methodsOf, nodesOf } from './syntax-facts';

export const contextManager: Detector = {
  id: 'context_manager',
  name: 'Context manager',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const f of found) {
      if (f.definition.kind === 'class') {
        const m = methodsOf(f);
        for (const [enter, exit] of [
          ['__enter__', '__exit__'],
          ['__aenter__', '__aexit__'],
        ] as const) {
          const e = m.get(enter);
          const x = m.get(exit);
          if (!e || !x) continue;
          out.push({
            anchor: f,
            confidence: x.definition.parameters.length >= 4 ? 0.95 : 0.85,
            evidence: [defLine(f, source), defLine(e, source), defLine(x, source)],
            participants: [
              { found: f, role: 'context manager' },
              { found: e, role: 'enter' },
              { found: x, role: 'exit' },
            ],
          });
          break;
        }
        continue;
      }
      const deco = decoratorNode(f, ['contextmanager', 'asynccontextmanager'], source);
      const body = bodyOf(f);
      const yields = body ? nodesOf(body, 'yield') : [];
      if (deco && yields.length > 0) {
        out.push({
          anchor: f,
          confidence: 0.95,
          evidence: [lineOf(deco, source), defLine(f, source), lineOf(yields[0]!, source)],
          participants: [{ found: f, role: 'context manager' }],
        });
      }
    }
    return out;
  },
};
