/**
 * Writes one `##` section of docs/ACCURACY.md (shared by the graph and similarity benchmarks) between
 * `<!-- accuracy:NAME -->` markers, leaving the other sections alone.
 */
import path from 'node:path';
import { writeMarkedSection } from '../../test/helpers/marked-section';
import { ROOT } from '../common';

const FILE = path.join(ROOT, 'docs/ACCURACY.md');
const HEADER = '# Accuracy\n\nMeasured by the benchmarks (`npm run bench`); each section says how.\n';

/** Replace (or append) section `name` of docs/ACCURACY.md. */
export function writeAccuracySection(name: string, markdown: string): void {
  writeMarkedSection(FILE, { prefix: 'accuracy', name }, markdown, HEADER);
}
