/**
 * Runs the design-pattern detectors over one file and turns their detections into `design_pattern`
 * records (one per detection, anchored on the definition carrying it, named `Anchor@detector`) and
 * into the `design_patterns` list of every participant. A detector that throws on odd code is a bug,
 * but must not lose the file: it is reported as a problem and skipped.
 */
import type { FoundDefinition } from '../extract/definitions';
import type { Problem } from '../model';
import type { DesignRole, PatternRecord } from '../pattern';
import type { Detection, Detector, DetectorInput } from './detectors/detector';
import { DETECTORS } from './detectors/registry';
import { withSubtreeMemo } from './detectors/subtree-memo';

/** A detection with its detector. */
export interface FoundDesignPattern extends Detection {
  detector: Detector;
}

/** Run every detector (or `detectors`) over a file. */
export function detectDesignPatterns(
  input: DetectorInput,
  detectors: readonly Detector[] = DETECTORS,
): { found: FoundDesignPattern[]; problems: Problem[] } {
  const found: FoundDesignPattern[] = [];
  const problems: Problem[] = [];
  // Detectors ask the same questions of the same bodies: walk each once for the file.
  withSubtreeMemo(() => runDetectors(input, detectors, found, problems));
  return { found, problems };
}

function runDetectors(
  input: DetectorInput,
  detectors: readonly Detector[],
  found: FoundDesignPattern[],
  problems: Problem[],
): void {
  for (const detector of detectors) {
    try {
      for (const d of detector.detect(input)) found.push({ ...d, detector });
    } catch (error) {
      problems.push({
        kind: 'skipped',
        message: `design-pattern detector ${detector.id} failed: ${String(error)}`,
      });
    }
  }
}

/**
 * Add the design-pattern records and participants' roles to a file's patterns. `records` are in the
 * order of `definitions`; each record of a detection copies its anchor's record (metrics, quality)
 * with the design pattern's identity.
 */
export function withDesignPatterns(
  records: PatternRecord[],
  definitions: FoundDefinition[],
  detections: FoundDesignPattern[],
  id: (qualifiedName: string) => string,
): PatternRecord[] {
  const byDefinition = new Map(definitions.map((d, i) => [d, records[i]!]));
  const roles = new Map<PatternRecord, DesignRole[]>();
  const designs: PatternRecord[] = [];
  const names = new Set<string>();
  for (const d of detections) {
    const anchor = byDefinition.get(d.anchor);
    if (!anchor) continue;
    let qualifiedName = `${anchor.qualifiedName}@${d.detector.id}`;
    for (let n = 2; names.has(qualifiedName); n++)
      qualifiedName = `${anchor.qualifiedName}@${d.detector.id}~${n}`;
    names.add(qualifiedName);
    const confidence = Math.round(d.confidence * 100) / 100;
    for (const p of d.participants) {
      const record = byDefinition.get(p.found);
      if (!record) continue;
      const list = roles.get(record) ?? [];
      if (!list.some((r) => r.name === d.detector.name && r.role === p.role))
        list.push({ name: d.detector.name, role: p.role, confidence });
      roles.set(record, list);
    }
    designs.push({
      ...anchor,
      id: id(qualifiedName),
      qualifiedName,
      name: d.detector.name,
      patternType: 'design_pattern',
      patternName: `${d.detector.name}: ${anchor.qualifiedName}`,
      outgoing: [],
      designPatterns: [],
      designDetail: {
        detector: d.detector.id,
        confidence,
        evidence: d.evidence,
        participants: d.participants
          .filter((p) => byDefinition.has(p.found))
          .map((p) => ({ qualifiedName: p.found.definition.qualifiedName, role: p.role })),
      },
    });
  }
  const participants = records.map((r) => (roles.has(r) ? { ...r, designPatterns: roles.get(r)! } : r));
  return [...participants, ...designs];
}
