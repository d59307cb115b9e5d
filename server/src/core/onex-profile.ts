/**
 * The second seed's scoring profile, `onex`: complexity 25 %, documentation 25 %, usage frequency 20 %
 * (min(1, usage / 10)), ONEX compliance 20 % and recency 10 %. Every component comes from stored
 * evidence and says what it was; ONEX compliance applies only to classes that present themselves as
 * ONEX nodes, and elsewhere is "not applicable": left out with the other weights renormalised, as an
 * unknown coverage is in the default profile. Documented in docs/QUALITY.md.
 */
import { ONEX_KINDS, type OnexKind, onexMarks } from './graph/detectors/onex-node';
import { complexityPart, documentationPart } from './score';

/** The profile's components, in the order they are shown. */
export const ONEX_COMPONENTS = [
  'complexity',
  'documentation',
  'usage_frequency',
  'onex_compliance',
  'recency',
] as const;
/** One component of the `onex` profile. */
export type OnexComponent = (typeof ONEX_COMPONENTS)[number];

/** The second seed's weights. */
export const ONEX_WEIGHTS: Record<OnexComponent, number> = {
  complexity: 0.25,
  documentation: 0.25,
  usage_frequency: 0.2,
  onex_compliance: 0.2,
  recency: 0.1,
};

/** Uses at which usage frequency reaches 1 (the seed's min(1, usage / 10)). */
export const USAGE_SATURATION = 10;

/** Recency bands: age in days at most → score (older than the last band → 0). */
export const RECENCY_BANDS: readonly [days: number, score: number][] = [
  [30, 1],
  [90, 0.75],
  [180, 0.5],
  [365, 0.25],
];

/** What the profile reads about one pattern (all stored). */
export interface OnexFacts {
  kind: string;
  name: string;
  cyclomatic: number;
  hasDocstring: boolean;
  fullyTyped: boolean;
  usageCount: number;
  /** For a class: its bases as written and its methods (name, fully typed). */
  bases: string[];
  methods: { name: string; fullyTyped: boolean }[];
  /** When the stored pattern last changed, and when it was last used (ISO times, or null). */
  updatedAt: string | null;
  lastUsedAt: string | null;
}

/** One component: score (null = not applicable / unknown, left out), weights, evidence. */
export interface ProfileComponent {
  score: number | null;
  weight: number;
  effectiveWeight: number;
  evidence: string;
}

/** A pattern scored by a named profile other than the default. */
export interface ProfileScore {
  profile: string;
  total: number;
  components: Record<string, ProfileComponent>;
}

type Part = { score: number | null; evidence: string };

/** min(1, usage / 10). */
export function usageFrequencyPart(usageCount: number): Part {
  const score = Math.min(1, usageCount / USAGE_SATURATION);
  return {
    score,
    evidence: `${usageCount} use${usageCount === 1 ? '' : 's'} → min(1, ${usageCount}/10) = ${round(score)}`,
  };
}

/** The ONEX kind a class presents itself as: by its `Node…<Kind>` name, else by a `Node<Kind>` base. */
export function onexKindOf(name: string, bases: string[]): OnexKind | null {
  const kinds = Object.keys(ONEX_KINDS) as OnexKind[];
  const byName = kinds.find((k) => onexMarks(name, [], [], k).naming);
  if (byName) return byName;
  return kinds.find((k) => onexMarks(name, bases, [], k).base) ?? null;
}

/**
 * ONEX compliance of a class that presents itself as a node (a `Node…<Kind>` name or a `Node<Kind>`
 * base): a quarter each for the `Node<Name><Kind>` name, the `Node<Kind>` base, the kind's entry point
 * (`execute_effect`, …) and that entry point being fully typed (inputs and output annotated).
 * Not applicable (null) to everything else.
 */
export function onexCompliancePart(f: Pick<OnexFacts, 'kind' | 'name' | 'bases' | 'methods'>): Part {
  if (f.kind !== 'class')
    return { score: null, evidence: 'not applicable: not a class (left out, weights renormalised)' };
  const kind = onexKindOf(f.name, f.bases);
  if (!kind) {
    return { score: null, evidence: 'not applicable: not an ONEX node (left out, weights renormalised)' };
  }
  const marks = onexMarks(f.name, f.bases, [], kind);
  const entry = f.methods.find((m) => (ONEX_KINDS[kind] as readonly string[]).includes(m.name)) ?? null;
  const typed = entry?.fullyTyped === true;
  const checks = [marks.naming, marks.base, entry !== null, typed];
  const score = checks.filter(Boolean).length / checks.length;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const evidence = [
    `${kind} node: name Node<Name>${kind} ${mark(marks.naming)}`,
    `base Node${kind} ${mark(marks.base)}`,
    `entry point ${entry ? entry.name : ONEX_KINDS[kind].join('/')} ${mark(entry !== null)}`,
    `typed inputs/output ${mark(typed)}`,
  ].join(', ');
  return { score, evidence: `${evidence} → ${round(score)}` };
}

/** Recency of the later of last change and last use, in bands (see `RECENCY_BANDS`); unknown without either. */
export function recencyPart(updatedAt: string | null, lastUsedAt: string | null, now: Date): Part {
  const times = [updatedAt, lastUsedAt].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  if (times.length === 0 || times.some(Number.isNaN)) {
    return { score: null, evidence: 'no change or use recorded (left out, weights renormalised)' };
  }
  const latest = Math.max(...times);
  const days = Math.max(0, (now.getTime() - latest) / 86_400_000);
  const what = lastUsedAt !== null && Date.parse(lastUsedAt) === latest ? 'last used' : 'last changed';
  const score = RECENCY_BANDS.find(([limit]) => days <= limit)?.[1] ?? 0;
  return {
    score,
    evidence: `${what} ${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'} ago → ${score}`,
  };
}

/** Score one pattern with the `onex` profile as of `now`. */
export function scoreOnex(f: OnexFacts, now: Date): ProfileScore {
  const parts: Record<OnexComponent, Part> = {
    complexity: complexityPart(f.cyclomatic),
    documentation: documentationPart(f),
    usage_frequency: usageFrequencyPart(f.usageCount),
    onex_compliance: onexCompliancePart(f),
    recency: recencyPart(f.updatedAt, f.lastUsedAt, now),
  };
  const known = ONEX_COMPONENTS.filter((c) => parts[c].score !== null);
  const knownWeight = known.reduce((s, c) => s + ONEX_WEIGHTS[c], 0);
  const components: Record<string, ProfileComponent> = {};
  let total = 0;
  for (const c of ONEX_COMPONENTS) {
    const { score, evidence } = parts[c];
    const effectiveWeight = score === null || knownWeight === 0 ? 0 : ONEX_WEIGHTS[c] / knownWeight;
    components[c] = { score, weight: ONEX_WEIGHTS[c], effectiveWeight, evidence };
    if (score !== null) total += score * effectiveWeight;
  }
  return { profile: 'onex', total: Math.round(Math.min(1, Math.max(0, total)) * 10000) / 10000, components };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
