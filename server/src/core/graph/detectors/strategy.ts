/**
 * Strategy: an interface (an ABC with abstract methods, or a Protocol) with at least two classes in
 * the same file that derive from it and implement its abstract methods interchangeably.
 */
import type { FoundDefinition } from '../../extract/definitions';
import type { Detection, Detector } from './detector';
import { baseNames, defLine, isAbstract, lastPart, methodsOf } from './syntax-facts';

/** Abstract method names of an ABC or Protocol class, or null when it is neither. */
export function interfaceMethods(cls: FoundDefinition, source: string): string[] | null {
  const bases = baseNames(cls).map(lastPart);
  const isProtocol = bases.includes('Protocol');
  const isAbc = bases.includes('ABC') || /metaclass\s*=\s*(abc\.)?ABCMeta/.test(cls.definition.signature);
  const abstract = [...methodsOf(cls)].filter(([, m]) => isAbstract(m, source)).map(([n]) => n);
  if (isProtocol) return [...methodsOf(cls).keys()].filter((n) => !n.startsWith('__'));
  if (isAbc || abstract.length > 0) return abstract.length > 0 ? abstract : null;
  return null;
}

export const strategy: Detector = {
  id: 'strategy',
  name: 'Strategy',
  detect({ found, source }) {
    const out: Detection[] = [];
    const classes = found.filter((f) => f.definition.kind === 'class');
    for (const iface of classes) {
      const required = interfaceMethods(iface, source);
      if (!required || required.length === 0) continue;
      const isProtocol = baseNames(iface).map(lastPart).includes('Protocol');
      const impls = classes.filter((c) => {
        if (c === iface) return false;
        const derives = baseNames(c).some((b) => lastPart(b) === iface.definition.name);
        if (!derives && !isProtocol) return false;
        const own = methodsOf(c);
        return required.every((m) => own.has(m) && !isAbstract(own.get(m)!, source));
      });
      if (impls.length < 2) continue;
      out.push({
        anchor: iface,
        confidence: Math.min(0.95, 0.7 + 0.1 * impls.length),
        evidence: [defLine(iface, source), ...impls.slice(0, 4).map((c) => defLine(c, source))],
        participants: [
          { found: iface, role: 'strategy interface' },
          ...impls.map((c) => ({ found: c, role: 'concrete strategy' })),
        ],
      });
    }
    return out;
  },
};
