/**
 * `motif similar <pattern | file:line>`: the patterns most like a given one, best first; with `--from`
 * many targets and with `--pairs` many pairs answered in one process (JSON lines), so scripts and the
 * clone benchmark need not start it once per question.
 */
import fs from 'node:fs';
import { toPatternJson } from '../core/pattern-json';
import type { VectorFilter } from '../core/ports';
import { pairSimilarity, type SimilarPattern, similarPatterns } from '../core/similarity/find-similar';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../core/similarity/fingerprint';
import type { Storage } from '../storage/open-storage';
import { CliError, type CliIo, EXIT, out } from './cli-context';
import { numberOption, resolvePatternRef } from './query-commands';
import { openVectorIndex, type VectorIndexOptions } from './vector-index-choice';

/** Options of `motif similar`. */
export interface SimilarCommandOptions extends VectorIndexOptions {
  k?: string;
  minQuality?: string;
  json?: boolean;
  from?: string;
  pairs?: string;
}

function readLines(file: string, flag: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function resultJson(results: SimilarPattern[]) {
  return results.map((r) => ({ similarity: r.similarity, pattern: toPatternJson(r.pattern) }));
}

async function resolveOne(storage: Storage, ref: string): Promise<string> {
  const found = await resolvePatternRef(storage.store, ref);
  if (found.length === 0)
    throw new CliError(`no pattern matches "${ref}" (give an id, file.py:line or a qualified name)`);
  if (found.length > 1)
    throw new CliError(
      `"${ref}" names ${found.length} patterns; give an id or file.py:line (e.g. ${found[0]!.id})`,
    );
  return found[0]!.id;
}

/** `motif similar`. */
export async function similarCommand(
  io: CliIo,
  storage: Storage,
  target: string | undefined,
  o: SimilarCommandOptions,
): Promise<number> {
  const k = numberOption('--k', o.k ?? '10', 1)!;
  const minQuality = numberOption('--min-quality', o.minQuality, 0, 1);
  const filter: VectorFilter = minQuality === undefined ? {} : { minQuality };
  const given = [target !== undefined, o.from !== undefined, o.pairs !== undefined].filter(Boolean).length;
  if (given !== 1)
    throw new CliError('give exactly one of <pattern | file:line>, --from FILE or --pairs FILE');
  if (o.pairs !== undefined) {
    for (const line of readLines(o.pairs, '--pairs')) {
      const [a, b, extra] = line.split(/\s+/);
      if (!a || !b || extra !== undefined) {
        out(
          io,
          JSON.stringify({
            a: a ?? null,
            b: b ?? null,
            similarity: null,
            similar: false,
            error: 'expected two targets on a line',
          }),
        );
        continue;
      }
      try {
        const pair = await pairSimilarity(
          storage.similarity,
          await resolveOne(storage, a),
          await resolveOne(storage, b),
        );
        out(
          io,
          JSON.stringify({
            a,
            b,
            similarity: pair?.similarity ?? null,
            similar: pair?.similar ?? false,
            ...(pair ? {} : { error: 'no similarity vector stored (re-index)' }),
          }),
        );
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        out(io, JSON.stringify({ a, b, similarity: null, similar: false, error: error.message }));
      }
    }
    return EXIT.ok;
  }
  const index = await openVectorIndex(io, storage, o);
  try {
    if (o.from !== undefined) {
      for (const line of readLines(o.from, '--from')) {
        try {
          const results = await similarPatterns({ ...storage, index }, await resolveOne(storage, line), {
            k,
            filter,
          });
          out(
            io,
            JSON.stringify({
              target: line,
              results: results ? resultJson(results) : [],
              ...(results ? {} : { error: 'no similarity vector stored (re-index)' }),
            }),
          );
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          out(io, JSON.stringify({ target: line, results: [], error: error.message }));
        }
      }
      return EXIT.ok;
    }
    const id = await resolveOne(storage, target!);
    const results = await similarPatterns({ ...storage, index }, id, { k, filter });
    if (!results)
      throw new CliError(`pattern ${id} has no similarity vector: re-index with \`motif index --full\``);
    if (o.json) out(io, JSON.stringify(resultJson(results), null, 2));
    else out(io, results.length === 0 ? 'No similar patterns.' : formatSimilar(results));
    return EXIT.ok;
  } finally {
    await index.close();
  }
}

function formatSimilar(results: SimilarPattern[]): string {
  const rows = results.map((r) =>
    [
      r.similarity.toFixed(3).padStart(10),
      r.pattern.quality.total.toFixed(2).padStart(7),
      `${r.similarity >= DEFAULT_SIMILARITY_THRESHOLD ? '*' : ' '}`,
      `${r.pattern.qualifiedName}  ${r.pattern.filePath}:${r.pattern.lineRange[0]}`,
    ].join('  '),
  );
  return [
    ['SIMILARITY', 'QUALITY', ' ', 'PATTERN'].join('  '),
    ...rows,
    `(* at or above the default threshold ${DEFAULT_SIMILARITY_THRESHOLD})`,
  ].join('\n');
}
