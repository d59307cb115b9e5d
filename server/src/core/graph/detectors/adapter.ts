/**
 * Adapter: a class that keeps an object it is given (`self._x = x` in `__init__`) and implements its
 * public methods by calling differently named methods of that object (`def read(self): return
 * self._x.fetch()`), translating one interface into another. Same-name forwarding is a proxy, not this.
 */
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, defLine, lineOf, methodsOf, nodesOf, ownParameters } from './syntax-facts';

export const adapter: Detector = {
  id: 'adapter',
  name: 'Adapter',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const cls of found) {
      if (cls.definition.kind !== 'class') continue;
      const methods = methodsOf(cls);
      const init = methods.get('__init__');
      if (!init) continue;
      const params = new Set(ownParameters(init));
      const adaptee = new Map<string, ReturnType<typeof lineOf>>();
      for (const a of nodesOf(bodyOf(init)!, 'assignment')) {
        const left = fieldChild(a, 'left');
        const right = fieldChild(a, 'right');
        const held = left ? textOf(left, source) : '';
        // A held session or connection makes a repository (repository.ts), not an adapter.
        if (/^self\._?(session|conn|connection|db|database|cursor|engine)$/.test(held)) continue;
        if (
          left &&
          right &&
          /^self\.\w+$/.test(held) &&
          right.type === 'identifier' &&
          params.has(textOf(right, source))
        )
          adaptee.set(textOf(left, source), lineOf(a, source));
      }
      if (adaptee.size === 0) continue;
      const delegating = [];
      for (const [name, m] of methods) {
        if (name.startsWith('_')) continue;
        const stmts = (bodyOf(m)?.children ?? []).filter(
          (c) =>
            (c.named && c.type !== 'comment' && c.type !== 'expression_statement') ||
            (c.type === 'expression_statement' && c.children[0]?.type !== 'string'),
        );
        const call = callsOf(bodyOf(m), source).find((c) => {
          const match = c.name && /^(self\.\w+)\.(\w+)$/.exec(c.name);
          return match && adaptee.has(match[1]!) && match[2] !== name;
        });
        if (call && stmts.length <= 3) delegating.push({ m, line: lineOf(call.node, source) });
      }
      if (delegating.length < 2) continue;
      out.push({
        anchor: cls,
        confidence: Math.min(0.95, 0.7 + 0.08 * delegating.length),
        evidence: [defLine(cls, source), ...adaptee.values(), ...delegating.slice(0, 3).map((d) => d.line)],
        participants: [
          { found: cls, role: 'adapter' },
          ...delegating.map((d) => ({ found: d.m, role: 'adapted operation' })),
        ],
      });
    }
    return out;
  },
};
