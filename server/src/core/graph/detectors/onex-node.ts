/**
 * ONEX node kinds (Effect, Compute, Reducer, Orchestrator), one shared rule: a class named
 * `Node<Name><Kind>` or deriving from `Node<Kind>` (`NodeEffect`, `NodeEffectService`, …) that defines
 * the kind's entry point (`execute_effect`, `execute_compute`, `execute_reduction`,
 * `execute_orchestration`; `process`/`run` accepted). Naming, base and entry point each add confidence;
 * a name without an entry point is not enough.
 */
import type { Detection, Detector } from './detector';
import { baseNames, defLine, lastPart, methodsOf } from './syntax-facts';

/** The ONEX kinds and their entry-point methods. */
export const ONEX_KINDS = {
  Effect: ['execute_effect'],
  Compute: ['execute_compute'],
  Reducer: ['execute_reduction', 'execute_reducer', 'reduce'],
  Orchestrator: ['execute_orchestration', 'orchestrate'],
} as const;

/** One ONEX kind. */
export type OnexKind = keyof typeof ONEX_KINDS;

const GENERIC_ENTRY = ['process', 'run', 'execute'];

/** How a class stands as an ONEX node of `kind`: which of the three marks it carries. */
export function onexMarks(
  name: string,
  bases: string[],
  methods: string[],
  kind: OnexKind,
): { naming: boolean; base: boolean; entry: string | null } {
  const naming = new RegExp(`^Node[A-Z]\\w*${kind}$`).test(name);
  const base = bases.some((b) => new RegExp(`^Node${kind}(\\w*)$`).test(lastPart(b)));
  const entry = [...ONEX_KINDS[kind], ...GENERIC_ENTRY].find((m) => methods.includes(m)) ?? null;
  return { naming, base, entry };
}

/** The detector of one ONEX node kind. */
export function onexNodeDetector(kind: OnexKind): Detector {
  return {
    id: `onex_${kind.toLowerCase()}`,
    name: `ONEX ${kind} node`,
    detect({ found, source }) {
      const out: Detection[] = [];
      for (const cls of found) {
        if (cls.definition.kind !== 'class') continue;
        const methods = methodsOf(cls);
        const marks = onexMarks(cls.definition.name, baseNames(cls), [...methods.keys()], kind);
        if (!marks.entry || (!marks.naming && !marks.base)) continue;
        const specific = (ONEX_KINDS[kind] as readonly string[]).includes(marks.entry);
        if (!specific && !(marks.naming && marks.base)) continue;
        const entry = methods.get(marks.entry)!;
        out.push({
          anchor: cls,
          confidence: Math.min(
            1,
            0.5 + (marks.naming ? 0.2 : 0) + (marks.base ? 0.2 : 0) + (specific ? 0.1 : 0),
          ),
          evidence: [defLine(cls, source), defLine(entry, source)],
          participants: [
            { found: cls, role: `${kind.toLowerCase()} node` },
            { found: entry, role: 'entry point' },
          ],
        });
      }
      return out;
    },
  };
}
