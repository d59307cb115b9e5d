/**
 * The shapes of Motif's custom requests' parameters, checked where they arrive: a client that sends
 * something else gets InvalidParams saying what is wrong, not an internal error from deep inside a
 * handler. Objects are not strict, since clients may add fields (a work-done token, say); handlers
 * still check what only they can (a file: URI, a known dashboard method).
 */
import { z } from 'zod';

const uri = z.string().min(1).max(10_000);
const textDocument = z.object({ uri });
const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const id = z.string().min(1).max(500);
const patternRef = z.union([z.object({ id }), z.object({ textDocument, position })], {
  error: 'expected { id } or { textDocument, position }',
});

export const requestParams = {
  pattern: patternRef,
  similar: z.intersection(patternRef, z.object({ limit: z.number().int().min(1).max(100).optional() })),
  usages: z.object({ id }),
  reindex: z.object({ full: z.boolean().optional() }),
  export: z.object({ format: z.string(), uri }),
  patterns: z.object({
    groupBy: z.enum(['type', 'category', 'designPattern']),
    sort: z.enum(['quality', 'usage', 'name']),
    limit: z.number().int().min(1).max(10_000).optional(),
  }),
  recordUsage: z.object({
    patternId: id,
    textDocument: textDocument.optional(),
    position: position.optional(),
  }),
  dashboard: z.object({ method: z.string(), params: z.unknown() }),
} satisfies Record<string, z.ZodType>;

/** The first problem of a failed check, as `field: message` (`params` for the whole value). */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid parameters';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'params';
  return `${where}: ${issue.message}`;
}
