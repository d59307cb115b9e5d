/**
 * Writes the similarity fingerprints of a file's patterns, inside the transaction that writes the
 * patterns (their rows must exist first: `pattern_vectors` references `patterns` and is deleted with
 * them by ON DELETE CASCADE).
 */
import type { PatternRecord } from '../core/pattern';
import type { SqlClient } from './sql-client';
import { vectorToBase64 } from './vector-codec';

const INSERT_VECTORS = `
INSERT INTO pattern_vectors (pattern_id, model, vector, ast_hash, statements, tokens)
SELECT u.id, u.model, decode(u.vector, 'base64'), u.ast_hash, u.statements, u.tokens
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
  AS u(id, model, vector, ast_hash, statements, tokens)
ON CONFLICT (pattern_id) DO UPDATE SET
model = EXCLUDED.model, vector = EXCLUDED.vector, ast_hash = EXCLUDED.ast_hash,
statements = EXCLUDED.statements, tokens = EXCLUDED.tokens
`;

/** Insert the fingerprints the patterns carry (patterns without one are skipped). */
export async function writeVectors(tx: SqlClient, patterns: readonly PatternRecord[]): Promise<void> {
  const withPrint = patterns.filter((p) => p.fingerprint !== undefined);
  if (withPrint.length === 0) return;
  await tx.query(INSERT_VECTORS, [
    withPrint.map((p) => p.id),
    withPrint.map((p) => p.fingerprint!.model),
    withPrint.map((p) => vectorToBase64(p.fingerprint!.vector)),
    withPrint.map((p) => p.fingerprint!.astHash),
    withPrint.map((p) => p.fingerprint!.statements),
    withPrint.map((p) => p.fingerprint!.tokens),
  ]);
}
