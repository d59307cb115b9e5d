/**
 * Adapter: a class that keeps an object it is given (`self._x = x` in `__init__`) and implements its
 * interface by delegating to differently named methods of that object (`def read(self): return
 * self._x.fetch()`): at least two public methods whose whole body (a docstring aside) is at most two
 * statements around that call, and at least half of its public methods such delegations. A class
 * that merely uses an object it holds (a file it seeks and reads among much else) is not an adapter,
 * and same-name forwarding is a proxy.
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
      let publicMethods = 0;
      for (const [name, m] of methods) {
        if (name.startsWith('_')) continue;
        publicMethods++;
        const stmts = (bodyOf(m)?.children ?? []).filter(
          (c) =>
            (c.named && c.type !== 'comment' && c.type !== 'expression_statement') ||
            (c.type === 'expression_statement' && c.children[0]?.type !== 'string'),
        );
        const call = callsOf(bodyOf(m), source).find((c) => {
          const match = c.name && /^(self\.\w+)\.(\w+)$/.exec(c.name);
          return match && adaptee.has(match[1]!) && match[2] !== name;
        });
        if (call && stmts.length <= 2) delegating.push({ m, line: lineOf(call.node, source) });
      }
      if (delegating.length < 2 || delegating.length * 2 < publicMethods) continue;
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
