/** The read commands: `patterns`, `show`, `search`, `stats`, `export`, `validate`. */
import fs from 'node:fs';
import path from 'node:path';
import { PATTERN_TYPES } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import { toPatternJson } from '../core/pattern-json';
import type { PatternQuery, PatternStore } from '../core/ports';
import { evaluateGates } from '../core/validate';
import { type ExportFormat, writeExport } from '../export/write-export';
import { CliError, type CliIo, EXIT, out } from './cli-context';
import { formatGraphSection, type GraphFacts } from './format-graph';
import { formatDesignTable, formatPatternCard, formatPatternTable } from './format-pattern';

/** What `show --json` adds to the pattern JSON: relationships, usage history and recent events. */
function graphJson(facts: GraphFacts): Record<string, unknown> {
  return {
    relationships: facts.relationships.map((e) => ({
      type: e.type,
      source_id: e.sourceId,
      source: e.sourceName,
      target_id: e.targetId,
      target: e.targetName,
      confidence: e.confidence,
      guess: e.isGuess,
      sites: e.sites,
      evidence: e.evidence,
    })),
    usage_history: facts.history.map((h) => ({
      run_id: h.runId,
      usage_count: h.usageCount,
      usage_files: h.usageFiles,
    })),
    usage_events: facts.events.map((e) => ({
      agent: e.agent,
      context: e.context,
      occurred_at: e.occurredAt,
    })),
  };
}

const SORTS = ['quality', 'usage', 'complexity', 'name'] as const;

/** Parse a number option in [min, max] or fail with a usage error naming it and its range. */
export function numberOption(
  name: string,
  value: string | undefined,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    const range = max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` ≥ ${min}` : '';
    throw new CliError(`${name} must be a number${range}, got "${value}"`);
  }
  return n;
}

/** `motif patterns`. */
export async function patternsCommand(
  io: CliIo,
  store: PatternStore,
  o: { type?: string; category?: string; minQuality?: string; sort?: string; limit?: string; json?: boolean },
): Promise<number> {
  if (o.sort && !(SORTS as readonly string[]).includes(o.sort)) {
    throw new CliError(`--sort must be one of ${SORTS.join(', ')}, got "${o.sort}"`);
  }
  const query: PatternQuery = {
    sort: (o.sort as PatternQuery['sort']) ?? 'quality',
    limit: numberOption('--limit', o.limit ?? '20', 1)!,
  };
  if (o.type && !(PATTERN_TYPES as readonly string[]).includes(o.type)) {
    throw new CliError(`--type must be one of ${PATTERN_TYPES.join(', ')}, got "${o.type}"`);
  }
  if (o.type) query.type = o.type;
  if (o.category) query.category = o.category;
  const minQuality = numberOption('--min-quality', o.minQuality, 0, 1);
  if (minQuality !== undefined) query.minQuality = minQuality;
  const patterns = await store.listPatterns(query);
  if (o.json) out(io, JSON.stringify(patterns.map(toPatternJson), null, 2));
  else if (patterns.length === 0) out(io, 'No patterns match.');
  else if (o.type === 'design_pattern') out(io, formatDesignTable(patterns));
  else out(io, formatPatternTable(patterns));
  return EXIT.ok;
}

/** Resolve `<id | file:line | qualified name>` to patterns. */
export async function resolvePatternRef(store: PatternStore, ref: string): Promise<PatternRecord[]> {
  const fileLine = /^(.+\.py):(\d+)$/.exec(ref);
  if (fileLine)
    return (await store.findAt(fileLine[1]!.replace(/^\.\//, ''), Number(fileLine[2]))).slice(0, 1);
  const byId = /^[0-9a-f]{16}$/.test(ref) ? await store.getPattern(ref) : null;
  if (byId) return [byId];
  return store.findByQualifiedName(ref);
}

/** `motif show`. */
export async function showCommand(
  io: CliIo,
  store: PatternStore,
  ref: string,
  o: { json?: boolean },
): Promise<number> {
  const found = await resolvePatternRef(store, ref);
  if (found.length === 0)
    throw new CliError(`no pattern matches "${ref}" (give an id, file.py:line or a qualified name)`);
  const shown = [];
  for (const p of found) {
    const facts = {
      relationships: await store.graph.relationshipsOf(p.id, { direction: 'both', limit: 50 }),
      history: await store.graph.usageHistory(p.id),
      events: await store.graph.usageEvents(p.id, 5),
    };
    shown.push({ p, facts });
  }
  if (o.json) {
    const json = shown.map(({ p, facts }) => ({ ...toPatternJson(p), ...graphJson(facts) }));
    out(io, JSON.stringify(json.length === 1 ? json[0] : json, null, 2));
  } else {
    out(
      io,
      shown.map(({ p, facts }) => `${formatPatternCard(p)}\n${formatGraphSection(p, facts)}`).join('\n\n'),
    );
  }
  return EXIT.ok;
}

/** `motif search`. */
export async function searchCommand(
  io: CliIo,
  store: PatternStore,
  text: string,
  o: { json?: boolean; limit?: string },
): Promise<number> {
  const found = await store.search(text, numberOption('--limit', o.limit ?? '20', 1)!);
  if (o.json) out(io, JSON.stringify(found.map(toPatternJson), null, 2));
  else out(io, found.length === 0 ? `Nothing matches "${text}".` : formatPatternTable(found));
  return EXIT.ok;
}

/** `motif stats`. */
export async function statsCommand(io: CliIo, store: PatternStore, o: { json?: boolean }): Promise<number> {
  const s = await store.stats();
  const edges = await store.graph.edgeCounts();
  if (o.json) {
    out(io, JSON.stringify({ store: store.location, ...s, edges }, null, 2));
    return EXIT.ok;
  }
  const lines = [
    `Store      ${store.location}`,
    `Patterns   ${s.patterns} in ${s.files} files (${s.filesSkipped} files skipped)`,
    `By type    ${Object.entries(s.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ')}`,
    `By kind    ${Object.entries(s.byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ')}`,
    `Quality    High ${s.tiers.high} · Medium ${s.tiers.medium} · Low ${s.tiers.low} · mean ${s.averageQuality?.toFixed(3) ?? 'n/a'} · sd ${s.stddevQuality?.toFixed(3) ?? 'n/a'}`,
    `Coverage   ${s.withCoverage} patterns with coverage data`,
    `Edges      ${
      Object.entries(edges)
        .map(([k, v]) => `${k} ${v}`)
        .join(' · ') || 'none'
    }`,
    'Categories',
    ...Object.entries(s.byCategory)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(22)} ${v}`),
  ];
  if (s.lastRun)
    lines.push(
      `Last run   #${s.lastRun.id} ${s.lastRun.status} at ${s.lastRun.finishedAt ?? s.lastRun.startedAt} (${s.lastRun.durationMs ?? '?'} ms)`,
    );
  out(io, lines.join('\n'));
  return EXIT.ok;
}

/**
 * `motif export`: json (an array), jsonl or csv, to stdout or a file, streamed page by page. A file is
 * written beside its target and renamed over it once complete, so a failed export leaves no half file
 * and an earlier export in its place untouched.
 */
export async function exportCommand(
  io: CliIo,
  store: PatternStore,
  o: { format?: string; out?: string },
): Promise<number> {
  const format = o.format ?? 'json';
  if (!['json', 'jsonl', 'csv'].includes(format))
    throw new CliError(`--format must be json, jsonl or csv, got "${format}"`);
  if (!o.out) {
    await writeExport(store, format as ExportFormat, writerOf(io.stdout));
    return EXIT.ok;
  }
  const file = path.resolve(io.cwd, o.out);
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(`cannot export to ${o.out}: it is a folder (give a file name)`);
  }
  const partial = `${file}.${process.pid}.partial`;
  const stream = await openForWriting(partial, o.out);
  let count: number;
  try {
    count = await writeExport(store, format as ExportFormat, writerOf(stream));
    await new Promise<void>((resolve, reject) =>
      stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    fs.renameSync(partial, file);
  } catch (error) {
    stream.destroy();
    fs.rmSync(partial, { force: true });
    throw new CliError(`cannot export to ${o.out}: ${errorText(error)}`);
  }
  io.stderr.write(`Exported ${count} patterns to ${o.out}\n`);
  return EXIT.ok;
}

/** A promise-returning writer over a stream (errors reach the promise, not an unhandled 'error' event). */
function writerOf(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  return (text) =>
    new Promise<void>((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}

/** Create `file` (which must not exist yet) for writing; a folder that is missing or not writable is a CLI error. */
async function openForWriting(file: string, shown: string): Promise<fs.WriteStream> {
  const stream = fs.createWriteStream(file, { flags: 'wx' });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw new CliError(`cannot export to ${shown}: ${errorText(error)}`);
  }
  // Later write errors reach each write's callback; without a listener the stream would also throw them.
  stream.on('error', () => {});
  return stream;
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'its folder does not exist';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e.message ?? String(error);
}

/** `motif validate`: the seeds' gates; exit 1 listing the failed ones. */
export async function validateCommand(
  io: CliIo,
  store: PatternStore,
  o: { json?: boolean },
): Promise<number> {
  const gates = evaluateGates(await store.validationFacts());
  const failed = gates.filter((g) => !g.passed);
  if (o.json) out(io, JSON.stringify({ passed: failed.length === 0, gates }, null, 2));
  else {
    for (const g of gates) out(io, `${g.passed ? 'PASS' : 'FAIL'}  ${g.gate.padEnd(24)} ${g.detail}`);
    out(
      io,
      failed.length === 0
        ? 'All gates passed.'
        : `${failed.length} gate(s) failed: ${failed.map((g) => g.gate).join(', ')}`,
    );
  }
  return failed.length === 0 ? EXIT.ok : EXIT.validation;
}
