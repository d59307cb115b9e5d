/**
 * `motif graph <pattern>`: the pattern's neighbours in both directions, breadth first up to `--depth`,
 * optionally only some relationship types; and `motif record-usage`, which records an external use.
 */
import type { PatternRecord } from '../core/pattern';
import type { PatternStore, RelationshipType, RelationshipView } from '../core/ports';
import { CliError, type CliIo, EXIT, out } from './cli-context';
import { formatEdge } from './format-graph';
import { numberOption, resolvePatternRef } from './query-commands';

const TYPES: readonly RelationshipType[] = ['USES', 'EXTENDS', 'COMPOSED_OF', 'SIMILAR_TO'];

/** Parse `--type` values (repeatable, comma-separated, any case). */
export function relationshipTypes(values: string[] | undefined): RelationshipType[] | undefined {
  if (!values || values.length === 0) return undefined;
  const out: RelationshipType[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const t = v.trim().toUpperCase();
    if (!(TYPES as readonly string[]).includes(t))
      throw new CliError(`--type must be one of ${TYPES.join(', ')}, got "${v}"`);
    out.push(t as RelationshipType);
  }
  return out;
}

/** One pattern from a reference, or a usage error that lists the candidates. */
export async function onePattern(store: PatternStore, ref: string): Promise<PatternRecord> {
  const found = await resolvePatternRef(store, ref);
  if (found.length === 0)
    throw new CliError(`no pattern matches "${ref}" (give an id, file.py:line or a qualified name)`);
  if (found.length > 1) {
    const list = found.map((p) => `${p.id} ${p.qualifiedName} ${p.filePath}:${p.lineRange[0]}`).join('\n  ');
    throw new CliError(`"${ref}" matches ${found.length} patterns; give one id:\n  ${list}`);
  }
  return found[0]!;
}

/** One edge in the printed graph: the relationship and the depth at which it was reached. */
interface Reached {
  depth: number;
  edge: RelationshipView;
}

/** `motif graph`. */
export async function graphCommand(
  io: CliIo,
  store: PatternStore,
  ref: string,
  o: { depth?: string; type?: string[]; json?: boolean; limit?: string },
): Promise<number> {
  const root = await onePattern(store, ref);
  const depth = numberOption('--depth', o.depth ?? '1', 1)!;
  if (!Number.isInteger(depth) || depth > 5)
    throw new CliError(`--depth must be a whole number 1–5, got "${o.depth}"`);
  const types = relationshipTypes(o.type);
  const limit = numberOption('--limit', o.limit ?? '200', 1)!;
  const seen = new Set([root.id]);
  const edges: Reached[] = [];
  const edgeKeys = new Set<string>();
  let frontier = [root.id];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of await store.graph.relationshipsOf(id, {
        direction: 'both',
        ...(types ? { types } : {}),
        limit,
      })) {
        const key = `${edge.sourceId}\u0000${edge.type}\u0000${edge.targetId ?? edge.targetName}`;
        if (edgeKeys.has(key)) continue;
        edgeKeys.add(key);
        edges.push({ depth: level, edge });
        for (const other of [edge.sourceId, edge.targetId]) {
          if (other && !seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
    }
    frontier = next;
  }
  if (o.json) {
    out(
      io,
      JSON.stringify(
        {
          pattern: { id: root.id, qualified_name: root.qualifiedName, file_path: root.filePath },
          depth,
          edges: edges.map(({ depth: d, edge: e }) => ({
            depth: d,
            type: e.type,
            source_id: e.sourceId,
            source: e.sourceName,
            source_file: e.sourceFile,
            target_id: e.targetId,
            target: e.targetName,
            target_file: e.targetFile,
            confidence: e.confidence,
            guess: e.isGuess,
            sites: e.sites,
            evidence: e.evidence,
          })),
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  out(
    io,
    `${root.qualifiedName}  ${root.filePath}:${root.lineRange[0]}  (${edges.length} edge${edges.length === 1 ? '' : 's'}, depth ${depth})`,
  );
  if (edges.length === 0) out(io, '  no relationships');
  for (const { depth: d, edge } of edges) out(io, `${'  '.repeat(d)}${formatEdge(edge, root.id)}`);
  return EXIT.ok;
}

/** `motif record-usage <pattern> --agent NAME [--context TEXT]`. */
export async function recordUsageCommand(
  io: CliIo,
  store: PatternStore,
  ref: string,
  o: { agent?: string; context?: string; json?: boolean },
): Promise<number> {
  const agent = o.agent?.trim();
  if (!agent) throw new CliError('--agent NAME is required (who used the pattern)');
  const pattern = await onePattern(store, ref);
  const event = await store.graph.recordUsageEvent(pattern.id, agent, o.context ?? null);
  if (!event) throw new CliError(`pattern ${pattern.id} vanished before the use was recorded`);
  const after = (await store.getPattern(pattern.id)) ?? pattern;
  if (o.json)
    out(
      io,
      JSON.stringify(
        { event, usage_count: after.usageCount, used_by_agents: after.usedByAgents ?? [] },
        null,
        2,
      ),
    );
  else
    out(
      io,
      `Recorded a use of ${pattern.qualifiedName} by ${agent}: usage ${after.usageCount}, agents ${(after.usedByAgents ?? []).join(', ')}`,
    );
  return EXIT.ok;
}
