/**
 * What a design-pattern detector is: a function from a file's definitions (with their syntax nodes)
 * to detections, each with a confidence, the evidence lines it rests on and its participants.
 * Shared syntax helpers live in syntax-facts.ts; the list of detectors in registry.ts.
 */
import type { FoundDefinition } from '../../extract/definitions';
import type { ImportBinding } from '../../model';
import type { SyntaxNode } from '../../syntax-tree';

/** What every detector sees of one file. */
export interface DetectorInput {
  /** Every definition of the file, outermost first (as extraction returns them). */
  found: FoundDefinition[];
  source: string;
  imports: ImportBinding[];
  root: SyntaxNode;
}

/** One evidence line: 1-based line number and the line's text, trimmed. */
export interface EvidenceLine {
  line: number;
  text: string;
}

/** One detected instance of a design pattern. */
export interface Detection {
  /** The definition that carries it (its record anchors the design-pattern record). */
  anchor: FoundDefinition;
  /** 0–1: how much of the pattern's shape the evidence shows. */
  confidence: number;
  evidence: EvidenceLine[];
  /** Definitions taking part, with their role (the anchor included). */
  participants: { found: FoundDefinition; role: string }[];
}

/** A detector: one design pattern, one file. */
export interface Detector {
  /** Stable id, snake_case (`singleton`); also the label in the fixture set. */
  id: string;
  /** The design pattern's display name (`Singleton`). */
  name: string;
  detect(input: DetectorInput): Detection[];
}
