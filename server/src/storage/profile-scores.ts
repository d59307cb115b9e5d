/**
 * What a scoring profile other than the default reads and writes: the stored facts its components are
 * computed from (metrics, usage, bases, last change and use) for every pattern of a repository, and the
 * profile's total with its components (`patterns.profile_components`), written only where they changed.
 */
import type { ProfileInput, ProfileUpdate } from '../core/ports';
import type { SqlClient } from './sql-client';

const BATCH = 20_000;

const PROFILE_INPUTS = `
SELECT coalesce(json_agg(json_build_array(id, file_path, qualified_name, kind, name, complexity, has_docstring,
  fully_typed, usage_count, bases, updated_at, last_used_at, quality_score, quality_profile,
  profile_components::text))::text, '[]') AS rows
FROM patterns
WHERE repository = $1 AND ($2 OR quality_profile <> 'default')
`;

type InputTuple = [
  string,
  string,
  string,
  string,
  string,
  number,
  boolean,
  boolean,
  number,
  string[] | null,
  string | null,
  string | null,
  number,
  string,
  string | null,
];

/** Every pattern of `repository` (or, with `all` false, only those scored by a profile other than the default). */
export async function profileInputs(
  sql: SqlClient,
  repository: string,
  all: boolean,
): Promise<ProfileInput[]> {
  const [row] = await sql.query<{ rows: string }>(PROFILE_INPUTS, [repository, all]);
  return (JSON.parse(row?.rows ?? '[]') as InputTuple[]).map((t) => ({
    id: t[0],
    filePath: t[1],
    qualifiedName: t[2],
    kind: t[3],
    name: t[4],
    cyclomatic: t[5],
    hasDocstring: t[6],
    fullyTyped: t[7],
    usageCount: t[8],
    bases: t[9] ?? [],
    updatedAt: t[10],
    lastUsedAt: t[11],
    qualityScore: t[12],
    qualityProfile: t[13],
    profileComponents: t[14],
  }));
}

// `updated_at` stays: a profile's score is a view of the same pattern, and recency reads updated_at.
const APPLY_PROFILE = `
UPDATE patterns AS p SET quality_score = u.total, quality_profile = u.profile, profile_components = u.components::json
FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[]) AS u(id, total, profile, components)
WHERE p.id = u.id
`;

/** Write profile totals and components (null components for the default profile). */
export async function applyProfileScores(sql: SqlClient, updates: ProfileUpdate[]): Promise<void> {
  await sql.transaction(async (tx) => {
    for (let at = 0; at < updates.length; at += BATCH) {
      const b = updates.slice(at, at + BATCH);
      await tx.query(APPLY_PROFILE, [
        b.map((u) => u.id),
        b.map((u) => u.total),
        b.map((u) => u.profile),
        b.map((u) => u.components),
      ]);
    }
  });
}
