/**
 * What the usage pass reads: a few columns of every pattern of a repository, and every file's import
 * references. Tens of thousands of rows: drivers decode results field by field in JavaScript, so the
 * patterns come back as one value (binary COPY on PGlite, one JSON text elsewhere), never as rows.
 */
import { QUALITY_COMPONENTS } from '../core/model';
import type { PatternRecord } from '../core/pattern';
import type { FileReference, UsageInput } from '../core/ports';
import { type BinaryCopyReader, copyOutWith, SET_REPOSITORY } from './copy-binary';
import { parseImportRefs } from './file-refs';
import type { SqlClient } from './sql-client';

/** The columns read, in the order both forms give them: components as score then weight. */
const USAGE_COLUMNS = `id, file_path, qualified_name, kind, usage_count, usage_files, reusability_evidence,
  ${QUALITY_COMPONENTS.map((c) => `${c}_score, ${c}_weight`).join(', ')}`;

/** The portable form: one JSON array per pattern, aggregated into a single text value. */
const USAGE_INPUTS = `
SELECT coalesce(json_agg(json_build_array(${USAGE_COLUMNS}))::text, '[]') AS inputs
FROM patterns
WHERE repository = $1
`;

/** PGlite's form: binary COPY, which the server writes without formatting a single number. */
const COPY_USAGE_INPUTS = `
COPY (
  SELECT ${USAGE_COLUMNS}
  FROM patterns
  WHERE repository = current_setting('motif.repository')
) TO '/dev/blob' WITH (FORMAT binary)
`;

type UsageTuple = [
  id: string,
  filePath: string,
  qualifiedName: string,
  kind: PatternRecord['kind'],
  usageCount: number,
  usageFiles: number,
  reusabilityEvidence: string,
  ...scoresAndWeights: (number | null)[],
];

/** The minimum the usage pass needs about every pattern of `repository`, in no particular order. */
export async function usageInputs(sql: SqlClient, repository: string): Promise<UsageInput[]> {
  if (sql.copyTo) {
    return fromCopy(await copyOutWith(sql, SET_REPOSITORY, [repository], COPY_USAGE_INPUTS));
  }
  const [row] = await sql.query<{ inputs: string }>(USAGE_INPUTS, [repository]);
  return (JSON.parse(row?.inputs ?? '[]') as UsageTuple[]).map((t) => {
    const numbers = t.slice(7) as (number | null)[];
    return input(t, (i) => numbers[i] ?? null);
  });
}

function fromCopy(reader: BinaryCopyReader): UsageInput[] {
  const inputs: UsageInput[] = [];
  while (reader.row()) {
    const fields: UsageTuple = [
      reader.text()!,
      reader.text()!,
      reader.text()!,
      reader.text() as PatternRecord['kind'],
      reader.int4()!,
      reader.int4()!,
      reader.text()!,
    ];
    inputs.push(input(fields, () => reader.float8()));
  }
  return inputs;
}

/** A usage input from its first seven fields; `number(i)` gives the i-th score-or-weight, in order. */
function input(t: UsageTuple, number: (i: number) => number | null): UsageInput {
  const components = {} as UsageInput['components'];
  const weights = {} as UsageInput['weights'];
  QUALITY_COMPONENTS.forEach((c, i) => {
    components[c] = number(2 * i);
    weights[c] = number(2 * i + 1) ?? 0;
  });
  return {
    id: t[0],
    filePath: t[1],
    qualifiedName: t[2],
    kind: t[3],
    components,
    weights,
    usageCount: t[4],
    usageFiles: t[5],
    reusabilityEvidence: t[6],
  };
}

// The JSON comes back as text so the driver does not parse it before `parseImportRefs` does.
const REFERENCES = `
SELECT path, import_refs::text AS import_refs
FROM files
WHERE repository = $1 AND import_refs::text <> '[]'
ORDER BY path COLLATE "C"
`;

/** Every reference of every file of `repository`, with the referencing file, by file path. */
export async function references(
  sql: SqlClient,
  repository: string,
): Promise<(FileReference & { fromPath: string })[]> {
  const rows = await sql.query<{ path: string; import_refs: string }>(REFERENCES, [repository]);
  return rows.flatMap((r) => parseImportRefs(r.path, r.import_refs));
}
