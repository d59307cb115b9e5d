/**
 * Template method: a class whose concrete method calls at least two of the class's own abstract
 * steps (`@abstractmethod` or `raise NotImplementedError`) through `self`, fixing their order.
 */
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, defLine, isAbstract, lineOf, methodsOf } from './syntax-facts';

export const templateMethod: Detector = {
  id: 'template_method',
  name: 'Template method',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const cls of found) {
      if (cls.definition.kind !== 'class') continue;
      const methods = methodsOf(cls);
      const hooks = new Set([...methods].filter(([, m]) => isAbstract(m, source)).map(([n]) => n));
      if (hooks.size < 2) continue;
      for (const [name, m] of methods) {
        if (hooks.has(name)) continue;
        const calls = callsOf(bodyOf(m), source).filter(
          (c) => c.name && /^self\.\w+$/.test(c.name) && hooks.has(c.name.slice(5)),
        );
        const distinct = new Set(calls.map((c) => c.name));
        if (distinct.size < 2) continue;
        out.push({
          anchor: cls,
          confidence: Math.min(0.95, 0.75 + 0.05 * distinct.size),
          evidence: [defLine(m, source), ...calls.slice(0, 4).map((c) => lineOf(c.node, source))],
          participants: [
            { found: cls, role: 'abstract class' },
            { found: m, role: 'template method' },
            ...[...distinct].map((c) => ({ found: methods.get(c!.slice(5))!, role: 'primitive operation' })),
          ],
        });
        break;
      }
    }
    return out;
  },
};
