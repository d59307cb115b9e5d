/**
 * Builder: a class with at least two fluent steps (methods that set state on `self` and `return
 * self`) and a terminal method that constructs and returns the product.
 */
import type { FoundDefinition } from '../../extract/definitions';
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, defLine, lineOf, methodsOf, nodesOf, returnsOf } from './syntax-facts';

export const builder: Detector = {
  id: 'builder',
  name: 'Builder',
  detect({ found, source }) {
    const out: Detection[] = [];
    for (const cls of found) {
      if (cls.definition.kind !== 'class') continue;
      const steps: FoundDefinition[] = [];
      let product: { method: FoundDefinition; line: ReturnType<typeof lineOf> } | null = null;
      for (const [name, m] of methodsOf(cls)) {
        if (name.startsWith('__')) continue;
        const body = bodyOf(m);
        if (!body) continue;
        const returns = returnsOf(m);
        const setsState =
          nodesOf(body, new Set(['assignment', 'augmented_assignment'])).some((a) =>
            /^self\.\w+/.test(textOf(fieldChild(a, 'left') ?? a, source)),
          ) ||
          nodesOf(body, 'call').some((c) =>
            /^self\.\w+\.(append|update|extend|add)$/.test(textOf(fieldChild(c, 'function')!, source)),
          );
        if (returns.length > 0 && returns.every((r) => textOf(r, source) === 'self') && setsState) {
          steps.push(m);
          continue;
        }
        const made = returns.find(
          (r) =>
            r.type === 'call' &&
            /^[A-Z]\w*$/.test(textOf(fieldChild(r, 'function')!, source).split('.').pop()!),
        );
        if (made && /self\./.test(textOf(made, source))) product = { method: m, line: lineOf(made, source) };
      }
      if (steps.length >= 2 && product) {
        out.push({
          anchor: cls,
          confidence: Math.min(0.95, 0.75 + 0.05 * steps.length),
          evidence: [defLine(cls, source), ...steps.slice(0, 3).map((s) => defLine(s, source)), product.line],
          participants: [
            { found: cls, role: 'builder' },
            ...steps.map((s) => ({ found: s, role: 'build step' })),
            { found: product.method, role: 'build' },
          ],
        });
      }
    }
    return out;
  },
};
